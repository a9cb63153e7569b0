export * from './deal-mode';
export * from './deal-draft';
export * from './deal-value';
export * from './deal-submission';
export * from './deal-approval-steps';
export * from './conflicts';
export * from './royalty-periods';
export * from './exchange-price';
