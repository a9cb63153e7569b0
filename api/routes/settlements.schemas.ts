// Request and response shapes of the benefit-sharing settlements (收益分配), the income entered
// by hand, and the reward reports. Money is integer fen (¥0.01) everywhere, shares are whole
// shares; every amount also comes formatted (`¥1,234.56`) where a person reads it.
import { z } from '@hono/zod-openapi';
import { isIsoDate } from '../../domain/calendar';
import { DEDUCTIBLE_COST_KINDS } from '../../domain/policy';
import { INCOME_CLASSES, SETTLEMENT_KINDS } from '../../domain/settlement';
import { SETTLEMENT_STATUSES } from '../../workflows/contracts/settlement';
import { ZTask } from './cases.schemas';
import { ZId, ZPageMeta, ZPageQuery, ZPersonRef, ZTimestamp } from './common.schemas';
import { ZDocument } from './documents.schemas';

export const ZSettlementStatus = z.enum(SETTLEMENT_STATUSES);

const isoDate = (field: string) =>
  z
    .string({ error: `${field} is required, as YYYY-MM-DD` })
    .refine(isIsoDate, { error: `${field} must be a real date as YYYY-MM-DD` })
    .openapi({ format: 'date', example: '2026-11-26' });

const positiveFen = (field: string) =>
  z
    .int({ error: `${field} must be a whole number of fen (¥0.01), e.g. 1234567 for ¥12,345.67` })
    .min(1, { error: `${field} must be more than 0` })
    .openapi({ description: `${field}: integer fen (¥0.01)`, example: 1_234_567 });

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, { error: `${field} is required` })
    .max(max, { error: `${field} must be at most ${max} characters` });

const ZDocumentIds = (field: string) =>
  z
    .array(ZId, { error: `${field} must be a list of document ids` })
    .max(100, { error: `${field} may name at most 100 documents` })
    .refine((ids) => new Set(ids).size === ids.length, { error: `${field} must not repeat a document` });

const ZExpectedVersion = z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).optional();

// ─── income entered by hand (dividends, exits, operating profit, corrections) ─────────────

export const MANUAL_INCOME_KINDS = ['DIVIDEND', 'EQUITY_EXIT', 'OPERATING_PROFIT', 'OTHER'] as const;

export const ZRecordIncomeBody = z
  .object({
    kind: z.enum(MANUAL_INCOME_KINDS, {
      error: `kind must be one of ${MANUAL_INCOME_KINDS.join(', ')} (payments under the contract are recorded with POST /deals/{id}/payments)`,
    }),
    amountFen: positiveFen('amountFen'),
    receivedOn: isoDate('receivedOn'),
    evidenceDocumentIds: ZDocumentIds('evidenceDocumentIds')
      .refine((ids) => ids.length > 0, { error: 'evidenceDocumentIds needs at least one document (upload it to the deal first, kind PAYMENT_EVIDENCE)' })
      .openapi({ description: 'Documents of the deal (bank slip, dividend resolution, invoice); at least one' }),
    fiscalYear: z.int({ error: 'fiscalYear must be a year' }).min(1900).max(9999).optional().openapi({ description: 'Required for OPERATING_PROFIT: the year it was earned' }),
    note: z.string().trim().max(2_000, { error: 'note must be at most 2000 characters' }).optional().openapi({ description: 'Required for OTHER: what the income is' }),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'OPERATING_PROFIT' && body.fiscalYear === undefined) ctx.addIssue({ code: 'custom', path: ['fiscalYear'], message: 'fiscalYear is required for OPERATING_PROFIT' });
    if (body.kind === 'OTHER' && !body.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'note must say what OTHER income is' });
  })
  .openapi('RecordIncome');

export const ZAttachEvidenceBody = z
  .object({
    evidenceDocumentIds: ZDocumentIds('evidenceDocumentIds')
      .refine((ids) => ids.length > 0, { error: 'evidenceDocumentIds needs at least one document (upload it to the deal first, kind PAYMENT_EVIDENCE)' })
      .openapi({ description: 'Documents of the deal to add as evidence; those already attached are kept' }),
  })
  .openapi('AttachIncomeEvidence');

export const ZIncomeEvent = z
  .object({
    id: z.uuid(),
    dealId: z.uuid(),
    kind: z.string(),
    amountFen: z.int(),
    amount: z.string().openapi({ example: '¥12,345.67' }),
    receivedOn: z.string(),
    evidenceDocumentIds: z.array(z.uuid()),
    fiscalYear: z.int().nullable(),
    note: z.string().nullable(),
    obligationKey: z.string().nullable(),
    royaltyPeriodKey: z.string().nullable(),
    settlementId: z.uuid().nullable().openapi({ description: 'The settlement that took this income in; null while unsettled' }),
    recordedById: z.uuid().nullable(),
    createdAt: ZTimestamp,
  })
  .openapi('IncomeEvent');

export const ZIncomeList = z.object({ items: z.array(ZIncomeEvent) }).openapi('IncomeList');

export const ZIncomeListQuery = z.object({
  from: isoDate('from').optional(),
  to: isoDate('to').optional(),
  unsettled: z.enum(['true', 'false'], { error: 'unsettled must be true or false' }).optional().openapi({ description: 'true: only income no settlement has taken in' }),
});

// ─── the draft ─────────────────────────────────────────────────────────────────────────────

export const ZDeductionIn = z
  .object({
    id: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'id must be 1–64 letters, digits, - or _' })
      .openapi({ description: 'Your id for the deduction, unique in the settlement (e.g. "tax-2026q1")' }),
    kind: z.enum(DEDUCTIBLE_COST_KINDS, { error: `kind must be one of ${DEDUCTIBLE_COST_KINDS.join(', ')} (and allowed by the policy profile)` }),
    incomeClass: z.enum(INCOME_CLASSES, { error: `incomeClass must be one of ${INCOME_CLASSES.join(', ')}` }),
    amountFen: positiveFen('amountFen'),
    evidenceDocumentIds: ZDocumentIds('evidenceDocumentIds').default([]).openapi({ description: 'Documents of the deal or the settlement; required for OTHER' }),
    note: z.string().trim().max(2_000).nullable().default(null),
  })
  .openapi('Deduction');

export const ZEquityGrantIn = z
  .object({
    companyName: text('companyName', 200),
    shares: z.int({ error: 'shares must be a whole number of shares' }).min(1, { error: 'shares must be at least 1' }),
    valuationFen: z.int().min(0).nullable().default(null).openapi({ description: 'Appraised value in fen, if known (counts towards the approval tier only)' }),
    grantedOn: isoDate('grantedOn'),
    evidenceDocumentIds: ZDocumentIds('evidenceDocumentIds').refine((ids) => ids.length > 0, { error: 'evidenceDocumentIds needs at least one document' }),
  })
  .openapi('EquityGrant');

const draftFields = {
  incomeEventIds: z
    .array(ZId, { error: 'incomeEventIds must be a list of income event ids' })
    .max(10_000)
    .refine((ids) => new Set(ids).size === ids.length, { error: 'incomeEventIds must not repeat an event' })
    .openapi({ description: 'Income events of the deal, received in the period, not taken by another settlement' }),
  deductions: z
    .array(ZDeductionIn)
    .max(1_000)
    .refine((list) => new Set(list.map((deduction) => deduction.id)).size === list.length, { error: 'deductions must not repeat an id' }),
  equityGrant: ZEquityGrantIn.nullable(),
  plannedPayoutOn: isoDate('plannedPayoutOn').nullable(),
  selfImplementationStartedOn: isoDate('selfImplementationStartedOn').nullable(),
};

export const ZCreateSettlementBody = z
  .object({
    dealId: ZId,
    period: z
      .object({ from: isoDate('period.from'), to: isoDate('period.to') })
      .refine((period) => period.from <= period.to, { error: 'period.to must not be before period.from', path: ['to'] }),
    kind: z.enum(SETTLEMENT_KINDS).default('PERIODIC'),
    incomeEventIds: draftFields.incomeEventIds.optional().openapi({ description: 'Default: every unsettled income event of the deal received in the period' }),
    deductions: draftFields.deductions.default([]),
    equityGrant: draftFields.equityGrant.default(null),
    plannedPayoutOn: draftFields.plannedPayoutOn.default(null),
    selfImplementationStartedOn: draftFields.selfImplementationStartedOn.default(null),
  })
  .openapi('CreateSettlement');

export const ZEditSettlementBody = z
  .object({
    incomeEventIds: draftFields.incomeEventIds.optional(),
    deductions: draftFields.deductions.optional(),
    equityGrant: draftFields.equityGrant.optional(),
    plannedPayoutOn: draftFields.plannedPayoutOn.optional(),
    selfImplementationStartedOn: draftFields.selfImplementationStartedOn.optional(),
    expectedVersion: ZExpectedVersion,
  })
  .openapi('EditSettlement');

export const ZSubmitSettlementBody = z.object({ expectedVersion: ZExpectedVersion }).openapi('SubmitSettlement');

export const ZReasonBody = z.object({ reason: text('reason', 2_000) }).openapi('SettlementReason');

export const ZPayoutBody = z
  .object({
    lineIds: z
      .array(z.string().min(1).max(300), { error: 'lineIds must be a list of line ids' })
      .min(1, { error: 'lineIds must name at least one line (or leave it out to pay every line)' })
      .optional()
      .openapi({ description: 'Lines paid now (e.g. "LICENCE_TRANSFER/person:<id>"); every unpaid line when left out' }),
    paymentRef: text('paymentRef', 200).openapi({ description: 'The bank’s or the payroll system’s reference' }),
    paidOn: isoDate('paidOn'),
  })
  .openapi('Payout');

export const ZSettlementListQuery = ZPageQuery.extend({
  dealId: ZId.optional(),
  status: ZSettlementStatus.optional(),
  year: z.coerce.number({ error: 'year must be a year' }).int().min(1900).max(9999).optional().openapi({ description: 'Settlements whose period starts in this year' }),
});

// ─── responses ─────────────────────────────────────────────────────────────────────────────

export const ZSettlementSummary = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    status: ZSettlementStatus,
    kind: z.enum(SETTLEMENT_KINDS),
    deal: z.object({ id: z.uuid(), reference: z.string(), title: z.string(), mode: z.string() }),
    period: z.object({ from: z.string(), to: z.string() }),
    grossFen: z.int(),
    deductionsFen: z.int(),
    netFen: z.int(),
    net: z.string(),
    leadershipRequired: z.boolean(),
    currentStepKey: z.string().nullable(),
    version: z.int(),
    profileVersion: z.int(),
    createdBy: ZPersonRef.nullable(),
    submittedAt: ZTimestamp.nullable(),
    approvedAt: ZTimestamp.nullable(),
    paidAt: ZTimestamp.nullable(),
    reversedAt: ZTimestamp.nullable(),
    reversalReason: z.string().nullable(),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .openapi('SettlementSummary');

export const ZSettlementList = z.object({ items: z.array(ZSettlementSummary), meta: ZPageMeta }).openapi('SettlementList');

export const ZPayoutLine = z
  .object({
    lineId: z.string(),
    source: z.string(),
    recipientKind: z.enum(['PERSON', 'INSTITUTION', 'DEPARTMENT', 'TTO_FUND']),
    personId: z.uuid().nullable(),
    name: z.string(),
    unit: z.enum(['FEN', 'SHARES']),
    amount: z.int(),
    formatted: z.string().openapi({ example: '¥4,200.00' }),
    taxableFen: z.int().nullable(),
    taxTreatment: z.string(),
    taxDeferral: z.boolean(),
    taxNote: z.string(),
    paidAt: ZTimestamp.nullable(),
    paidOn: z.string().nullable(),
    paymentRef: z.string().nullable(),
    statementDocumentId: z.uuid().nullable(),
  })
  .openapi('PayoutLine');

export const ZLedgerEntryOut = z
  .object({
    seq: z.string().openapi({ description: 'Order of booking (a 64-bit integer as text)' }),
    key: z.string(),
    kind: z.enum(['INCOME', 'DEDUCTION', 'ALLOCATION', 'PAYOUT']),
    reversalOf: z.string().nullable(),
    reason: z.string().nullable(),
    occurredOn: z.string(),
    debit: z.string(),
    credit: z.string(),
    unit: z.enum(['FEN', 'SHARES']),
    amount: z.int(),
    source: z.string(),
    recipientKey: z.string().nullable(),
    memo: z.object({ zh: z.string(), en: z.string() }),
    createdAt: ZTimestamp,
  })
  .openapi('LedgerEntry');

const ZStatementView = z
  .object({
    lang: z.enum(['zh', 'en']),
    title: z.string(),
    facts: z.array(z.object({ label: z.string(), value: z.string() })),
    lines: z.array(z.object({ kind: z.string(), label: z.string(), value: z.string().nullable(), detail: z.string().nullable() })),
    totals: z.object({ cashFen: z.int(), taxableWageIncomeFen: z.int(), shares: z.int() }),
  })
  .openapi('StatementView');

export const ZSettlementDetail = ZSettlementSummary.extend({
  draft: z.unknown().openapi({ description: 'What the TTO chose: incomeEventIds, deductions, equityGrant, plannedPayoutOn, selfImplementationStartedOn' }),
  problems: z
    .object({ reason: z.string(), message: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })) })
    .nullable()
    .openapi({ description: 'Why the draft cannot be settled as it is (staff only)' }),
  result: z.unknown().nullable().openapi({ description: 'The full computed plan with every explanation step (domain TSettlementResult; staff only)' }),
  lines: z.array(ZPayoutLine).openapi({ description: 'Every line for staff; a researcher sees only their own' }),
  statement: ZStatementView.nullable().openapi({ description: 'For a person in the plan: their own explanation, step by step' }),
  income: z.array(ZIncomeEvent),
  ledger: z.array(ZLedgerEntryOut).openapi({ description: 'Staff only: the append-only entries booked for this settlement' }),
  balances: z.array(z.object({ account: z.string(), unit: z.enum(['FEN', 'SHARES']), balance: z.int() })),
  openTasks: z.array(ZTask),
  documents: z.array(ZDocument),
  viewer: z.enum(['STAFF', 'PERSON']).openapi({ description: 'STAFF sees everything; PERSON (a researcher in the plan) only their own lines' }),
}).openapi('SettlementDetail');

export const ZStatementLink = z
  .object({
    url: z.string().openapi({ description: 'Presigned S3 link to the PDF, valid for expiresInSeconds' }),
    expiresInSeconds: z.int(),
    document: ZDocument,
  })
  .openapi('StatementLink');

export const ZUploadSettlementDocumentForm = z
  .object({
    file: z.instanceof(File, { error: 'file is required (multipart file field)' }).openapi({ type: 'string', format: 'binary' }),
    kind: z.enum(['DEDUCTION_EVIDENCE'], { error: 'kind must be DEDUCTION_EVIDENCE' }),
  })
  .openapi('SettlementDocumentUpload');

// ─── reports ───────────────────────────────────────────────────────────────────────────────

export const ZRewardsQuery = z.object({
  by: z.enum(['person', 'deal', 'year'], { error: 'by must be person, deal or year' }).default('person'),
  year: z.coerce.number({ error: 'year must be a year' }).int({ error: 'year must be a year' }).min(1900).max(9999).optional(),
  format: z.enum(['json', 'csv', 'xlsx'], { error: 'format must be json, csv or xlsx' }).default('json'),
});

export const ZAnnualReportQuery = z.object({
  year: z.coerce.number({ error: 'year is required (YYYY)' }).int({ error: 'year must be a year' }).min(1900, { error: 'year must be a year' }).max(9999),
  format: z.enum(['json', 'csv', 'xlsx'], { error: 'format must be json, csv or xlsx' }).default('csv'),
});

export const ZMyRewardsQuery = z.object({
  year: z.coerce.number({ error: 'year must be a year' }).int().min(1900).max(9999).optional(),
});

export const ZRewardsReport = z
  .object({ by: z.enum(['person', 'deal', 'year']), year: z.int().nullable(), rows: z.array(z.record(z.string(), z.unknown())) })
  .openapi('RewardsReport');

export const ZMyRewards = z
  .object({
    person: ZPersonRef,
    year: z.int().nullable(),
    totals: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'Allocated, paid and taxable amounts over the ledger (null when none)' }),
    lines: z.array(
      ZPayoutLine.extend({
        settlement: z.object({ id: z.uuid(), reference: z.string(), status: ZSettlementStatus, period: z.object({ from: z.string(), to: z.string() }) }),
        deal: z.object({ id: z.uuid(), reference: z.string(), title: z.string() }),
      }),
    ),
  })
  .openapi('MyRewards');

export const ZAnnualReport = z.object({ year: z.int(), rows: z.array(z.record(z.string(), z.unknown())) }).openapi('AnnualConversionReport');
