import { describe, expect, it } from 'vitest';
import { licenceEndDate, royaltyDueFen, royaltyPeriodAt, type RoyaltyPeriod } from './royalty-periods';
import type { RoyaltyPeriodKind } from './deal-mode';

function allPeriods(effectiveOn: string, termMonths: number, reportingPeriod: RoyaltyPeriodKind = 'QUARTERLY', reportDueDays = 30): RoyaltyPeriod[] {
  const periods: RoyaltyPeriod[] = [];
  for (let index = 0; ; index += 1) {
    const period = royaltyPeriodAt({ effectiveOn, termMonths, reportingPeriod, reportDueDays, index });
    if (!period) return periods;
    periods.push(period);
  }
}

describe('royaltyPeriodAt', () => {
  it('runs quarters from the effective date, with the report due after each', () => {
    expect(allPeriods('2026-03-01', 12)).toEqual([
      { index: 0, periodStart: '2026-03-01', periodEnd: '2026-05-31', reportDueOn: '2026-06-30' },
      { index: 1, periodStart: '2026-06-01', periodEnd: '2026-08-31', reportDueOn: '2026-09-30' },
      { index: 2, periodStart: '2026-09-01', periodEnd: '2026-11-30', reportDueOn: '2026-12-30' },
      { index: 3, periodStart: '2026-12-01', periodEnd: '2027-02-28', reportDueOn: '2027-03-30' },
    ]);
  });

  it('clamps month ends without drifting: a licence from 31 January', () => {
    const periods = allPeriods('2026-01-31', 12, 'QUARTERLY', 15);
    expect(periods.map((period) => [period.periodStart, period.periodEnd])).toEqual([
      ['2026-01-31', '2026-04-29'],
      ['2026-04-30', '2026-07-30'],
      ['2026-07-31', '2026-10-30'],
      ['2026-10-31', '2027-01-30'],
    ]);
    // Periods are contiguous: each starts the day after the previous one ends.
    expect(allPeriods('2024-02-29', 24, 'HALF_YEARLY').map((period) => period.periodStart)).toEqual(['2024-02-29', '2024-08-29', '2025-02-28', '2025-08-29']);
  });

  it('cuts the last period at the licence’s last day', () => {
    const periods = allPeriods('2026-03-01', 10);
    expect(periods).toHaveLength(4);
    expect(periods.at(-1)).toEqual({ index: 3, periodStart: '2026-12-01', periodEnd: '2026-12-31', reportDueOn: '2027-01-30' });
    expect(licenceEndDate({ effectiveOn: '2026-03-01', termMonths: 10 })).toBe('2026-12-31');
  });

  it('a ten-year quarterly licence has 40 periods, the last ending on its last day', () => {
    const periods = allPeriods('2026-11-27', 120);
    expect(periods).toHaveLength(40);
    expect(periods[39]).toMatchObject({ periodStart: '2036-08-27', periodEnd: '2036-11-26' });
    expect(licenceEndDate({ effectiveOn: '2026-11-27', termMonths: 120 })).toBe('2036-11-26');
    expect(royaltyPeriodAt({ effectiveOn: '2026-11-27', termMonths: 120, reportingPeriod: 'QUARTERLY', reportDueDays: 30, index: 40 })).toBeNull();
    expect(allPeriods('2026-11-27', 120, 'YEARLY')).toHaveLength(10);
  });
});

describe('royaltyDueFen', () => {
  it('is rate × net sales, rounded half up to the fen', () => {
    expect(royaltyDueFen({ netSalesFen: 123_456_789, rateBp: 350 })).toBe(4_320_988); // 4,320,987.615
    expect(royaltyDueFen({ netSalesFen: 10_000, rateBp: 350 })).toBe(350);
    expect(royaltyDueFen({ netSalesFen: 1, rateBp: 5_000 })).toBe(1); // 0.5 → 1
    expect(royaltyDueFen({ netSalesFen: 1, rateBp: 4_999 })).toBe(0); // 0.4999 → 0
    expect(royaltyDueFen({ netSalesFen: 0, rateBp: 350 })).toBe(0);
  });

  it('stays exact where the product exceeds 2^53', () => {
    // 9,007,199,254,740,991 × 3,333 = 30,020,995,116,051,723,003 (far past 2^53); / 10,000 = …605,172.3003
    expect(royaltyDueFen({ netSalesFen: Number.MAX_SAFE_INTEGER, rateBp: 3_333 })).toBe(3_002_099_511_605_172);
  });
});
