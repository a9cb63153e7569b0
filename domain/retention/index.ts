export * from './retention-expiry';
export * from './retention-reminders';
export * from './annual-reports';
export * from './check-extension';
export * from './days-left';
