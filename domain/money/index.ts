export * from './fen';
export * from './parse-cny';
export * from './format-cny';
export * from './allocate-largest-remainder';
