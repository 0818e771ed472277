export * from './aes-gcm';
export * from './credentials-config';
export * from './envelope';
export * from './local-key-wrapper';
export * from './sealed-secret';
