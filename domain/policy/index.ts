export * from './role';
export * from './policy-profile';
export * from './default-policy-profile';
export * from './max-duration-months';
export * from './check-eligibility';
export * from './licensing-approver-for';
