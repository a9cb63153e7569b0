import type { SpinoutMode } from '../spinout/spinout-mode';
import type { TPolicyProfile } from './policy-profile';

/**
 * The longest duration a profile allows for a mode, before any extension; null = no limit.
 * LEAVE is bounded by the retention clock; PART_TIME by its own limit.
 */
export function maxDurationMonths({ profile, mode }: { profile: TPolicyProfile; mode: SpinoutMode }): number | null {
  return mode === 'LEAVE' ? profile.retention.maxLeaveMonths : profile.eligibility.maxPartTimeMonths;
}
