export * from './spinout-mode';
export * from './spinout-request';
export * from './case-state';
