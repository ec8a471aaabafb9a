export * from './signature.js';
export * from './url-policy.js';
export * from './event-filter.js';
export * from './secret-box.js';
