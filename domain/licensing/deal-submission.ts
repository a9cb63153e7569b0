import { z } from 'zod';
import type { TPolicyProfile } from '../policy/policy-profile';
import { ZCounterparty, ZDealDraft, ZDealTerms } from './deal-draft';
import { DEAL_MODE_LABELS } from './deal-mode';

/**
 * What a deal needs to be submitted, under one policy profile. On top of the draft's field
 * rules: a counterparty with a valid 统一社会信用代码; at least one asset and one team member,
 * each list summing to exactly 10000 bp; the terms each mode needs (a licence: exclusivity,
 * field, territory, term; 作价投资: the equity terms; a transfer: no running royalty); a value
 * above zero; the valuation report where the profile requires one; and a conflict-of-interest
 * disclosure document whenever a team member has an interest in the counterparty.
 */
export function dealSubmissionSchema({ profile }: { profile: TPolicyProfile }) {
  return ZDealDraft.extend({ counterparty: ZCounterparty, terms: ZDealTerms }).superRefine((deal, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const mode = DEAL_MODE_LABELS[deal.mode];

    if (deal.assets.length === 0) issue(['assets'], 'assets needs at least one IP asset');
    else {
      const total = deal.assets.reduce((sum, asset) => sum + asset.allocationBp, 0);
      if (total !== 10_000) issue(['assets'], `assets allocationBp must add up to exactly 10000 (100%), got ${total}`);
      const seen = new Set<string>();
      deal.assets.forEach((asset, index) => {
        if (asset.ipAssetId === undefined) return;
        if (seen.has(asset.ipAssetId)) issue(['assets', index, 'ipAssetId'], `assets[${index}].ipAssetId is listed twice`);
        seen.add(asset.ipAssetId);
      });
    }

    if (deal.team.length === 0) issue(['team'], 'team needs at least one member');
    else {
      const total = deal.team.reduce((sum, member) => sum + member.contributionShareBp, 0);
      if (total !== 10_000) issue(['team'], `team contributionShareBp must add up to exactly 10000 (100%), got ${total}`);
      const seen = new Set<string>();
      deal.team.forEach((member, index) => {
        if (member.personId === undefined) return;
        if (seen.has(member.personId)) issue(['team', index, 'personId'], `team[${index}].personId is listed twice`);
        seen.add(member.personId);
      });
    }

    const { terms } = deal;
    if (deal.mode === 'LICENCE') {
      if (terms.exclusivity === undefined) issue(['terms', 'exclusivity'], 'terms.exclusivity is required for a licence');
      if (terms.fieldOfUse === undefined) issue(['terms', 'fieldOfUse'], 'terms.fieldOfUse is required for a licence');
      if (terms.territory === undefined) issue(['terms', 'territory'], 'terms.territory is required for a licence');
      if (terms.termMonths === undefined) issue(['terms', 'termMonths'], 'terms.termMonths is required for a licence');
    } else {
      if (terms.royalty !== undefined) issue(['terms', 'royalty'], `terms.royalty applies to licences only, not to ${mode.en} (${mode.zh})`);
      if (terms.minimumAnnualRoyaltyFen !== undefined) {
        issue(['terms', 'minimumAnnualRoyaltyFen'], `terms.minimumAnnualRoyaltyFen applies to licences only, not to ${mode.en} (${mode.zh})`);
      }
      if (terms.exclusivity !== undefined) issue(['terms', 'exclusivity'], `terms.exclusivity applies to licences only, not to ${mode.en} (${mode.zh})`);
    }
    if (deal.mode === 'EQUITY' && terms.equity === undefined) issue(['terms', 'equity'], 'terms.equity (valuation, shares, company share) is required for 作价投资');
    if (deal.mode !== 'EQUITY' && terms.equity !== undefined) issue(['terms', 'equity'], 'terms.equity applies to 作价投资 (EQUITY) only');
    if (terms.minimumAnnualRoyaltyFen !== undefined && terms.royalty === undefined) {
      issue(['terms', 'minimumAnnualRoyaltyFen'], 'terms.minimumAnnualRoyaltyFen needs a running royalty (terms.royalty)');
    }

    const hasValue =
      terms.upfrontFeeFen > 0 ||
      terms.milestones.some((milestone) => milestone.amountFen > 0) ||
      terms.royalty !== undefined ||
      (terms.equity?.valuationFen ?? 0) > 0;
    if (!hasValue) issue(['terms'], 'terms must provide for some payment: an upfront fee, a milestone, a royalty or equity');

    if (profile.licensing.valuationReportRequiredFor.includes(deal.mode) && deal.valuationReportDocumentId === undefined) {
      issue(
        ['valuationReportDocumentId'],
        `valuationReportDocumentId is required: policy ${profile.key} v${profile.version} requires a valuation report for ${mode.en} (${mode.zh})`,
      );
    }
    const conflicted = deal.team.filter((member) => member.counterpartyInterest !== undefined);
    if (conflicted.length > 0 && deal.conflictDisclosureDocumentId === undefined) {
      issue(
        ['conflictDisclosureDocumentId'],
        `conflictDisclosureDocumentId is required: ${conflicted.map((member) => member.name ?? member.personId).join(', ')} declared an interest in the counterparty`,
      );
    }
  });
}

export type TDealSubmission = z.infer<ReturnType<typeof dealSubmissionSchema>>;
