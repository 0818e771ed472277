export * from './json-body-parser';
export * from './problem';
export * from './problem-details.filter';
export * from './validate';
export * from './validated.pipe';
