import { AppError } from '../errors';
import { assertFen, type Fen } from '../money/fen';
import type { TLicensingTier, TPolicyProfile } from './policy-profile';

/** The approval tier for a licence / transfer / equity deal worth `amountFen` (total contract value). */
export function licensingApproverFor({ profile, amountFen }: { profile: TPolicyProfile; amountFen: Fen }): TLicensingTier {
  assertFen(amountFen, 'amountFen');
  if (amountFen < 0) throw new AppError('VALIDATION_FAILED', 'amountFen must not be negative');
  const tier = profile.licensing.approvalTiers.find((t) => t.upToFen === null || amountFen <= t.upToFen);
  if (tier === undefined) {
    // The schema requires an open-ended last tier, so this means an unvalidated profile.
    throw new AppError('INTERNAL', `Policy profile ${profile.key}@${profile.version} has no tier for ${amountFen} fen`);
  }
  return tier;
}
