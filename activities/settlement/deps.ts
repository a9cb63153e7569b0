// What the settlement activities are built from (the same infrastructure as the case's).
import type { SpinoutCaseDeps } from '../spinout-case/deps';

export type SettlementDeps = SpinoutCaseDeps;
