import { z } from 'zod';
import { ZIsoDate } from '../calendar/iso-date';
import { ZRecipient, PAYOUT_SOURCES } from './settlement-result';

/**
 * The settlement ledger: append-only, one row per entry, never updated. A settlement once
 * approved is corrected only by reversing its entries (same accounts, negated amounts, with a
 * reason) and settling again.
 *
 * Each entry moves `amount` from `credit` to `debit` (both sides of one posting, so every entry
 * balances by itself); a reversal entry carries the negated amount. Accounts:
 * - `income:<source>`   where income comes from (credited when received, or shares granted);
 * - `pool:<source>`     the amount being settled; empty again once fully allocated;
 * - `cost:<kind>`       deductions (TAX, PATENT_MAINTENANCE, …);
 * - `payable:<recipientKey>` allocated to a recipient, not yet paid;
 * - `paid-out`          paid (cash) or transferred (shares).
 * Cash (FEN) and shares (SHARES) never mix: balances are kept per account and unit.
 *
 * `key` is the idempotency key: unique in the ledger and derived only from the settlement id
 * and what the entry is about, so a retried activity produces the same keys and books once.
 */
export const LEDGER_ENTRY_KINDS = ['INCOME', 'DEDUCTION', 'ALLOCATION', 'PAYOUT'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

export const ZLedgerEntry = z.object({
  key: z.string().min(1),
  settlementId: z.string().min(1),
  dealId: z.string().min(1),
  kind: z.enum(LEDGER_ENTRY_KINDS),
  /** The key of the entry this one reverses; null for an original entry. */
  reversalOf: z.string().nullable(),
  /** Why it was reversed; required on reversal entries, null otherwise. */
  reason: z.string().nullable(),
  /**
   * When it happened: income received, plan approved (deductions, allocations), paid, or
   * reversed. Reports by year read this date.
   */
  occurredOn: ZIsoDate,
  debit: z.string().min(1),
  credit: z.string().min(1),
  unit: z.enum(['FEN', 'SHARES']),
  /** Positive on original entries, negative on reversals; never zero. */
  amount: z.int().refine((amount) => amount !== 0, { error: 'amount must not be zero' }),
  source: z.enum(PAYOUT_SOURCES),
  /** Allocation and payout entries: who gets it. */
  recipientKey: z.string().nullable(),
  recipient: ZRecipient.nullable(),
  /** Allocation entries of a person's cash reward: the taxable wage income shown to them. */
  taxableWageIncomeFen: z.int().nullable(),
  memo: z.object({ zh: z.string(), en: z.string() }),
});

export type TLedgerEntry = z.infer<typeof ZLedgerEntry>;
