import type { IsoDate } from '../calendar/iso-date';
import { AppError } from '../errors';
import type { TLedgerEntry } from './ledger-entry';

export interface ReversalEntriesForOptions {
  /** The settlement's original entries (allocations, and payouts if any were made). */
  readonly entries: readonly TLedgerEntry[];
  /** Why; required, and printed on every reversal entry. */
  readonly reason: string;
  readonly reversedOn: IsoDate;
}

/**
 * Mirrors a settlement's entries: same accounts, negated amount, `reversalOf` the original key,
 * key `<original key>/reversal`. Booked after the originals, the settlement's accounts all net
 * to zero (`ledgerBalances`). The keys are deterministic, so a retried reversal books once.
 *
 * Refused: no reason (VALIDATION_FAILED); no entries, or entries of more than one settlement
 * (VALIDATION_FAILED); entries that already include a reversal (CONFLICT: the settlement was
 * reversed already, or a reversal is being reversed — settle again instead).
 */
export function reversalEntriesFor({ entries, reason, reversedOn }: ReversalEntriesForOptions): TLedgerEntry[] {
  const trimmed = reason.trim();
  if (trimmed === '') {
    throw new AppError('VALIDATION_FAILED', 'reason: a reversal needs a reason', {
      details: { issues: [{ path: 'reason', message: 'a reversal needs a reason' }] },
    });
  }
  if (entries.length === 0) throw new AppError('VALIDATION_FAILED', 'There are no entries to reverse');
  const settlementIds = [...new Set(entries.map((entry) => entry.settlementId))];
  if (settlementIds.length > 1) {
    throw new AppError('VALIDATION_FAILED', `Reverse one settlement at a time, got ${settlementIds.join(', ')}`);
  }
  const reversals = entries.filter((entry) => entry.reversalOf !== null);
  if (reversals.length > 0) {
    throw new AppError('CONFLICT', `Settlement ${settlementIds[0] ?? ''} already has reversal entries; it cannot be reversed again`, {
      details: { settlementId: settlementIds[0] ?? null, reversalKeys: reversals.map((entry) => entry.key) },
    });
  }
  return entries.map((entry) => ({
    ...entry,
    key: `${entry.key}/reversal`,
    reversalOf: entry.key,
    reason: trimmed,
    occurredOn: reversedOn,
    amount: -entry.amount,
    taxableWageIncomeFen: entry.taxableWageIncomeFen === null ? null : -entry.taxableWageIncomeFen,
    memo: { zh: `冲销：${entry.memo.zh}（${trimmed}）`, en: `Reversal: ${entry.memo.en} (${trimmed})` },
  }));
}
