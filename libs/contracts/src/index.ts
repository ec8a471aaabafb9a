export * from './subjects.js';
export * from './errors.js';
