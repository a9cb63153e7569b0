import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { ledgerBalances, netsToZero } from './ledger-balance';
import { ledgerEntriesFor, payoutEntriesFor } from './ledger-entries-for';
import { ZLedgerEntry } from './ledger-entry';
import { mergeLedgerEntries } from './merge-ledger-entries';
import { reversalEntriesFor } from './reversal-entries-for';
import { smallSettlement } from './test-fixtures';

const result = smallSettlement();
const booked = ledgerEntriesFor({ result, bookedOn: '2025-04-10' });
const balanceMap = (entries: Parameters<typeof ledgerBalances>[0]) =>
  Object.fromEntries(ledgerBalances(entries).map((b) => [`${b.account} ${b.unit}`, b.balance]));

describe('ledgerEntriesFor', () => {
  it('books income, deductions and one allocation per line, with keys from the settlement alone', () => {
    expect(booked.map((e) => [e.key, e.kind, e.unit, e.amount])).toEqual([
      ['settlement/stl-1/income/e1', 'INCOME', 'FEN', 10_001],
      ['settlement/stl-1/deduction/d1', 'DEDUCTION', 'FEN', 1],
      ['settlement/stl-1/equity-grant', 'INCOME', 'SHARES', 10],
      ['settlement/stl-1/allocation/LICENCE_TRANSFER/person:x', 'ALLOCATION', 'FEN', 4_200],
      ['settlement/stl-1/allocation/LICENCE_TRANSFER/person:y', 'ALLOCATION', 'FEN', 2_800],
      ['settlement/stl-1/allocation/LICENCE_TRANSFER/institution', 'ALLOCATION', 'FEN', 1_500],
      ['settlement/stl-1/allocation/LICENCE_TRANSFER/department', 'ALLOCATION', 'FEN', 1_000],
      ['settlement/stl-1/allocation/LICENCE_TRANSFER/tto-fund', 'ALLOCATION', 'FEN', 500],
      ['settlement/stl-1/allocation/EQUITY_GRANT/person:x', 'ALLOCATION', 'SHARES', 4],
      ['settlement/stl-1/allocation/EQUITY_GRANT/person:y', 'ALLOCATION', 'SHARES', 3],
      ['settlement/stl-1/allocation/EQUITY_GRANT/institution', 'ALLOCATION', 'SHARES', 2],
      ['settlement/stl-1/allocation/EQUITY_GRANT/department', 'ALLOCATION', 'SHARES', 1],
    ]);
    expect(booked.every((e) => ZLedgerEntry.safeParse(e).success)).toBe(true);
    // Income by the day received, the rest by the day approved.
    expect(booked.map((e) => e.occurredOn)).toEqual(['2025-03-01', '2025-04-10', '2025-03-01', ...Array(9).fill('2025-04-10')]);
    // x's allocation carries the taxable part: 4,200 / 2 = 2,100.
    expect(booked[3]?.taxableWageIncomeFen).toBe(2_100);
    // Same result, same entries.
    expect(ledgerEntriesFor({ result: smallSettlement(), bookedOn: '2025-04-10' })).toEqual(booked);
  });

  it('leaves every pool empty and the allocations payable', () => {
    expect(balanceMap(booked)).toEqual({
      'cost:TAX FEN': 1,
      'income:EQUITY_GRANT SHARES': -10,
      'income:LICENCE_TRANSFER FEN': -10_001,
      'payable:department FEN': 1_000,
      'payable:department SHARES': 1,
      'payable:institution FEN': 1_500,
      'payable:institution SHARES': 2,
      'payable:person:x FEN': 4_200,
      'payable:person:x SHARES': 4,
      'payable:person:y FEN': 2_800,
      'payable:person:y SHARES': 3,
      'payable:tto-fund FEN': 500,
      'pool:EQUITY_GRANT SHARES': 0,
      'pool:LICENCE_TRANSFER FEN': 0,
    });
  });
});

describe('payouts', () => {
  const payouts = payoutEntriesFor({ result, paidOn: '2025-05-06' });

  it('moves every line from payable to paid out', () => {
    expect(payouts).toHaveLength(9);
    const balances = balanceMap([...booked, ...payouts]);
    expect(Object.entries(balances).filter(([account]) => account.startsWith('payable:')).every(([, b]) => b === 0)).toBe(true);
    expect(balances['paid-out FEN']).toBe(10_000);
    expect(balances['paid-out SHARES']).toBe(10);
  });

  it('books once when the payout activity crashes after writing and is retried (even the next day)', () => {
    const ledger = [...booked, ...payouts];
    const retry = payoutEntriesFor({ result, paidOn: '2025-05-07' });
    const merged = mergeLedgerEntries({ existing: ledger, incoming: retry });
    expect(merged.toAppend).toEqual([]);
    expect(merged.alreadyBooked).toEqual(payouts.map((e) => e.key));
    expect(balanceMap([...ledger, ...merged.toAppend])['paid-out FEN']).toBe(10_000);
  });

  it('books the rest when the crash came half-way', () => {
    const firstTwo = payouts.slice(0, 2);
    const merged = mergeLedgerEntries({ existing: [...booked, ...firstTwo], incoming: payoutEntriesFor({ result, paidOn: '2025-05-06' }) });
    expect(merged.alreadyBooked).toEqual(firstTwo.map((e) => e.key));
    expect(merged.toAppend).toEqual(payouts.slice(2));
    expect(balanceMap([...booked, ...firstTwo, ...merged.toAppend])['paid-out FEN']).toBe(10_000);
  });

  it('pays selected lines, and refuses a line that does not exist', () => {
    const people = payoutEntriesFor({ result, paidOn: '2025-05-06', lineIds: ['LICENCE_TRANSFER/person:x', 'LICENCE_TRANSFER/person:y'] });
    expect(people.map((e) => e.amount)).toEqual([4_200, 2_800]);
    expect(() => payoutEntriesFor({ result, paidOn: '2025-05-06', lineIds: ['nope'] })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('refuses a key already booked with other content (a settlement is never edited)', () => {
    const changed = payouts.map((e, i) => (i === 0 ? { ...e, amount: e.amount + 1 } : e));
    try {
      mergeLedgerEntries({ existing: [...booked, ...payouts], incoming: changed });
      expect.unreachable();
    } catch (error) {
      expect(AppError.is(error, 'CONFLICT')).toBe(true);
      expect((error as AppError).details).toEqual({ key: payouts[0]?.key ?? '', fields: ['amount'] });
    }
  });
});

describe('reversalEntriesFor', () => {
  const payouts = payoutEntriesFor({ result, paidOn: '2025-05-06' });
  const original = [...booked, ...payouts];

  it('mirrors every entry with a negated amount and the reason, so the settlement nets to zero', () => {
    const reversal = reversalEntriesFor({ entries: original, reason: '许可合同解除，退还入门费', reversedOn: '2025-09-01' });
    expect(reversal).toHaveLength(original.length);
    expect(reversal.map((e) => e.amount)).toEqual(original.map((e) => -e.amount));
    expect(reversal.map((e) => e.reversalOf)).toEqual(original.map((e) => e.key));
    expect(reversal.every((e) => e.reason === '许可合同解除，退还入门费' && e.occurredOn === '2025-09-01')).toBe(true);
    expect(reversal[3]).toMatchObject({ key: 'settlement/stl-1/allocation/LICENCE_TRANSFER/person:x/reversal', taxableWageIncomeFen: -2_100 });
    expect(reversal.every((e) => ZLedgerEntry.safeParse(e).success)).toBe(true);
    expect(netsToZero(original)).toBe(false);
    expect(netsToZero([...original, ...reversal])).toBe(true);
    expect(ledgerBalances([...original, ...reversal]).every((b) => b.balance === 0)).toBe(true);
  });

  it('needs a reason, and refuses to reverse twice', () => {
    expect(() => reversalEntriesFor({ entries: original, reason: '  ', reversedOn: '2025-09-01' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    const reversal = reversalEntriesFor({ entries: original, reason: '错误', reversedOn: '2025-09-01' });
    expect(() => reversalEntriesFor({ entries: [...original, ...reversal], reason: '再次', reversedOn: '2025-09-02' })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    // A retried reversal has the same keys: booked once.
    const again = reversalEntriesFor({ entries: original, reason: '错误', reversedOn: '2025-09-02' });
    expect(mergeLedgerEntries({ existing: [...original, ...reversal], incoming: again }).toAppend).toEqual([]);
  });

  it('reverses one settlement at a time', () => {
    const other = ledgerEntriesFor({ result: smallSettlement({ settlementId: 'stl-2' }), bookedOn: '2025-04-10' });
    expect(() => reversalEntriesFor({ entries: [...booked, ...other], reason: 'x', reversedOn: '2025-09-01' })).toThrow(/one settlement/);
    expect(() => reversalEntriesFor({ entries: [], reason: 'x', reversedOn: '2025-09-01' })).toThrow(/no entries/);
  });
});
