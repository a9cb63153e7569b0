// Request and response shapes of /deals (IP licensing, transfer and equity investment). The
// draft's shape comes from domain/licensing (ZDealDraft), extended here rather than annotated
// there. Money is integer fen (¥0.01) everywhere: `amountFen: 150000000` is ¥1,500,000.00.
import { z } from '@hono/zod-openapi';
import { isIsoDate } from '../../domain/calendar';
import { DEAL_MODES, PRICING_METHODS, ZDealDraft } from '../../domain/licensing';
import type { DealStatus } from '../../workflows/contracts/ip-deal';
import { ZCaseNotice, ZTask, ZTimelineEntry } from './cases.schemas';
import { ZId, ZIsoDateString, ZPageMeta, ZPageQuery, ZPersonRef, ZTimestamp } from './common.schemas';
import { ZDocument } from './documents.schemas';

export const DEAL_STATUSES = [
  'DRAFT',
  'IN_REVIEW',
  'RETURNED',
  'PUBLICITY',
  'OBJECTION_REVIEW',
  'EXCHANGE',
  'CONTRACT',
  'ACTIVE',
  'REJECTED',
  'WITHDRAWN',
  'TERMINATED',
  'EXPIRED',
  'COMPLETED',
] as const satisfies readonly DealStatus[];
// Every status of the contract is listed: a status added there fails to compile here.
export const DEAL_STATUSES_COMPLETE: [Exclude<DealStatus, (typeof DEAL_STATUSES)[number]>] extends [never] ? true : never = true;

export const ZDealStatus = z.enum(DEAL_STATUSES);
export const ZDealModeOut = z.enum(DEAL_MODES);
export const ZPricingMethodOut = z.enum(PRICING_METHODS);

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, { error: `${field} is required` })
    .max(max, { error: `${field} must be at most ${max} characters` });

const isoDate = (field: string) =>
  z
    .string({ error: `${field} is required, as YYYY-MM-DD` })
    .refine(isIsoDate, { error: `${field} must be a real date as YYYY-MM-DD` })
    .openapi({ format: 'date', example: '2026-11-26' });

/** An amount in integer fen: 150000000 is ¥1,500,000.00. No decimals, no strings. */
const positiveFen = (field: string) =>
  z
    .int({ error: `${field} must be a whole number of fen (¥0.01), e.g. 150000000 for ¥1,500,000.00` })
    .min(1, { error: `${field} must be more than 0` })
    .openapi({ description: `${field}: integer fen (¥0.01); 150000000 is ¥1,500,000.00`, example: 150_000_000 });
const nonNegativeFen = (field: string) =>
  z
    .int({ error: `${field} must be a whole number of fen (¥0.01)` })
    .min(0, { error: `${field} must not be negative` })
    .openapi({ description: `${field}: integer fen (¥0.01)`, example: 1_234_500 });

const ZExpectedVersion = z
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be at least 1' })
  .optional()
  .openapi({ description: 'The deal version the change was made on; a newer version answers 409 STALE_VERSION.' });

const PAYMENT_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;
/** A key the workflow gave an obligation or a royalty period, as the deal's detail lists it. */
const processKey = (field: string, description: string) =>
  z
    .string({ error: `${field} is required` })
    .min(1, { error: `${field} is required` })
    .max(300, { error: `${field} must be at most 300 characters` })
    .openapi({ description });

// ─── draft: open, edit, submit, withdraw ────────────────────────────────────────────────────

export const ZCreateDealBody = ZDealDraft.extend({
  leadResearcherId: ZId.optional().openapi({
    description: 'The researcher whose result it is. A TTO officer opening the deal on their behalf names them; a researcher leaves it out (it is them).',
  }),
}).openapi('CreateDeal', {
  description:
    'A deal as a draft: every field present must be well-formed; submission checks the rest. Amounts are integer fen, shares basis points (10000 = 100%).',
});

/**
 * The draft's fields, each optional and without defaults, so a PATCH that leaves a field out
 * keeps it (ZDealDraft's defaults would otherwise reset assets, team or terms).
 */
export const ZDealDraftChanges = ZDealDraft.partial().extend({
  assets: ZDealDraft.shape.assets.unwrap().optional(),
  team: ZDealDraft.shape.team.unwrap().optional(),
  terms: ZDealDraft.shape.terms.unwrap().optional(),
});

export const ZEditDealBody = ZDealDraftChanges.extend({ expectedVersion: ZExpectedVersion }).openapi('EditDeal', {
  description: 'Fields given replace the draft’s fields of the same name (terms as a whole); fields left out are kept. caseId cannot change.',
});

export const ZSubmitDealBody = z.object({ expectedVersion: ZExpectedVersion }).openapi('SubmitDeal');
export const ZReasonBody = z.object({ reason: text('reason', 2000) }).openapi('DealReason');

export const ZDealListQuery = ZPageQuery.extend({
  status: ZDealStatus.optional(),
  mode: z.enum(DEAL_MODES, { error: `mode must be one of ${DEAL_MODES.join(', ')}` }).optional(),
  pricingMethod: z.enum(PRICING_METHODS, { error: `pricingMethod must be one of ${PRICING_METHODS.join(', ')}` }).optional(),
  caseId: ZId.optional().openapi({ description: 'Deals of this spin-out case' }),
  leadResearcherId: ZId.optional(),
  q: z.string().trim().min(1).max(200).optional().openapi({ description: 'Part of the reference, the title or the counterparty’s name' }),
});

// ─── the process after approval ─────────────────────────────────────────────────────────────

export const ZExchangeResultBody = z
  .object({
    venue: text('venue', 200).openapi({ example: '浙江知识产权交易中心' }),
    listingReference: text('listingReference', 100),
    concludedOn: isoDate('concludedOn'),
    finalPriceFen: positiveFen('finalPriceFen'),
    winningParty: text('winningParty', 200).openapi({ description: 'Must be the deal’s counterparty (amend the deal first otherwise)' }),
    documentId: ZId.optional().openapi({ description: 'The exchange’s record (an EXCHANGE_RECORD document of this deal)' }),
    expectedVersion: ZExpectedVersion,
  })
  .openapi('ExchangeResult');

export const ZSignedContractBody = z
  .object({
    documentId: ZId.openapi({ description: 'The signed contract, uploaded first as a SIGNED_CONTRACT document of this deal; it is put under object lock' }),
    signedOn: isoDate('signedOn'),
    expectedVersion: ZExpectedVersion,
  })
  .openapi('SignedContract');

export const ZTechContractRegistrationBody = z
  .object({
    number: z
      .string({ error: 'number is required' })
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-Z-]{8,40}$/, { error: 'number must be the 技术合同认定登记 number: 8–40 digits, capital letters or hyphens' })
      .openapi({ example: '2026330106000123' }),
    registeredOn: isoDate('registeredOn'),
  })
  .openapi('TechContractRegistration');

export const ZMilestoneEventBody = z.object({ eventOn: isoDate('eventOn') }).openapi('MilestoneEvent');

export const ZObligationParams = z.object({
  id: ZId.openapi({ param: { name: 'id', in: 'path' } }),
  key: processKey('key', 'The obligation’s key, as listed in the deal’s obligations').openapi({ param: { name: 'key', in: 'path' } }),
});

export const ZPaymentBody = z
  .object({
    paymentKey: z
      .string({ error: 'paymentKey is required' })
      .regex(PAYMENT_KEY, { error: "paymentKey must be 1–200 letters, digits, '_', '.', ':' or '-', starting with a letter or digit" })
      .openapi({ description: 'Your idempotency key for this payment (e.g. the bank transaction number): the same key sent again books nothing new' }),
    obligationKey: processKey('obligationKey', 'The obligation it settles (upfront fee, a milestone, minimum royalty, patent costs)').optional(),
    royaltyPeriodKey: processKey('royaltyPeriodKey', 'The royalty period it pays for').optional(),
    amountFen: positiveFen('amountFen'),
    receivedOn: isoDate('receivedOn'),
    evidenceDocumentId: ZId.optional().openapi({ description: 'A PAYMENT_EVIDENCE document of this deal (bank receipt)' }),
  })
  .superRefine((payment, ctx) => {
    if (payment.obligationKey !== undefined && payment.royaltyPeriodKey !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['royaltyPeriodKey'], message: 'royaltyPeriodKey: a payment settles an obligation or a royalty period, not both' });
    }
  })
  .openapi('Payment', { description: 'A payment received. Each becomes an income event for the benefit-sharing settlement.' });

export const ZRoyaltyReportBody = z
  .object({
    periodKey: processKey('periodKey', 'The royalty period reported, as listed in the deal’s royalty periods'),
    netSalesFen: nonNegativeFen('netSalesFen'),
    documentId: ZId.openapi({ description: 'The licensee’s report (a ROYALTY_REPORT document of this deal)' }),
  })
  .openapi('RoyaltyReport');

export const ZAmendmentBody = ZDealDraftChanges.omit({ mode: true, pricingMethod: true, caseId: true })
  .extend({ reason: text('reason', 2000) })
  .openapi('DealAmendmentRequest', {
    description: 'The draft fields to change (as for PATCH; mode, pricing method and case stay) and why. The amended deal goes through the approval tier of its new value.',
  });

export const ZTerminateBody = z
  .object({ reason: text('reason', 2000), effectiveOn: isoDate('effectiveOn') })
  .openapi('DealTermination');

export const ZWaiveObligationBody = z
  .object({ reason: text('reason', 2000).openapi({ description: 'Why what is still owed is written off; kept in the audit log', example: '被许可方经营困难，经中心研究同意豁免' }) })
  .openapi('ObligationWaiver', { description: 'Writes off what is still owed on one obligation; what was paid stays paid.' });

export const ZContractQuery = z.object({
  format: z.enum(['redirect', 'json'], { error: 'format must be redirect or json' }).default('redirect'),
});

// ─── responses ──────────────────────────────────────────────────────────────────────────────

const fenOut = (description: string) => z.int().openapi({ description: `${description}, integer fen (¥0.01)` });

export const ZDealSummary = z
  .object({
    id: z.uuid(),
    reference: z.string().openapi({ example: 'IP-2026-5F1C3C0E' }),
    title: z.string(),
    status: ZDealStatus,
    mode: ZDealModeOut,
    pricingMethod: ZPricingMethodOut,
    institutionId: z.uuid(),
    leadResearcher: ZPersonRef,
    department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    case: z.object({ id: z.uuid(), reference: z.string() }).nullable(),
    counterparty: z.object({ name: z.string().nullable(), unifiedSocialCreditCode: z.string().nullable() }),
    totalValueFen: fenOut('Total contract value (picks the approval tier)'),
    totalValue: z.string().openapi({ example: '¥3,000,000.00' }),
    currentStepKey: z.string().nullable(),
    version: z.int(),
    techContractRegNo: z.string().nullable(),
    signedOn: ZIsoDateString.nullable(),
    effectiveOn: ZIsoDateString.nullable(),
    expiresOn: ZIsoDateString.nullable(),
    submittedAt: ZTimestamp.nullable(),
    closedAt: ZTimestamp.nullable(),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .openapi('DealSummary');

export const ZDealList = z.object({ items: z.array(ZDealSummary), meta: ZPageMeta }).openapi('DealList');

export const ZDealObligation = z
  .object({
    key: z.string(),
    kind: z.enum(['UPFRONT', 'MILESTONE', 'MINIMUM_ROYALTY', 'PATENT_COST']),
    label: z.string(),
    amountFen: fenOut('Amount owed'),
    dueOn: ZIsoDateString.nullable(),
    status: z.enum(['PENDING', 'INVOICED', 'PAID', 'OVERDUE', 'WAIVED', 'CANCELLED']),
    eventOn: ZIsoDateString.nullable(),
    invoicedOn: ZIsoDateString.nullable(),
    paidOn: ZIsoDateString.nullable(),
    paidFen: fenOut('Paid so far').nullable(),
    waiver: z
      .object({
        waivedFen: fenOut('What was still owed when it was waived'),
        reason: z.string(),
        waivedById: z.uuid().nullable(),
        waivedOn: ZIsoDateString.nullable(),
      })
      .nullable()
      .openapi({ description: 'Set once the TTO waived the obligation (POST /deals/{id}/obligations/{key}/waive); what was paid stays in paidFen' }),
  })
  .openapi('DealObligation');

export const ZRoyaltyPeriod = z
  .object({
    key: z.string(),
    periodStart: ZIsoDateString,
    periodEnd: ZIsoDateString,
    reportDueOn: ZIsoDateString,
    status: z.enum(['DUE', 'REPORTED', 'OVERDUE', 'WAIVED']),
    netSalesFen: fenOut('Net sales reported').nullable(),
    royaltyFen: fenOut('Royalty owed for the period').nullable(),
    reportDocumentId: z.uuid().nullable(),
    reportedAt: ZTimestamp.nullable(),
  })
  .openapi('RoyaltyPeriod');

export const ZDealAmendment = z
  .object({
    id: z.uuid(),
    status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN']),
    reason: z.string(),
    terms: z.unknown().openapi({ description: 'The amended deal as proposed' }),
    totalValueFen: fenOut('Value of the amended deal'),
    requestedBy: ZPersonRef,
    decidedById: z.uuid().nullable(),
    requestedAt: ZTimestamp,
    decidedAt: ZTimestamp.nullable(),
  })
  .openapi('DealAmendment');

export const ZIncomeEvent = z
  .object({
    id: z.uuid(),
    kind: z.enum(['UPFRONT', 'MILESTONE', 'ROYALTY', 'MINIMUM_ROYALTY_TOP_UP', 'DIVIDEND', 'EQUITY_EXIT', 'OPERATING_PROFIT', 'OTHER']),
    amountFen: fenOut('Amount received'),
    receivedOn: ZIsoDateString,
    obligationKey: z.string().nullable(),
    royaltyPeriodKey: z.string().nullable(),
    evidenceDocumentId: z.uuid().nullable(),
    recordedById: z.uuid().nullable(),
    settled: z.boolean().openapi({ description: 'A benefit-sharing settlement has taken it in' }),
    createdAt: ZTimestamp,
  })
  .openapi('IncomeEvent');

export const ZDealDetail = ZDealSummary.extend({
  terms: z.unknown().openapi({ description: 'The deal as written (DealDraft: counterparty, assets, team, terms)' }),
  approvalTier: z.unknown().nullable().openapi({ description: 'The approval tier its value fell in at submission' }),
  exchangeResult: z.unknown().nullable().openapi({ description: 'For 挂牌交易 / 拍卖: exchange, listing, date, final price, winning party' }),
  createdBy: ZPersonRef,
  policyProfile: z.object({ id: z.uuid(), version: z.int(), name: z.string() }),
  assets: z.array(
    z.object({ ipAssetId: z.uuid(), kind: z.string(), title: z.string(), number: z.string().nullable(), ownership: z.string(), allocationBp: z.int() }),
  ),
  team: z.array(
    z.object({
      personId: z.uuid().nullable(),
      name: z.string(),
      contributionShareBp: z.int(),
      mainContributor: z.boolean(),
      counterpartyInterest: z.string().nullable(),
    }),
  ),
  obligations: z.array(ZDealObligation),
  royaltyPeriods: z.array(ZRoyaltyPeriod),
  amendments: z.array(ZDealAmendment),
  incomeEvents: z.array(ZIncomeEvent),
  openTasks: z.array(ZTask),
  documents: z.array(ZDocument),
  notices: z.array(ZCaseNotice),
  timeline: z.array(ZTimelineEntry),
}).openapi('DealDetail');

export type TDealSummary = z.infer<typeof ZDealSummary>;
export type TDealDetail = z.infer<typeof ZDealDetail>;
export type TDealListQuery = z.infer<typeof ZDealListQuery>;
