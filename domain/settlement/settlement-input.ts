import { z } from 'zod';
import { ZIsoDate } from '../calendar/iso-date';
import { ZNonNegativeFen } from '../money/fen';
import type { LocalizedText } from '../localized-text';
import { DEDUCTIBLE_COST_KINDS, type DeductibleCostKind } from '../policy/policy-profile';
import { ZConversionMode } from './conversion-mode';
import { ZIncomeClass, ZIncomeEventKind } from './income-class';

/**
 * What `computeSettlement` needs: one deal, one period, the income received in it, the costs
 * to deduct, the team with contribution shares, and optionally shares received for 作价投资.
 * Everything is plain JSON (strings, integers, booleans), so an activity can load it from the
 * database and a workflow can pass it on unchanged.
 */

const BP_WHOLE = 10_000;

const ZId = z.string().trim().min(1, { error: 'is required' }).max(200, { error: 'must be at most 200 characters' });
const ZNote = z.string().trim().max(2_000, { error: 'must be at most 2000 characters' });
const ZPositiveFen = ZNonNegativeFen.min(1, { error: 'must be at least 1 fen' });
const ZDocumentIds = z
  .array(ZId)
  .max(100)
  .refine((ids) => new Set(ids).size === ids.length, { error: 'must not repeat a document' });

export const ZSettlementDeal = z.object({
  id: ZId,
  /** Human reference printed on statements, e.g. IP-2026-5F1C3C0E. */
  reference: ZId,
  title: z.string().trim().min(1).max(300),
  mode: ZConversionMode,
  /**
   * 技术合同认定登记 number. With it, cash rewards from transfer or licence income count at 50%
   * as wage income (财税〔2018〕58号); without it, at 100%.
   */
  techContractRegNo: z.string().trim().min(1).max(100).nullable().default(null),
  /** First day of self-implementation (自行实施); needed to settle operating profit. */
  selfImplementationStartedOn: ZIsoDate.nullable().default(null),
});

export const ZSettlementPeriod = z
  .object({ from: ZIsoDate, to: ZIsoDate })
  .refine((period) => period.from <= period.to, { error: 'period.from must not be after period.to', path: ['to'] });

/** Money received under the deal, entered by finance or the TTO with evidence (bank slip, invoice). */
export const ZIncomeEvent = z
  .object({
    id: ZId,
    dealId: ZId,
    kind: ZIncomeEventKind,
    amountFen: ZPositiveFen,
    receivedOn: ZIsoDate,
    evidenceDocumentIds: ZDocumentIds.min(1, { error: 'needs at least one evidence document' }),
    /** The fiscal year an OPERATING_PROFIT was earned in (required for that kind only). */
    fiscalYear: z.int().min(1900).max(9999).nullable().default(null),
    note: ZNote.nullable().default(null),
  })
  .superRefine((event, ctx) => {
    if (event.kind === 'OPERATING_PROFIT' && event.fiscalYear === null) {
      ctx.addIssue({ code: 'custom', path: ['fiscalYear'], message: 'fiscalYear is required for OPERATING_PROFIT' });
    }
    if (event.kind === 'OTHER' && (event.note ?? '') === '') {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'note must say what OTHER income is' });
    }
  });

export const DEDUCTION_KIND_LABELS: Readonly<Record<DeductibleCostKind, LocalizedText>> = {
  TAX: { zh: '税费', en: 'Taxes' },
  PATENT_MAINTENANCE: { zh: '专利维持费', en: 'Patent maintenance' },
  VALUATION: { zh: '评估费', en: 'Valuation' },
  TRANSACTION: { zh: '交易费用', en: 'Transaction costs' },
  LEGAL: { zh: '法律服务费', en: 'Legal costs' },
  OTHER: { zh: '其他费用', en: 'Other costs' },
};

/** A cost deducted from one class of income. The kind must be in the profile's deductibleCosts. */
export const ZDeduction = z.object({
  id: ZId,
  kind: z.enum(DEDUCTIBLE_COST_KINDS),
  incomeClass: ZIncomeClass,
  amountFen: ZPositiveFen,
  /** Required (at least one) for OTHER; checked against the profile by computeSettlement. */
  evidenceDocumentIds: ZDocumentIds.default([]),
  note: ZNote.nullable().default(null),
});

export const ZSettlementMember = z.object({
  personId: ZId,
  name: z.string().trim().min(1).max(100),
  /** Basis points of the team's reward; a settlement's members add up to exactly 10000. */
  contributionShareBp: z.int().min(1).max(BP_WHOLE),
  /** 主要贡献人: guaranteed `benefitShare.mainContributorsMinBp` of the team reward together. */
  mainContributor: z.boolean().default(false),
});

/** Shares the institution received for investing the result in a company (作价投资). */
export const ZEquityGrant = z.object({
  companyName: z.string().trim().min(1).max(200),
  /** Whole shares (or 出资额 units) received; split in shares, never converted to money. */
  shares: z.int().min(1),
  /** Appraised value, if known: counts towards the approval tier, never towards the split. */
  valuationFen: ZNonNegativeFen.nullable().default(null),
  grantedOn: ZIsoDate,
  evidenceDocumentIds: ZDocumentIds.min(1, { error: 'needs at least one evidence document' }),
});

export const SETTLEMENT_KINDS = ['PERIODIC', 'ON_DEMAND'] as const;

export const ZSettlementInput = z
  .object({
    /** Chosen by the caller (e.g. the workflow id); every ledger key and line id derives from it. */
    settlementId: ZId,
    kind: z.enum(SETTLEMENT_KINDS).default('PERIODIC'),
    deal: ZSettlementDeal,
    period: ZSettlementPeriod,
    incomeEvents: z.array(ZIncomeEvent).max(10_000).default([]),
    deductions: z.array(ZDeduction).max(1_000).default([]),
    team: z.array(ZSettlementMember).min(1, { error: 'team needs at least one member' }).max(500),
    equityGrant: ZEquityGrant.nullable().default(null),
    /**
     * When the cash is planned to be paid, if known: a reward paid more than 36 months after
     * the income was received loses the 50% treatment (财税〔2018〕58号).
     */
    plannedPayoutOn: ZIsoDate.nullable().default(null),
  })
  .superRefine((input, ctx) => {
    const shareTotal = input.team.reduce((sum, member) => sum + member.contributionShareBp, 0);
    if (shareTotal !== BP_WHOLE) {
      ctx.addIssue({ code: 'custom', path: ['team'], message: `contributionShareBp must add up to exactly 10000, got ${shareTotal}` });
    }
    const unique = (list: readonly { id?: string; personId?: string }[], field: 'id' | 'personId', path: string) => {
      const seen = new Set<string>();
      list.forEach((item, index) => {
        const value = item[field] ?? '';
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [path, index, field], message: `${field} "${value}" is listed twice` });
        seen.add(value);
      });
    };
    unique(input.team, 'personId', 'team');
    unique(input.incomeEvents, 'id', 'incomeEvents');
    unique(input.deductions, 'id', 'deductions');
    const { from, to } = input.period;
    input.incomeEvents.forEach((event, index) => {
      if (event.dealId !== input.deal.id) {
        ctx.addIssue({ code: 'custom', path: ['incomeEvents', index, 'dealId'], message: `belongs to deal ${event.dealId}, not ${input.deal.id}` });
      }
      if (event.receivedOn < from || event.receivedOn > to) {
        ctx.addIssue({
          code: 'custom',
          path: ['incomeEvents', index, 'receivedOn'],
          message: `${event.receivedOn} is outside the period ${from} to ${to}`,
        });
      }
    });
    const grant = input.equityGrant;
    if (grant !== null && (grant.grantedOn < from || grant.grantedOn > to)) {
      ctx.addIssue({ code: 'custom', path: ['equityGrant', 'grantedOn'], message: `${grant.grantedOn} is outside the period ${from} to ${to}` });
    }
  });

export type TSettlementDeal = z.infer<typeof ZSettlementDeal>;
export type TSettlementPeriod = z.infer<typeof ZSettlementPeriod>;
export type TIncomeEvent = z.infer<typeof ZIncomeEvent>;
export type TDeduction = z.infer<typeof ZDeduction>;
export type TSettlementMember = z.infer<typeof ZSettlementMember>;
export type TEquityGrant = z.infer<typeof ZEquityGrant>;
/** The input as a caller may write it (defaults may be left out). */
export type TSettlementInputDraft = z.input<typeof ZSettlementInput>;
export type TSettlementInput = z.output<typeof ZSettlementInput>;
export type SettlementKind = (typeof SETTLEMENT_KINDS)[number];
