import { describe, expect, it } from 'vitest';
import { annualConversionReport, type TConversionContract } from './annual-conversion-report';
import { CSV_BOM, csvField, toCsv } from '../csv';
import { ledgerEntriesFor, payoutEntriesFor } from './ledger-entries-for';
import { annualConversionReportCsv, personRewardsCsv, yearRewardsCsv } from './report-csv';
import { reversalEntriesFor } from './reversal-entries-for';
import { rewardsByDeal, rewardsByPerson, rewardsByYear } from './settlement-reports';
import { smallSettlement } from './test-fixtures';

/*
 * Three settlements of the small fixture (each: income 10,001, deduction 1, team 7,000 —
 * x 4,200 (taxable 2,100), y 2,800 (taxable 1,400) — institution 1,500, department 1,000,
 * TTO fund 500; shares 10 → x 4, y 3, institution 2, department 1):
 *   S1 deal-1: received 2025-03-01, approved 2025-04-10, every line paid 2025-05-06.
 *   S2 deal-2: received 2025-06-01, approved 2025-07-01, the people's lines paid 2026-01-05.
 *   S3 deal-1: received 2025-08-01, approved 2025-08-15, reversed 2026-02-01 before payment.
 */
const s1 = smallSettlement({ settlementId: 'S1', dealId: 'deal-1', receivedOn: '2025-03-01' });
const s2 = smallSettlement({ settlementId: 'S2', dealId: 'deal-2', receivedOn: '2025-06-01' });
const s3 = smallSettlement({ settlementId: 'S3', dealId: 'deal-1', receivedOn: '2025-08-01' });
const peopleLines = (result: typeof s2) => result.lines.filter((l) => l.recipient.kind === 'PERSON').map((l) => l.lineId);
const s3Entries = ledgerEntriesFor({ result: s3, bookedOn: '2025-08-15' });
const ledger = [
  ...ledgerEntriesFor({ result: s1, bookedOn: '2025-04-10' }),
  ...payoutEntriesFor({ result: s1, paidOn: '2025-05-06' }),
  ...ledgerEntriesFor({ result: s2, bookedOn: '2025-07-01' }),
  ...payoutEntriesFor({ result: s2, paidOn: '2026-01-05', lineIds: peopleLines(s2) }),
  ...s3Entries,
  ...reversalEntriesFor({ entries: s3Entries, reason: '重复登记', reversedOn: '2026-02-01' }),
];

describe('rewardsByPerson', () => {
  it('sums allocations, taxable income, payouts and shares, reversals included', () => {
    expect(rewardsByPerson({ entries: ledger })).toEqual([
      // x: allocated 4,200 × 3 − 4,200 = 8,400; taxable 2,100 × 2 = 4,200; paid S1 + S2 = 8,400;
      // shares 4 × 3 − 4 = 8, transferred 8; deal-1 and deal-2; S1 and S2 (S3 nets to zero).
      { personId: 'x', name: '徐一', allocatedFen: 8_400, taxableWageIncomeFen: 4_200, paidFen: 8_400, sharesAllocated: 8, sharesTransferred: 8, deals: 2, settlements: 2 },
      { personId: 'y', name: '杨二', allocatedFen: 5_600, taxableWageIncomeFen: 2_800, paidFen: 5_600, sharesAllocated: 6, sharesTransferred: 6, deals: 2, settlements: 2 },
    ]);
    // 2026 only: S2 paid (4,200 and 4 shares to x), S3 reversed (−4,200, −2,100 taxable, −4 shares).
    expect(rewardsByPerson({ entries: ledger, year: 2026 })[0]).toEqual({
      personId: 'x',
      name: '徐一',
      allocatedFen: -4_200,
      taxableWageIncomeFen: -2_100,
      paidFen: 4_200,
      sharesAllocated: -4,
      sharesTransferred: 4,
      deals: 1,
      settlements: 1,
    });
  });
});

describe('rewardsByDeal and rewardsByYear', () => {
  it('totals per deal', () => {
    const [deal1, deal2] = rewardsByDeal({ entries: ledger });
    // deal-1 = S1 (S3 and its reversal cancel): all paid.
    expect(deal1).toEqual({
      dealId: 'deal-1',
      incomeFen: 10_001,
      deductionsFen: 1,
      toPeopleFen: 7_000,
      toInstitutionFen: 1_500,
      toDepartmentFen: 1_000,
      toTtoFundFen: 500,
      paidToPeopleFen: 7_000,
      paidOtherFen: 3_000,
      taxableWageIncomeFen: 3_500,
      sharesGranted: 10,
      sharesToPeople: 7,
      peopleRewarded: 2,
    });
    // deal-2 = S2: the people paid, the institution's lines not yet.
    expect(deal2).toMatchObject({ dealId: 'deal-2', incomeFen: 10_001, paidToPeopleFen: 7_000, paidOtherFen: 0, toPeopleFen: 7_000 });
  });

  it('totals per year by the day each entry occurred', () => {
    expect(rewardsByYear({ entries: ledger })).toEqual([
      {
        year: 2025,
        incomeFen: 30_003, // 3 × 10,001
        deductionsFen: 3,
        toPeopleFen: 21_000,
        toInstitutionFen: 4_500,
        toDepartmentFen: 3_000,
        toTtoFundFen: 1_500,
        paidToPeopleFen: 7_000, // S1
        paidOtherFen: 3_000, // S1
        taxableWageIncomeFen: 10_500, // 3 × 3,500
        sharesGranted: 30,
        sharesToPeople: 21,
        peopleRewarded: 2,
      },
      {
        year: 2026,
        incomeFen: -10_001, // S3 reversed
        deductionsFen: -1,
        toPeopleFen: -7_000,
        toInstitutionFen: -1_500,
        toDepartmentFen: -1_000,
        toTtoFundFen: -500,
        paidToPeopleFen: 7_000, // S2
        paidOtherFen: 0,
        taxableWageIncomeFen: -3_500,
        sharesGranted: -10,
        sharesToPeople: -7,
        peopleRewarded: 0,
      },
    ]);
  });
});

describe('annualConversionReport', () => {
  const contracts: TConversionContract[] = [
    { dealId: 'deal-1', reference: 'IP-1', mode: 'LICENCE', signedOn: '2025-01-10', contractAmountFen: 1_000_000 },
    { dealId: 'deal-2', reference: 'IP-2', mode: 'EQUITY', signedOn: '2024-12-20', contractAmountFen: 500_000 },
    { dealId: 'deal-3', reference: 'IP-3', mode: 'TRANSFER', signedOn: '2025-11-11', contractAmountFen: 12_345 },
    { dealId: 'deal-4', reference: 'IP-4', mode: 'LICENCE', signedOn: null, contractAmountFen: 99 },
  ];

  it('counts contracts signed, income, rewards and people per mode and in total', () => {
    const report = annualConversionReport({ year: 2025, contracts, entries: ledger });
    expect(report.rows.map((r) => [r.mode, r.contractsSigned, r.contractAmountFen, r.incomeReceivedFen, r.rewardsAllocatedFen, r.rewardsPaidFen, r.sharesToPeople, r.peopleRewarded])).toEqual([
      ['TRANSFER', 1, 12_345, 0, 0, 0, 0, 0],
      ['LICENCE', 1, 1_000_000, 20_002, 14_000, 7_000, 7, 2], // S1 + S3 received and approved in 2025; S1 paid
      ['EQUITY', 0, 0, 10_001, 7_000, 0, 0, 0], // signed 2024; S2 received and approved in 2025, paid in 2026
      ['SELF_IMPLEMENTATION', 0, 0, 0, 0, 0, 0, 0],
      ['TOTAL', 2, 1_012_345, 30_003, 21_000, 7_000, 7, 2],
    ]);
    const next = annualConversionReport({ year: 2026, contracts, entries: ledger });
    expect(next.rows.find((r) => r.mode === 'EQUITY')).toMatchObject({ rewardsPaidFen: 7_000, sharesToPeople: 7, peopleRewarded: 2 });
    expect(next.rows.find((r) => r.mode === 'LICENCE')).toMatchObject({ incomeReceivedFen: -10_001, rewardsAllocatedFen: -7_000, peopleRewarded: 0 });
  });

  it('refuses entries of a deal it has no contract for', () => {
    expect(() => annualConversionReport({ year: 2025, contracts: contracts.slice(1), entries: ledger })).toThrow(/deal-1/);
  });

  it('exports as CSV', () => {
    const csv = annualConversionReportCsv(annualConversionReport({ year: 2025, contracts, entries: ledger }));
    const lines = csv.slice(1).split('\r\n');
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(lines[0]).toBe(
      '年度 Year,转化方式 Mode,合同数 Contracts signed,合同金额 Contract amount (CNY),到账收入 Income received (CNY),个人奖励 Rewards allocated (CNY),已发放奖励 Rewards paid (CNY),奖励股权 Shares to people,获奖人数 People rewarded',
    );
    expect(lines[2]).toBe('2025,许可 Licence,1,10000.00,200.02,140.00,70.00,7,2');
    expect(lines[5]).toBe('2025,合计 Total,2,10123.45,300.03,210.00,70.00,7,2');
    expect(lines.at(-1)).toBe('');
  });
});

describe('CSV', () => {
  it('quotes and escapes like RFC 4180 and neutralises formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('张三, 李四')).toBe('"张三, 李四"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@x')).toBe("'@x");
    expect(csvField(-12)).toBe('-12');
    expect(csvField({ raw: '-12.50' })).toBe('-12.50');
    expect(csvField(null)).toBe('');
    expect(toCsv({ header: ['a', 'b'], rows: [[1, 'x,y']] })).toBe(`${CSV_BOM}a,b\r\n1,"x,y"\r\n`);
  });

  it('writes the per-person and per-year reports with amounts in yuan', () => {
    const people = personRewardsCsv(rewardsByPerson({ entries: ledger })).slice(1).split('\r\n');
    expect(people[1]).toBe('x,徐一,84.00,42.00,84.00,8,8,2,2');
    const years = yearRewardsCsv(rewardsByYear({ entries: ledger })).slice(1).split('\r\n');
    expect(years[2]).toBe('2026,-100.01,-0.01,-70.00,-15.00,-10.00,-5.00,70.00,0.00,-35.00,-10,-7,0');
    const tricky = personRewardsCsv([{ personId: '=cmd', name: '王, "老" 师', allocatedFen: 1, taxableWageIncomeFen: 1, paidFen: 0, sharesAllocated: 0, sharesTransferred: 0, deals: 1, settlements: 1 }]);
    expect(tricky.slice(1).split('\r\n')[1]).toBe(`'=cmd,"王, ""老"" 师",0.01,0.01,0.00,0,0,1,1`);
  });
});
