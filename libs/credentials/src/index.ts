export * from './aes-gcm';
export * from './envelope';
export * from './local-key-wrapper';
export * from './sealed-secret';
