export * from './unified-social-credit-code';
