export * from './subjects.js';
export * from './errors.js';
export * from './instance.js';
export * from './commands.js';
export * from './messages.js';
export * from './events.js';
export * from './webhooks.js';
export * from './event-schemas.js';
