// The retention rules a clock runs under: those of the policy profile version it records
// (PolicyProfile of its institution with version = clock.profileVersion; an admin's
// apply-profile moves a clock to a newer version), and the working-day calendar.
import type { Db } from '../../activities/infra/db';
import { loadCalendar } from '../../activities/spinout-case/load-calendar';
import type { CalendarDay } from '../../domain/calendar';
import { defaultPolicyProfile, ZRetentionPolicy } from '../../domain/policy';
import type { RetentionRules } from '../../workflows/contracts/retention-clock';

export const rulesKey = (institutionId: string, version: number) => `${institutionId}:v${version}`;

/**
 * The retention rules of each (institution, version) asked for. A version whose row is missing
 * or no longer validates falls back to the default profile's rules (logged): the HR view and
 * the feed must still show every expiry, even when a reminder date may then be off.
 */
export async function loadRetentionRules(db: Db, wanted: readonly { institutionId: string; profileVersion: number }[]): Promise<Map<string, RetentionRules>> {
  const pairs = [...new Map(wanted.map((w) => [rulesKey(w.institutionId, w.profileVersion), w])).values()];
  const found = new Map<string, RetentionRules>();
  if (pairs.length === 0) return found;
  const rows = await db.policyProfile.findMany({
    where: { OR: pairs.map(({ institutionId, profileVersion }) => ({ institutionId, version: profileVersion })) },
    select: { id: true, institutionId: true, version: true, rules: true },
  });
  for (const row of rows) {
    const parsed = ZRetentionPolicy.safeParse((row.rules as { retention?: unknown } | null)?.retention);
    if (parsed.success) found.set(rulesKey(row.institutionId, row.version), parsed.data);
    else console.error(`Policy profile ${row.id} (v${row.version}) has invalid retention rules; using the default profile's`);
  }
  for (const { institutionId, profileVersion } of pairs) {
    const key = rulesKey(institutionId, profileVersion);
    if (!found.has(key)) found.set(key, defaultPolicyProfile.retention);
  }
  return found;
}

export const loadWorkingDayCalendar = (db: Db): Promise<CalendarDay[]> => loadCalendar({ db });
