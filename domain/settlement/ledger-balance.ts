import { AppError } from '../errors';
import type { TLedgerEntry } from './ledger-entry';

export interface TLedgerBalance {
  readonly account: string;
  readonly unit: 'FEN' | 'SHARES';
  /** Σ amounts debited − Σ amounts credited (reversal entries carry negative amounts). */
  readonly balance: number;
}

/** Balances per account and unit, sorted by account then unit (code-unit order). */
export function ledgerBalances(entries: readonly TLedgerEntry[]): TLedgerBalance[] {
  const balances = new Map<string, { account: string; unit: 'FEN' | 'SHARES'; balance: bigint }>();
  const add = (account: string, unit: 'FEN' | 'SHARES', amount: bigint) => {
    const id = `${account}\u0000${unit}`;
    const current = balances.get(id) ?? { account, unit, balance: 0n };
    current.balance += amount;
    balances.set(id, current);
  };
  for (const entry of entries) {
    add(entry.debit, entry.unit, BigInt(entry.amount));
    add(entry.credit, entry.unit, -BigInt(entry.amount));
  }
  return [...balances.values()]
    .sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0))
    .map(({ account, unit, balance }) => {
      if (balance > BigInt(Number.MAX_SAFE_INTEGER) || balance < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new AppError('INTERNAL', `Balance of ${account} is too large to handle exactly`);
      }
      return { account, unit, balance: Number(balance) };
    });
}

/** True when every account nets to zero: e.g. a settlement together with its reversal. */
export function netsToZero(entries: readonly TLedgerEntry[]): boolean {
  return ledgerBalances(entries).every((line) => line.balance === 0);
}
