import { z } from 'zod';
import { isIsoDate } from '../calendar/iso-date';
import { ZUnifiedSocialCreditCode } from '../identifiers/unified-social-credit-code';
import { ZNonNegativeFen } from '../money/fen';
import { IP_ASSET_KINDS, IP_OWNERSHIPS } from '../spinout/spinout-request';
import { EXCLUSIVITIES, ROYALTY_PERIODS, SUBLICENSING, ZDealMode, ZPricingMethod } from './deal-mode';

/**
 * An IP deal (转让 / 许可 / 作价投资) in two strengths, like the spin-out request:
 * - `ZDealDraft`: what can be saved at any time; present fields must be well-formed.
 * - `dealSubmissionSchema({ profile })` (deal-submission.ts): what can be submitted.
 * Amounts are integer fen; shares are basis points (10000 = 100%). Messages name the field.
 */

const BP_WHOLE = 10_000;

const text = (field: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) })
    .trim()
    .min(1, { error: `${field} is required` })
    .max(max, { error: `${field} must be at most ${max} characters` });

const fen = (field: string) => ZNonNegativeFen.meta({ description: `${field}, in fen (¥0.01)` });
const bp = (field: string, min = 0) =>
  z
    .int({ error: `${field} must be a whole number of basis points (10000 = 100%)` })
    .min(min, { error: `${field} must be at least ${min}` })
    .max(BP_WHOLE, { error: `${field} must be at most 10000` });
const days = (field: string, min: number, max: number) =>
  z
    .int({ error: `${field} must be a whole number of days` })
    .min(min, { error: `${field} must be at least ${min}` })
    .max(max, { error: `${field} must be at most ${max}` });
const isoDate = (field: string) =>
  z.string({ error: `${field} must be a date as YYYY-MM-DD` }).refine(isIsoDate, { error: `${field} must be a real date as YYYY-MM-DD` });

export const ZCounterparty = z.object(
  {
    name: text('counterparty.name', 200),
    unifiedSocialCreditCode: ZUnifiedSocialCreditCode,
    /** The licensee's contact, who receives royalty-report reminders. */
    contactName: text('counterparty.contactName', 100).optional(),
    contactEmail: z.email({ error: 'counterparty.contactEmail must be an e-mail address' }).optional(),
  },
  { error: (issue) => (issue.input === undefined ? 'counterparty is required' : 'counterparty must be an object') },
);

/** An asset of the deal: an existing IP asset by id (e.g. from the spin-out case), or a new one. */
export const ZDealAsset = z
  .object({
    ipAssetId: z.uuid({ error: 'assets[].ipAssetId must be an IP asset id' }).optional(),
    kind: z.enum(IP_ASSET_KINDS, { error: `assets[].kind must be one of ${IP_ASSET_KINDS.join(', ')}` }).optional(),
    title: text('assets[].title', 300).optional(),
    number: text('assets[].number', 100).optional(),
    ownership: z.enum(IP_OWNERSHIPS, { error: `assets[].ownership must be one of ${IP_OWNERSHIPS.join(', ')}` }).optional(),
    /** This asset's share of the deal's income, for the later split across assets. */
    allocationBp: bp('assets[].allocationBp', 1),
  })
  .refine((asset) => asset.ipAssetId !== undefined || (asset.kind !== undefined && asset.title !== undefined), {
    error: 'assets[] needs an ipAssetId, or a kind and a title for a new asset',
  });

export const ZDealTeamMember = z
  .object({
    personId: z.uuid({ error: 'team[].personId must be a person id' }).optional(),
    name: text('team[].name', 100).optional(),
    contributionShareBp: bp('team[].contributionShareBp', 1),
    /** 主要贡献人 (main contributor), for profiles that guarantee them part of the reward. */
    mainContributor: z.boolean({ error: 'team[].mainContributor must be true or false' }).default(false),
    /** A role or shareholding in the counterparty, in words; present = a conflict of interest. */
    counterpartyInterest: text('team[].counterpartyInterest', 500).optional(),
  })
  .refine((member) => member.personId !== undefined || member.name !== undefined, { error: 'team[] member needs a personId or a name' });

export const ZMilestone = z.object({
  event: text('terms.milestones[].event', 300),
  amountFen: fen('terms.milestones[].amountFen'),
  /** Payment falls due this many calendar days after the event is recorded. */
  dueDaysAfterEvent: days('terms.milestones[].dueDaysAfterEvent', 0, 3_650).default(30),
  /** When the event is expected, if known (for planning only). */
  expectedOn: isoDate('terms.milestones[].expectedOn').optional(),
});

export const ZRunningRoyalty = z.object({
  /** Royalty in basis points of net sales: 350 = 3.5%. */
  rateBp: bp('terms.royalty.rateBp', 1),
  reportingPeriod: z.enum(ROYALTY_PERIODS, { error: `terms.royalty.reportingPeriod must be one of ${ROYALTY_PERIODS.join(', ')}` }),
  /** The licensee reports (and pays) within this many calendar days after a period ends. */
  reportDueDays: days('terms.royalty.reportDueDays', 1, 365).default(30),
});

export const ZEquityTerms = z.object({
  /** Agreed value of the contributed result (作价金额), in fen. */
  valuationFen: fen('terms.equity.valuationFen'),
  /** Shares the institution receives for it (integer count), and what part of the company that is. */
  shares: z.int({ error: 'terms.equity.shares must be a whole number of shares' }).min(1, { error: 'terms.equity.shares must be at least 1' }),
  companyShareBp: bp('terms.equity.companyShareBp', 1),
});

export const ZDealTerms = z.object({
  /** Licences only. */
  exclusivity: z.enum(EXCLUSIVITIES, { error: `terms.exclusivity must be one of ${EXCLUSIVITIES.join(', ')}` }).optional(),
  fieldOfUse: text('terms.fieldOfUse', 1_000).optional(),
  territory: text('terms.territory', 300).optional(),
  /** Licence term in months from the effective date; transfers and equity have none. */
  termMonths: z
    .int({ error: 'terms.termMonths must be a whole number of months' })
    .min(1, { error: 'terms.termMonths must be at least 1' })
    .max(600, { error: 'terms.termMonths must be at most 600 (50 years)' })
    .optional(),
  /** First day the contract is in force; defaults to the signing date. */
  effectiveOn: isoDate('terms.effectiveOn').optional(),
  upfrontFeeFen: fen('terms.upfrontFeeFen').default(0),
  /** Upfront fee due this many calendar days after signing. */
  upfrontDueDays: days('terms.upfrontDueDays', 0, 365).default(30),
  milestones: z.array(ZMilestone).max(50, { error: 'terms.milestones may list at most 50 items' }).default([]),
  royalty: ZRunningRoyalty.optional(),
  minimumAnnualRoyaltyFen: fen('terms.minimumAnnualRoyaltyFen').optional(),
  equity: ZEquityTerms.optional(),
  sublicensing: z.enum(SUBLICENSING, { error: `terms.sublicensing must be one of ${SUBLICENSING.join(', ')}` }).default('NONE'),
  /** Patent costs the counterparty reimburses (申请费、年费), in fen. */
  patentCostReimbursementFen: fen('terms.patentCostReimbursementFen').default(0),
  terminationConditions: text('terms.terminationConditions', 5_000).optional(),
});

/** Everything a draft may hold; submission adds the rules of deal-submission.ts. */
export const ZDealDraft = z.object({
  title: text('title', 200),
  mode: ZDealMode,
  pricingMethod: ZPricingMethod,
  /** The spin-out case this deal belongs to, if any. */
  caseId: z.uuid({ error: 'caseId must be a case id' }).optional(),
  counterparty: ZCounterparty.partial().optional(),
  assets: z.array(ZDealAsset).max(100, { error: 'assets may list at most 100 items' }).default([]),
  team: z.array(ZDealTeamMember).max(100, { error: 'team may list at most 100 members' }).default([]),
  terms: ZDealTerms.default({ upfrontFeeFen: 0, upfrontDueDays: 30, milestones: [], sublicensing: 'NONE', patentCostReimbursementFen: 0 }),
  /** Documents uploaded to the deal that the rules may require. */
  valuationReportDocumentId: z.uuid({ error: 'valuationReportDocumentId must be a document id' }).optional(),
  conflictDisclosureDocumentId: z.uuid({ error: 'conflictDisclosureDocumentId must be a document id' }).optional(),
});

export type TDealDraft = z.infer<typeof ZDealDraft>;
export type TDealDraftInput = z.input<typeof ZDealDraft>;
export type TDealTerms = z.infer<typeof ZDealTerms>;
export type TDealAsset = z.infer<typeof ZDealAsset>;
export type TDealTeamMember = z.infer<typeof ZDealTeamMember>;
export type TMilestone = z.infer<typeof ZMilestone>;
