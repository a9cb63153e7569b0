// The full check a deal must pass to be submitted (or amended), under the policy profile the
// deal started with: domain/licensing's dealSubmissionSchema. The workflow checks the same in
// its validator; checking here first answers without a round trip and names every field.
import type { Db } from '../../activities/infra/db';
import { AppError } from '../../domain/errors';
import { dealSubmissionSchema, type TDealDraft } from '../../domain/licensing';
import { ZPolicyProfile, type TPolicyProfile } from '../../domain/policy';
import { issuesFromZodError } from '../../domain/validation';
import { validationError } from '../errors';

export async function dealPolicyProfile(db: Db, policyProfileId: string): Promise<TPolicyProfile> {
  const row = await db.policyProfile.findUniqueOrThrow({ where: { id: policyProfileId }, select: { id: true, version: true, rules: true } });
  const parsed = ZPolicyProfile.safeParse(row.rules);
  if (!parsed.success) throw new AppError('INTERNAL', `Policy profile ${row.id} (v${row.version}) does not validate: ${parsed.error.message}`);
  return parsed.data;
}

export async function assertSubmittable(db: Db, deal: { policyProfileId: string }, draft: TDealDraft): Promise<void> {
  const profile = await dealPolicyProfile(db, deal.policyProfileId);
  const parsed = dealSubmissionSchema({ profile }).safeParse(draft);
  if (!parsed.success) throw validationError(issuesFromZodError(parsed.error).map(({ path, message }) => ({ path: path || '(body)', message })));
}
