// What the IP deal activities are built from: the same dependencies as the case activities.
export type { SpinoutCaseDeps as IpDealDeps, DbDeps, DbClockDeps } from '../spinout-case/deps';
