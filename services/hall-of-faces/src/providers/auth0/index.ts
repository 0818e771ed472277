export * from './auth0-connection-check';
export * from './auth0-directory-reader';
export * from './auth0-directory-writer';
export * from './auth0-snapshots';
