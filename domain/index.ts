/**
 * domain/: pure TypeScript shared by workflows, activities and the API. No Node built-ins,
 * no clock, no randomness, no I/O — "now" is always passed in — so every export is safe to
 * import from deterministic Temporal workflow code.
 */
export * from './errors';
export * from './validation';
export * from './localized-text';
export * from './calendar';
export * from './money';
export * from './identifiers';
export * from './policy';
export * from './spinout';
export * from './settlement';
export * from './licensing';
export * from './csv';
