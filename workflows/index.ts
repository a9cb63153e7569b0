// Every workflow the worker registers; the worker bundles this file (workflowsPath).
export * from './smoke';
export * from './spinout-case';
export * from './retention-clock';
export * from './ip-deal';
export * from './settlement';
