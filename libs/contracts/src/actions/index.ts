export * from './action-catalogue';
export * from './catalogue';
export * from './catalogue-extensions';
