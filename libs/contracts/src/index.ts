export * from './subjects.js';
export * from './errors.js';
export * from './instance.js';
export * from './commands.js';
export * from './events.js';
