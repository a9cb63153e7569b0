// What the counterparty owes under a signed deal, derived from its terms: the upfront fee,
// patent-cost reimbursement, each milestone (due once its event is recorded) and, for a licence
// with a minimum annual royalty, one top-up per licence year. Pure, so the workflow can rebuild
// them on an amendment and the tests can check them directly.
import { addCalendarDays, addMonthsClamped, compareIsoDates, type IsoDate } from '../../domain/calendar';
import { licenceEndDate, MONTHS_PER_ROYALTY_PERIOD, type TDealDraft } from '../../domain/licensing';
import type { Fen } from '../../domain/money';
import { SETTLED_OBLIGATION_STATUSES, type Obligation, type ObligationKind, type ObligationStatus } from '../contracts/ip-deal';

export const isSettled = (obligation: Obligation) => SETTLED_OBLIGATION_STATUSES.includes(obligation.status);
export const outstandingFen = (obligation: Obligation): Fen => Math.max(obligation.amountFen - obligation.paidFen, 0);

export const obligationKey = (dealId: string, kind: 'upfront' | 'patent-cost' | 'milestone' | 'min-royalty', index?: number) =>
  index === undefined ? `${dealId}:ob:${kind}` : `${dealId}:ob:${kind}:${index}`;

/** The index of a MILESTONE or MINIMUM_ROYALTY obligation (its milestone or licence year). */
export function obligationIndex(key: string): number {
  return Number(key.slice(key.lastIndexOf(':') + 1));
}

export interface LicenceYear {
  index: number;
  start: IsoDate;
  end: IsoDate;
}

/** Licence years from the effective date; the last is cut at the licence's end. */
export function licenceYears({ effectiveOn, termMonths }: { effectiveOn: IsoDate; termMonths: number }): LicenceYear[] {
  const end = licenceEndDate({ effectiveOn, termMonths });
  const years: LicenceYear[] = [];
  for (let index = 0; index * 12 < termMonths; index += 1) {
    const naturalEnd = addCalendarDays({ date: addMonthsClamped(effectiveOn, (index + 1) * 12), days: -1 });
    years.push({ index, start: addMonthsClamped(effectiveOn, index * 12), end: compareIsoDates(naturalEnd, end) > 0 ? end : naturalEnd });
  }
  return years;
}

/** The licence year a royalty period falls in (periods of 3, 6 or 12 months never straddle one). */
export function licenceYearOfPeriod({ index, reportingPeriod }: { index: number; reportingPeriod: keyof typeof MONTHS_PER_ROYALTY_PERIOD }): number {
  return Math.floor((index * MONTHS_PER_ROYALTY_PERIOD[reportingPeriod]) / 12);
}

const LABELS: Record<ObligationKind, { zh: string; en: string }> = {
  UPFRONT: { zh: '入门费', en: 'Upfront fee' },
  MILESTONE: { zh: '里程碑付款', en: 'Milestone payment' },
  MINIMUM_ROYALTY: { zh: '最低年使用费', en: 'Minimum annual royalty' },
  PATENT_COST: { zh: '专利费用补偿', en: 'Patent-cost reimbursement' },
};

function obligation(key: string, kind: ObligationKind, label: string, amountFen: Fen, dueOn: IsoDate | null): Obligation {
  return { key, kind, label, amountFen, dueOn, status: 'PENDING', paidFen: 0 };
}

/**
 * Every obligation of a deal signed on `signedOn` and in force from `effectiveOn`. Amounts of
 * zero owe nothing and are left out. A minimum royalty top-up is due with the report of the
 * year's last royalty period (the year's end + the report days).
 */
export function obligationsFor({ dealId, draft, signedOn, effectiveOn }: { dealId: string; draft: TDealDraft; signedOn: IsoDate; effectiveOn: IsoDate }): Obligation[] {
  const { terms } = draft;
  const paymentDue = addCalendarDays({ date: signedOn, days: terms.upfrontDueDays });
  const list: Obligation[] = [];
  if (terms.upfrontFeeFen > 0) list.push(obligation(obligationKey(dealId, 'upfront'), 'UPFRONT', `${LABELS.UPFRONT.zh} / ${LABELS.UPFRONT.en}`, terms.upfrontFeeFen, paymentDue));
  if (terms.patentCostReimbursementFen > 0) {
    list.push(obligation(obligationKey(dealId, 'patent-cost'), 'PATENT_COST', `${LABELS.PATENT_COST.zh} / ${LABELS.PATENT_COST.en}`, terms.patentCostReimbursementFen, paymentDue));
  }
  terms.milestones.forEach((milestone, index) => {
    if (milestone.amountFen <= 0) return;
    list.push({ ...obligation(obligationKey(dealId, 'milestone', index), 'MILESTONE', `${LABELS.MILESTONE.zh}：${milestone.event}`, milestone.amountFen, null), eventOn: null });
  });
  const minimum = terms.minimumAnnualRoyaltyFen ?? 0;
  if (draft.mode === 'LICENCE' && minimum > 0 && terms.royalty !== undefined && terms.termMonths !== undefined) {
    for (const year of licenceYears({ effectiveOn, termMonths: terms.termMonths })) {
      list.push({
        ...obligation(
          obligationKey(dealId, 'min-royalty', year.index),
          'MINIMUM_ROYALTY',
          `${LABELS.MINIMUM_ROYALTY.zh}（第${year.index + 1}年 ${year.start}–${year.end}）/ ${LABELS.MINIMUM_ROYALTY.en}, year ${year.index + 1}`,
          minimum,
          addCalendarDays({ date: year.end, days: terms.royalty.reportDueDays }),
        ),
        creditedFen: 0,
      });
    }
  }
  return list;
}

/** Re-derives a minimum-royalty obligation's status after its amount or payments changed. */
export function settleMinimum(item: Obligation): Obligation {
  if (item.status === 'CANCELLED') return item;
  if (item.amountFen === 0) return { ...item, status: item.paidFen > 0 ? 'PAID' : 'WAIVED' };
  if (item.paidFen >= item.amountFen) return { ...item, status: 'PAID' };
  return item.status === 'WAIVED' || item.status === 'PAID' ? { ...item, status: 'PENDING' } : item;
}

/**
 * The obligations after an amendment: each one the new terms still have keeps what was paid,
 * its recorded milestone event and due date, and the royalties credited against a minimum;
 * the new amount applies. One the new terms drop is cancelled unless it was settled already.
 * Milestones are matched by their position in the list.
 */
export function mergeObligations({ current, next }: { current: readonly Obligation[]; next: readonly Obligation[] }): Obligation[] {
  const merged: Obligation[] = next.map((fresh) => {
    const old = current.find((item) => item.key === fresh.key);
    if (!old) return fresh;
    // A waiver is the TTO's decision on what was owed; new terms do not revive it.
    if (old.waiver) return old;
    if (fresh.kind === 'MINIMUM_ROYALTY') {
      const creditedFen = old.creditedFen ?? 0;
      return settleMinimum({ ...fresh, creditedFen, amountFen: Math.max(fresh.amountFen - creditedFen, 0), paidFen: old.paidFen, status: old.status === 'OVERDUE' ? 'OVERDUE' : 'PENDING' });
    }
    const dueOn = old.eventOn ? old.dueOn : fresh.dueOn;
    const paid = old.paidFen >= fresh.amountFen;
    const status: ObligationStatus = paid ? 'PAID' : old.status === 'OVERDUE' && dueOn === old.dueOn ? 'OVERDUE' : old.status === 'INVOICED' ? 'INVOICED' : 'PENDING';
    return { ...fresh, dueOn, eventOn: old.eventOn ?? fresh.eventOn, paidFen: old.paidFen, status };
  });
  for (const old of current) {
    if (merged.some((item) => item.key === old.key)) continue;
    merged.push(isSettled(old) ? old : { ...old, status: 'CANCELLED' });
  }
  return merged;
}

/** Credits a reported royalty against the minimum of its licence year; returns the changed obligation, if any. */
export function creditRoyalty({ obligations, dealId, year, royaltyFen, minimumFen }: { obligations: Obligation[]; dealId: string; year: number; royaltyFen: Fen; minimumFen: Fen }): Obligation | null {
  const index = obligations.findIndex((item) => item.key === obligationKey(dealId, 'min-royalty', year));
  const item = obligations[index];
  if (!item || item.status === 'CANCELLED' || item.waiver || royaltyFen <= 0) return null;
  const creditedFen = (item.creditedFen ?? 0) + royaltyFen;
  const updated = settleMinimum({ ...item, creditedFen, amountFen: Math.max(minimumFen - creditedFen, 0) });
  obligations[index] = updated;
  return updated;
}

export const royaltyPeriodKey = (dealId: string, index: number) => `${dealId}:royalty:${index}`;
