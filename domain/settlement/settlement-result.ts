import { z } from 'zod';
import { ZDayKind } from '../calendar/day-kind';
import { ZIsoDate } from '../calendar/iso-date';
import { DEDUCTIBLE_COST_KINDS } from '../policy/policy-profile';
import { ZRole } from '../policy/role';
import { ZConversionMode } from './conversion-mode';
import { ZIncomeClass, ZIncomeEventKind } from './income-class';
import { SETTLEMENT_KINDS } from './settlement-input';

/**
 * What `computeSettlement` returns: every figure of the settlement and how it was reached.
 * Plain JSON throughout, so it can be stored (a JSON column), sent through Temporal and read
 * back with `ZSettlementResult.parse` to print a statement years later.
 */

/** Bilingual text without the input-form trimming rules of ZLocalizedText. */
const ZText = z.object({ zh: z.string(), en: z.string() });

export const ZStepValue = z.object({ unit: z.enum(['FEN', 'SHARES', 'BP']), amount: z.int() });

/** One line of "how this was computed": a label, the figure, and the arithmetic behind it. */
export const ZExplanationStep = z.object({
  key: z.string(),
  label: ZText,
  detail: ZText.nullable(),
  value: ZStepValue.nullable(),
});

const ZPlainSplit = z.object({ teamBp: z.int(), institutionBp: z.int(), departmentBp: z.int(), ttoFundBp: z.int() });

/** The four parts of a net amount (fen) or of granted shares. */
export const ZFourShares = z.object({ team: z.int(), institution: z.int(), department: z.int(), ttoFund: z.int() });

export const ZTeamMemberSplit = z.object({
  personId: z.string(),
  name: z.string(),
  contributionShareBp: z.int(),
  mainContributor: z.boolean(),
  /** The member's part by contribution share alone (largest remainder). */
  proportional: z.int(),
  /** After the main-contributor minimum; equals `proportional` when no top-up was needed. */
  final: z.int(),
  steps: z.array(ZExplanationStep),
});

export const ZTeamSplit = z.object({
  unit: z.enum(['FEN', 'SHARES']),
  total: z.int(),
  mainContributorsMinBp: z.int().nullable(),
  /** ⌈total × mainContributorsMinBp / 10000⌉, or null when the rule does not apply. */
  requiredForMain: z.int().nullable(),
  mainProportional: z.int(),
  toppedUp: z.boolean(),
  members: z.array(ZTeamMemberSplit),
});

export const ZClassSettlement = z.object({
  incomeClass: ZIncomeClass,
  /** The profile field the split came from: licenceIncome, equity or selfImplementation. */
  splitField: z.enum(['licenceIncome', 'equity', 'selfImplementation']),
  split: ZPlainSplit,
  income: z.array(
    z.object({
      eventId: z.string(),
      kind: ZIncomeEventKind,
      receivedOn: ZIsoDate,
      amountFen: z.int(),
      evidenceDocumentIds: z.array(z.string()),
    }),
  ),
  grossFen: z.int(),
  deductions: z.array(
    z.object({
      deductionId: z.string(),
      kind: z.enum(DEDUCTIBLE_COST_KINDS),
      amountFen: z.int(),
      evidenceDocumentIds: z.array(z.string()),
      note: z.string().nullable(),
    }),
  ),
  deductionsFen: z.int(),
  netFen: z.int(),
  shares: ZFourShares,
  teamSplit: ZTeamSplit,
  steps: z.array(ZExplanationStep),
});

export const ZEquitySettlement = z.object({
  companyName: z.string(),
  grantedOn: ZIsoDate,
  sharesGranted: z.int(),
  valuationFen: z.int().nullable(),
  evidenceDocumentIds: z.array(z.string()),
  split: ZPlainSplit,
  shares: ZFourShares,
  teamSplit: ZTeamSplit,
  steps: z.array(ZExplanationStep),
});

export const RECIPIENT_KINDS = ['PERSON', 'INSTITUTION', 'DEPARTMENT', 'TTO_FUND'] as const;
export const ZRecipient = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('PERSON'), personId: z.string(), name: z.string() }),
  z.object({ kind: z.literal('INSTITUTION') }),
  z.object({ kind: z.literal('DEPARTMENT') }),
  z.object({ kind: z.literal('TTO_FUND') }),
]);

export const TAX_TREATMENTS = [
  /** Cash reward counted at 50% as wage income (财税〔2018〕58号). */
  'WAGE_INCOME_HALF',
  /** Cash reward counted in full as wage income. */
  'WAGE_INCOME_FULL',
  /** Equity reward: tax deferred until the shares are transferred (财税〔2016〕101号). */
  'EQUITY_DEFERRAL',
  /** Equity reward without the deferral: taxed when received, on a value this system does not assess. */
  'EQUITY_AT_GRANT',
  /** Institution, department and TTO fund lines: not a person's income. */
  'NOT_PERSONAL_INCOME',
] as const;
export type TaxTreatment = (typeof TAX_TREATMENTS)[number];

/** Shown beside a payout line; the system computes and shows, it does not file. */
export const ZTaxInfo = z.object({
  treatment: z.enum(TAX_TREATMENTS),
  /** The amount counted as 工资、薪金所得 for a cash reward; null for equity and non-personal lines. */
  taxableWageIncomeFen: z.int().nullable(),
  /** Last payment day that keeps the 50% treatment (36 months after the income), when relevant. */
  reliefDeadline: ZIsoDate.nullable(),
  citation: z.string().nullable(),
  note: ZText,
});

export const PAYOUT_SOURCES = ['LICENCE_TRANSFER', 'EQUITY_PROCEEDS', 'SELF_IMPLEMENTATION', 'EQUITY_GRANT'] as const;
export type PayoutSource = (typeof PAYOUT_SOURCES)[number];

/**
 * One amount to one recipient from one source: fen for cash, whole shares for EQUITY_GRANT.
 * `lineId` (`<source>/<recipientKey>`) is unique within the settlement and stable, so payout
 * and ledger keys derived from it are the same on every retry.
 */
export const ZPayoutLine = z.object({
  lineId: z.string(),
  source: z.enum(PAYOUT_SOURCES),
  /** `person:<personId>`, `institution`, `department` or `tto-fund`. */
  recipientKey: z.string(),
  recipient: ZRecipient,
  unit: z.enum(['FEN', 'SHARES']),
  amount: z.int(),
  tax: ZTaxInfo,
});

export const ZPersonTotals = z.object({
  personId: z.string(),
  name: z.string(),
  cashFen: z.int(),
  taxableWageIncomeFen: z.int(),
  shares: z.int(),
});

export const ZSettlementTotals = z.object({
  grossFen: z.int(),
  deductionsFen: z.int(),
  netFen: z.int(),
  teamFen: z.int(),
  institutionFen: z.int(),
  departmentFen: z.int(),
  ttoFundFen: z.int(),
  taxableWageIncomeFen: z.int(),
  sharesGranted: z.int(),
  teamShares: z.int(),
});

export const ZSettlementApproval = z.object({
  /** Net cash distributed plus the appraised value of granted shares (if known). */
  amountFen: z.int(),
  tierIndex: z.int(),
  approverRole: ZRole.nullable(),
  label: ZText,
  leadershipRequired: z.boolean(),
});

export const ZSettlementResult = z.object({
  settlementId: z.string(),
  kind: z.enum(SETTLEMENT_KINDS),
  deal: z.object({
    id: z.string(),
    reference: z.string(),
    title: z.string(),
    mode: ZConversionMode,
    techContractRegNo: z.string().nullable(),
  }),
  period: z.object({ from: ZIsoDate, to: ZIsoDate }),
  profile: z.object({ key: z.string(), version: z.int() }),
  classes: z.array(ZClassSettlement),
  equity: ZEquitySettlement.nullable(),
  lines: z.array(ZPayoutLine),
  people: z.array(ZPersonTotals),
  totals: ZSettlementTotals,
  approval: ZSettlementApproval,
  publicity: z.object({ days: z.int(), dayKind: ZDayKind }),
  /** The rules applied (rounding, ties, main contributors, tax), for the statement's notes. */
  notes: z.array(ZText),
});

export type TStepValue = z.infer<typeof ZStepValue>;
export type TExplanationStep = z.infer<typeof ZExplanationStep>;
export type TFourShares = z.infer<typeof ZFourShares>;
export type TTeamMemberSplit = z.infer<typeof ZTeamMemberSplit>;
export type TTeamSplit = z.infer<typeof ZTeamSplit>;
export type TClassSettlement = z.infer<typeof ZClassSettlement>;
export type TEquitySettlement = z.infer<typeof ZEquitySettlement>;
export type TRecipient = z.infer<typeof ZRecipient>;
export type TTaxInfo = z.infer<typeof ZTaxInfo>;
export type TPayoutLine = z.infer<typeof ZPayoutLine>;
export type TPersonTotals = z.infer<typeof ZPersonTotals>;
export type TSettlementTotals = z.infer<typeof ZSettlementTotals>;
export type TSettlementApproval = z.infer<typeof ZSettlementApproval>;
export type TSettlementResult = z.infer<typeof ZSettlementResult>;

export function recipientKeyOf(recipient: TRecipient): string {
  switch (recipient.kind) {
    case 'PERSON':
      return `person:${recipient.personId}`;
    case 'INSTITUTION':
      return 'institution';
    case 'DEPARTMENT':
      return 'department';
    case 'TTO_FUND':
      return 'tto-fund';
  }
}
