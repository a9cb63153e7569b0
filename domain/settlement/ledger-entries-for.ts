import type { IsoDate } from '../calendar/iso-date';
import { AppError } from '../errors';
import type { LocalizedText } from '../localized-text';
import { INCOME_CLASS_LABELS, INCOME_EVENT_KIND_LABELS } from './income-class';
import type { TLedgerEntry } from './ledger-entry';
import { DEDUCTION_KIND_LABELS } from './settlement-input';
import type { TPayoutLine, TRecipient, TSettlementResult } from './settlement-result';

export interface LedgerEntriesForOptions {
  readonly result: TSettlementResult;
  /** The day the plan was approved: the date of deduction and allocation entries. */
  readonly bookedOn: IsoDate;
}

const prefix = (settlementId: string) => `settlement/${settlementId}`;

function recipientLabel(recipient: TRecipient): LocalizedText {
  switch (recipient.kind) {
    case 'PERSON':
      return { zh: recipient.name, en: recipient.name };
    case 'INSTITUTION':
      return { zh: '单位', en: 'institution' };
    case 'DEPARTMENT':
      return { zh: '院系', en: 'department' };
    case 'TTO_FUND':
      return { zh: '技术转移基金', en: 'TTO fund' };
  }
}

/**
 * The entries an approved settlement books: one INCOME entry per income event (and one for
 * shares granted), one DEDUCTION per deduction, one ALLOCATION per payout line. After them
 * every `pool:<source>` account is back at zero (asserted). Zero amounts are not booked.
 * Payouts are booked separately, when paid, by `payoutEntriesFor`.
 */
export function ledgerEntriesFor({ result, bookedOn }: LedgerEntriesForOptions): TLedgerEntry[] {
  const base = {
    settlementId: result.settlementId,
    dealId: result.deal.id,
    reversalOf: null,
    reason: null,
  };
  const entries: TLedgerEntry[] = [];
  for (const settled of result.classes) {
    const source = settled.incomeClass;
    for (const event of settled.income) {
      entries.push({
        ...base,
        key: `${prefix(result.settlementId)}/income/${event.eventId}`,
        kind: 'INCOME',
        occurredOn: event.receivedOn,
        debit: `pool:${source}`,
        credit: `income:${source}`,
        unit: 'FEN',
        amount: event.amountFen,
        source,
        recipientKey: null,
        recipient: null,
        taxableWageIncomeFen: null,
        memo: {
          zh: `${INCOME_EVENT_KIND_LABELS[event.kind].zh}（${INCOME_CLASS_LABELS[source].zh}）`,
          en: `${INCOME_EVENT_KIND_LABELS[event.kind].en} (${INCOME_CLASS_LABELS[source].en})`,
        },
      });
    }
    for (const deduction of settled.deductions) {
      entries.push({
        ...base,
        key: `${prefix(result.settlementId)}/deduction/${deduction.deductionId}`,
        kind: 'DEDUCTION',
        occurredOn: bookedOn,
        debit: `cost:${deduction.kind}`,
        credit: `pool:${source}`,
        unit: 'FEN',
        amount: deduction.amountFen,
        source,
        recipientKey: null,
        recipient: null,
        taxableWageIncomeFen: null,
        memo: { zh: `扣除：${DEDUCTION_KIND_LABELS[deduction.kind].zh}`, en: `Deduction: ${DEDUCTION_KIND_LABELS[deduction.kind].en}` },
      });
    }
  }
  if (result.equity !== null) {
    entries.push({
      ...base,
      key: `${prefix(result.settlementId)}/equity-grant`,
      kind: 'INCOME',
      occurredOn: result.equity.grantedOn,
      debit: 'pool:EQUITY_GRANT',
      credit: 'income:EQUITY_GRANT',
      unit: 'SHARES',
      amount: result.equity.sharesGranted,
      source: 'EQUITY_GRANT',
      recipientKey: null,
      recipient: null,
      taxableWageIncomeFen: null,
      memo: { zh: `作价投资取得 ${result.equity.companyName} 股权`, en: `Shares in ${result.equity.companyName} for the result` },
    });
  }
  for (const line of result.lines) {
    const who = recipientLabel(line.recipient);
    entries.push({
      ...base,
      key: `${prefix(result.settlementId)}/allocation/${line.lineId}`,
      kind: 'ALLOCATION',
      occurredOn: bookedOn,
      debit: `payable:${line.recipientKey}`,
      credit: `pool:${line.source}`,
      unit: line.unit,
      amount: line.amount,
      source: line.source,
      recipientKey: line.recipientKey,
      recipient: line.recipient,
      taxableWageIncomeFen: line.tax.taxableWageIncomeFen,
      memo: { zh: `分配给${who.zh}`, en: `Allocated to ${who.en}` },
    });
  }
  assertPoolsEmpty(entries);
  return entries;
}

function assertPoolsEmpty(entries: readonly TLedgerEntry[]): void {
  const pools = new Map<string, number>();
  for (const entry of entries) {
    if (entry.debit.startsWith('pool:')) pools.set(entry.debit, (pools.get(entry.debit) ?? 0) + entry.amount);
    if (entry.credit.startsWith('pool:')) pools.set(entry.credit, (pools.get(entry.credit) ?? 0) - entry.amount);
  }
  for (const [pool, balance] of pools) {
    if (balance !== 0) throw new AppError('INTERNAL', `Settlement invariant violated: ${pool} keeps ${balance} after allocation`);
  }
}

export interface PayoutEntriesForOptions {
  readonly result: TSettlementResult;
  readonly paidOn: IsoDate;
  /** Only these lines (e.g. people first, the institution's lines later); all lines by default. */
  readonly lineIds?: readonly string[];
}

/**
 * PAYOUT entries for lines that were paid (cash) or transferred (shares): from
 * `payable:<recipient>` to `paid-out`. The key depends only on the settlement and line, never
 * on the date, so a payout activity that crashes after booking and is retried produces the same
 * keys and `mergeLedgerEntries` books it once.
 */
export function payoutEntriesFor({ result, paidOn, lineIds }: PayoutEntriesForOptions): TLedgerEntry[] {
  let lines: readonly TPayoutLine[] = result.lines;
  if (lineIds !== undefined) {
    const unknown = lineIds.filter((id) => !result.lines.some((line) => line.lineId === id));
    if (unknown.length > 0) {
      throw new AppError('NOT_FOUND', `Settlement ${result.settlementId} has no payout line ${unknown.join(', ')}`, {
        details: { lineIds: unknown },
      });
    }
    lines = result.lines.filter((line) => lineIds.includes(line.lineId));
  }
  return lines.map((line) => {
    const who = recipientLabel(line.recipient);
    return {
      key: `${prefix(result.settlementId)}/payout/${line.lineId}`,
      settlementId: result.settlementId,
      dealId: result.deal.id,
      kind: 'PAYOUT',
      reversalOf: null,
      reason: null,
      occurredOn: paidOn,
      debit: 'paid-out',
      credit: `payable:${line.recipientKey}`,
      unit: line.unit,
      amount: line.amount,
      source: line.source,
      recipientKey: line.recipientKey,
      recipient: line.recipient,
      taxableWageIncomeFen: null,
      memo:
        line.unit === 'FEN'
          ? { zh: `向${who.zh}发放`, en: `Paid to ${who.en}` }
          : { zh: `向${who.zh}转让股权`, en: `Shares transferred to ${who.en}` },
    };
  });
}
