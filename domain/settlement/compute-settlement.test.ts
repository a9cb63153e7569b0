import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { defaultPolicyProfile } from '../policy/default-policy-profile';
import type { TPolicyProfile } from '../policy/policy-profile';
import { computeSettlement } from './compute-settlement';
import type { TSettlementInputDraft } from './settlement-input';
import type { TSettlementResult, TTeamSplit } from './settlement-result';

/*
 * Hand-computed cases. Each expected figure was worked out beside the test, step by step, with
 * the rule written in DESIGN.md §7 and compute-settlement.ts (not by running the code):
 *   quota = amount × weight / Σweights; everyone gets floor(quota); the fen left over go one
 *   each to the largest remainders (ties: larger weight, then listed first).
 * "r" below is the remainder (fractional part of the quota). Split order: team, institution,
 * department, TTO fund. Default profile: licence and equity 70/15/10/5 %, self-implementation
 * 5/95/0/0 %, main contributors ≥ 50%, 50% wage income with a contract registration.
 */

function profileWith(edit: (profile: TPolicyProfile) => void): TPolicyProfile {
  const copy = structuredClone(defaultPolicyProfile);
  edit(copy);
  return copy;
}
const noMainRule = profileWith((p) => (p.benefitShare.mainContributorsMinBp = null));

const DEAL = { id: 'deal-1', reference: 'IP-2025-0001', title: '一种高强度铝合金的制备方法', mode: 'LICENCE' as const };
const REG_NO = '2025110108000123';

function input(overrides: Partial<TSettlementInputDraft>): TSettlementInputDraft {
  return {
    settlementId: 'stl-1',
    deal: DEAL,
    period: { from: '2025-01-01', to: '2025-12-31' },
    team: [{ personId: 'p1', name: '张一', contributionShareBp: 10_000, mainContributor: true }],
    ...overrides,
  };
}

const event = (id: string, kind: string, amountFen: number, receivedOn: string, extra: object = {}) => ({
  id,
  dealId: DEAL.id,
  kind: kind as 'UPFRONT',
  amountFen,
  receivedOn,
  evidenceDocumentIds: [`doc-${id}`],
  ...extra,
});

/** lineId → amount, for asserting every line (and that there are no others). */
const amounts = (result: TSettlementResult) => Object.fromEntries(result.lines.map((line) => [line.lineId, line.amount]));
const taxable = (result: TSettlementResult) =>
  Object.fromEntries(result.lines.map((line) => [line.lineId, line.tax.taxableWageIncomeFen]));
const members = (split: TTeamSplit) => split.members.map((m) => [m.personId, m.proportional, m.final]);

/** The invariants, checked again from the outside. */
function expectWhole(result: TSettlementResult): void {
  for (const c of result.classes) {
    expect(c.grossFen - c.deductionsFen).toBe(c.netFen);
    expect(c.shares.team + c.shares.institution + c.shares.department + c.shares.ttoFund).toBe(c.netFen);
    expect(c.teamSplit.members.reduce((s, m) => s + m.final, 0)).toBe(c.shares.team);
    expect(result.lines.filter((l) => l.source === c.incomeClass).reduce((s, l) => s + l.amount, 0)).toBe(c.netFen);
  }
  if (result.equity !== null) {
    const e = result.equity;
    expect(e.shares.team + e.shares.institution + e.shares.department + e.shares.ttoFund).toBe(e.sharesGranted);
    expect(result.lines.filter((l) => l.source === 'EQUITY_GRANT').reduce((s, l) => s + l.amount, 0)).toBe(e.sharesGranted);
  }
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
}

function refusal(run: () => unknown): { code: string; reason: unknown; paths: string[]; message: string } {
  try {
    run();
  } catch (error) {
    if (!AppError.is(error)) throw error;
    const issues = (error.details?.issues ?? []) as { path: string }[];
    return { code: error.code, reason: error.details?.reason, paths: issues.map((i) => i.path), message: error.message };
  }
  throw new Error('expected a refusal');
}

describe('computeSettlement — hand-computed cases', () => {
  it('case 1: ¥1,000.01 upfront, three members, the odd fen to the largest remainders', () => {
    const result = computeSettlement({
      profile: noMainRule,
      input: input({
        incomeEvents: [event('e1', 'UPFRONT', 100_001, '2025-02-10')],
        team: [
          { personId: 'p1', name: '张一', contributionShareBp: 3_334 },
          { personId: 'p2', name: '李二', contributionShareBp: 3_333 },
          { personId: 'p3', name: '王三', contributionShareBp: 3_333 },
        ],
      }),
    });
    // net 100,001. team 70,000.7 (r .7) · inst 15,000.15 · dept 10,000.1 · tto 5,000.05
    // floors 100,000; 1 fen left → team (.7).
    expect(result.classes[0]?.shares).toEqual({ team: 70_001, institution: 15_000, department: 10_000, ttoFund: 5_000 });
    // team 70,001: p1 × .3334 = 23,338.3334 · p2, p3 × .3333 = 23,331.3333; floors 70,000; 1 fen → p1 (r .3334).
    expect(members(result.classes[0]!.teamSplit)).toEqual([
      ['p1', 23_339, 23_339],
      ['p2', 23_331, 23_331],
      ['p3', 23_331, 23_331],
    ]);
    expect(amounts(result)).toEqual({
      'LICENCE_TRANSFER/person:p1': 23_339,
      'LICENCE_TRANSFER/person:p2': 23_331,
      'LICENCE_TRANSFER/person:p3': 23_331,
      'LICENCE_TRANSFER/institution': 15_000,
      'LICENCE_TRANSFER/department': 10_000,
      'LICENCE_TRANSFER/tto-fund': 5_000,
    });
    // No contract registration: the whole reward is wage income.
    expect(taxable(result)).toEqual({
      'LICENCE_TRANSFER/person:p1': 23_339,
      'LICENCE_TRANSFER/person:p2': 23_331,
      'LICENCE_TRANSFER/person:p3': 23_331,
      'LICENCE_TRANSFER/institution': null,
      'LICENCE_TRANSFER/department': null,
      'LICENCE_TRANSFER/tto-fund': null,
    });
    expect(result.lines.filter((l) => l.recipient.kind === 'PERSON').map((l) => l.tax.treatment)).toEqual([
      'WAGE_INCOME_FULL',
      'WAGE_INCOME_FULL',
      'WAGE_INCOME_FULL',
    ]);
    expectWhole(result);
  });

  it('case 2: equal shares and equal remainders — the members listed first get the odd fen', () => {
    const result = computeSettlement({
      profile: noMainRule,
      input: input({
        incomeEvents: [event('e1', 'ROYALTY', 1_003, '2025-03-31')],
        team: ['p1', 'p2', 'p3', 'p4'].map((personId) => ({ personId, name: personId, contributionShareBp: 2_500 })),
      }),
    });
    // net 1,003: team 702.1 (r .1) · inst 150.45 (r .45) · dept 100.3 (r .3) · tto 50.15 (r .15)
    // floors 1,002; 1 fen → institution (.45).
    expect(result.classes[0]?.shares).toEqual({ team: 702, institution: 151, department: 100, ttoFund: 50 });
    // team 702 / 4 = 175.5 each: floors 700, 2 fen left, all remainders .5 and weights equal → p1, p2.
    expect(amounts(result)).toEqual({
      'LICENCE_TRANSFER/person:p1': 176,
      'LICENCE_TRANSFER/person:p2': 176,
      'LICENCE_TRANSFER/person:p3': 175,
      'LICENCE_TRANSFER/person:p4': 175,
      'LICENCE_TRANSFER/institution': 151,
      'LICENCE_TRANSFER/department': 100,
      'LICENCE_TRANSFER/tto-fund': 50,
    });
    expectWhole(result);
  });

  it('case 3: a tie between institution and department goes to the one listed first; zero lines are left out', () => {
    const profile = profileWith((p) => {
      p.benefitShare.mainContributorsMinBp = null;
      p.benefitShare.licenceIncome = { teamBp: 5_000, institutionBp: 2_500, departmentBp: 2_500, ttoFundBp: 0 };
    });
    const result = computeSettlement({
      profile,
      input: input({
        incomeEvents: [event('e1', 'ROYALTY', 2, '2025-03-31')],
        team: [
          { personId: 'p1', name: '张一', contributionShareBp: 5_000 },
          { personId: 'p2', name: '李二', contributionShareBp: 5_000 },
        ],
      }),
    });
    // net 2: team 1.0 · inst 0.5 · dept 0.5 · tto 0; floors 1; 1 fen, tie .5/.5, equal weights → institution.
    expect(result.classes[0]?.shares).toEqual({ team: 1, institution: 1, department: 0, ttoFund: 0 });
    // team 1: 0.5 each → p1 (listed first).
    expect(amounts(result)).toEqual({ 'LICENCE_TRANSFER/person:p1': 1, 'LICENCE_TRANSFER/institution': 1 });
    expect(result.people.map((p) => [p.personId, p.cashFen])).toEqual([
      ['p1', 1],
      ['p2', 0],
    ]);
    expectWhole(result);
  });

  it('case 4: four licence payments, three deductions, seven members, main contributors already above 50%, 50% wage income', () => {
    const result = computeSettlement({
      profile: defaultPolicyProfile,
      input: input({
        deal: { ...DEAL, techContractRegNo: REG_NO },
        incomeEvents: [
          event('e-royalty', 'ROYALTY', 3_777_777, '2025-06-30'),
          event('e-upfront', 'UPFRONT', 100_000_001, '2025-01-15'),
          event('e-top-up', 'MINIMUM_ROYALTY_TOP_UP', 1_222_223, '2025-12-31'),
          event('e-milestone', 'MILESTONE', 25_000_033, '2025-04-30'),
        ],
        deductions: [
          { id: 'd-tax', kind: 'TAX', incomeClass: 'LICENCE_TRANSFER', amountFen: 1_234_567 },
          { id: 'd-patent', kind: 'PATENT_MAINTENANCE', incomeClass: 'LICENCE_TRANSFER', amountFen: 345_679 },
          { id: 'd-other', kind: 'OTHER', incomeClass: 'LICENCE_TRANSFER', amountFen: 99_999, evidenceDocumentIds: ['doc-audit'], note: '审计费' },
        ],
        team: [
          { personId: 'A', name: 'A', contributionShareBp: 2_600, mainContributor: true },
          { personId: 'B', name: 'B', contributionShareBp: 2_500, mainContributor: true },
          { personId: 'C', name: 'C', contributionShareBp: 1_500 },
          { personId: 'D', name: 'D', contributionShareBp: 1_200 },
          { personId: 'E', name: 'E', contributionShareBp: 1_100 },
          { personId: 'F', name: 'F', contributionShareBp: 700 },
          { personId: 'G', name: 'G', contributionShareBp: 400 },
        ],
      }),
    });
    const licence = result.classes[0]!;
    // gross 100,000,001 + 25,000,033 + 3,777,777 + 1,222,223 = 130,000,034
    // deductions 1,234,567 + 345,679 + 99,999 = 1,680,245 → net 128,319,789
    expect([licence.grossFen, licence.deductionsFen, licence.netFen]).toEqual([130_000_034, 1_680_245, 128_319_789]);
    // income listed by date received
    expect(licence.income.map((i) => i.eventId)).toEqual(['e-upfront', 'e-milestone', 'e-royalty', 'e-top-up']);
    // team 89,823,852.3 (r .3) · inst 19,247,968.35 (r .35) · dept 12,831,978.9 (r .9) · tto 6,415,989.45 (r .45)
    // floors 128,319,787; 2 fen → dept (.9), tto (.45).
    expect(licence.shares).toEqual({ team: 89_823_852, institution: 19_247_968, department: 12_831_979, ttoFund: 6_415_990 });
    // team 89,823,852: A 23,354,201.52 · B 22,455,963.00 · C 13,473,577.8 · D 10,778,862.24 ·
    // E 9,880,623.72 · F 6,287,669.64 · G 3,592,954.08; floors 89,823,849; 3 fen → C (.8), E (.72), F (.64).
    // Main (A+B) 45,810,164 ≥ ⌈89,823,852 / 2⌉ = 44,911,926: no top-up.
    expect(licence.teamSplit.toppedUp).toBe(false);
    expect(licence.teamSplit.requiredForMain).toBe(44_911_926);
    expect(amounts(result)).toEqual({
      'LICENCE_TRANSFER/person:A': 23_354_201,
      'LICENCE_TRANSFER/person:B': 22_455_963,
      'LICENCE_TRANSFER/person:C': 13_473_578,
      'LICENCE_TRANSFER/person:D': 10_778_862,
      'LICENCE_TRANSFER/person:E': 9_880_624,
      'LICENCE_TRANSFER/person:F': 6_287_670,
      'LICENCE_TRANSFER/person:G': 3_592_954,
      'LICENCE_TRANSFER/institution': 19_247_968,
      'LICENCE_TRANSFER/department': 12_831_979,
      'LICENCE_TRANSFER/tto-fund': 6_415_990,
    });
    // 50% wage income, odd fen rounded half up: 23,354,201 / 2 = 11,677,100.5 → 11,677,101, etc.
    expect(taxable(result)).toEqual({
      'LICENCE_TRANSFER/person:A': 11_677_101,
      'LICENCE_TRANSFER/person:B': 11_227_982, // 22,455,963 / 2 = 11,227,981.5
      'LICENCE_TRANSFER/person:C': 6_736_789, // 13,473,578 / 2
      'LICENCE_TRANSFER/person:D': 5_389_431, // 10,778,862 / 2
      'LICENCE_TRANSFER/person:E': 4_940_312, // 9,880,624 / 2
      'LICENCE_TRANSFER/person:F': 3_143_835, // 6,287,670 / 2
      'LICENCE_TRANSFER/person:G': 1_796_477, // 3,592,954 / 2
      'LICENCE_TRANSFER/institution': null,
      'LICENCE_TRANSFER/department': null,
      'LICENCE_TRANSFER/tto-fund': null,
    });
    const lineA = result.lines[0]!;
    expect(lineA.tax).toMatchObject({ treatment: 'WAGE_INCOME_HALF', citation: '财税〔2018〕58号', reliefDeadline: '2028-01-15' });
    // 11,677,101 + 11,227,982 + 6,736,789 + 5,389,431 + 4,940,312 + 3,143,835 + 1,796,477 = 44,911,927
    expect(result.totals.taxableWageIncomeFen).toBe(44_911_927);
    // ¥1,283,197.89 net > ¥1M: leadership approves.
    expect(result.approval).toMatchObject({ amountFen: 128_319_789, approverRole: 'LEADERSHIP', leadershipRequired: true, tierIndex: 1 });
    expect(result.publicity).toEqual({ days: 15, dayKind: 'WORKING' });
    expectWhole(result);
  });

  it('case 5: main contributors below 50% are topped up, taken from the others by their shares', () => {
    const result = computeSettlement({
      profile: defaultPolicyProfile,
      input: input({
        deal: { ...DEAL, techContractRegNo: REG_NO },
        incomeEvents: [event('e1', 'ROYALTY', 9_876_543, '2025-09-30')],
        deductions: [{ id: 'd1', kind: 'TRANSACTION', incomeClass: 'LICENCE_TRANSFER', amountFen: 12_345 }],
        team: [
          { personId: 'M1', name: 'M1', contributionShareBp: 1_800, mainContributor: true },
          { personId: 'M2', name: 'M2', contributionShareBp: 1_200, mainContributor: true },
          { personId: 'O1', name: 'O1', contributionShareBp: 3_000 },
          { personId: 'O2', name: 'O2', contributionShareBp: 2_500 },
          { personId: 'O3', name: 'O3', contributionShareBp: 1_500 },
        ],
      }),
    });
    const licence = result.classes[0]!;
    // net 9,876,543 − 12,345 = 9,864,198.
    // team 6,904,938.6 (r .6) · inst 1,479,629.7 (.7) · dept 986,419.8 (.8) · tto 493,209.9 (.9)
    // floors 9,864,195; 3 fen → tto, dept, inst.
    expect(licence.shares).toEqual({ team: 6_904_938, institution: 1_479_630, department: 986_420, ttoFund: 493_210 });
    // By share: M1 1,242,888.84 · M2 828,592.56 · O1 2,071,481.4 · O2 1,726,234.5 · O3 1,035,740.7
    // floors 6,904,935; 3 fen → M1 (.84), O3 (.7), M2 (.56).
    // Main M1+M2 = 1,242,889 + 828,593 = 2,071,482 < ⌈6,904,938 × 50%⌉ = 3,452,469 → top-up.
    // Mains get 3,452,469 by 1800:1200 → M1 2,071,481.4, M2 1,380,987.6; 1 fen → M2.
    // Others get 6,904,938 − 3,452,469 = 3,452,469 by 3000:2500:1500 →
    //   O1 1,479,629.571 · O2 1,233,024.643 · O3 739,814.786; 2 fen → O3 (.786), O2 (.643).
    expect(members(licence.teamSplit)).toEqual([
      ['M1', 1_242_889, 2_071_481],
      ['M2', 828_593, 1_380_988],
      ['O1', 2_071_481, 1_479_629],
      ['O2', 1_726_234, 1_233_025],
      ['O3', 1_035_741, 739_815],
    ]);
    expect(licence.teamSplit).toMatchObject({ toppedUp: true, requiredForMain: 3_452_469, mainProportional: 2_071_482 });
    expect(amounts(result)).toEqual({
      'LICENCE_TRANSFER/person:M1': 2_071_481,
      'LICENCE_TRANSFER/person:M2': 1_380_988,
      'LICENCE_TRANSFER/person:O1': 1_479_629,
      'LICENCE_TRANSFER/person:O2': 1_233_025,
      'LICENCE_TRANSFER/person:O3': 739_815,
      'LICENCE_TRANSFER/institution': 1_479_630,
      'LICENCE_TRANSFER/department': 986_420,
      'LICENCE_TRANSFER/tto-fund': 493_210,
    });
    // halves rounded half up: 1,035,740.5 → 1,035,741 · 690,494 · 739,814.5 → 739,815 · 616,512.5 → 616,513 · 369,907.5 → 369,908
    expect(result.people.map((p) => p.taxableWageIncomeFen)).toEqual([1_035_741, 690_494, 739_815, 616_513, 369_908]);
    // The main contributor's statement explains the top-up.
    const step = licence.teamSplit.members[1]!.steps.find((s) => s.key === 'member.main-contributor-top-up');
    expect(step?.value).toEqual({ unit: 'FEN', amount: 1_380_988 - 828_593 });
    expect(step?.detail?.zh).toContain('补足至 ¥34,524.69');
    expectWhole(result);
  });

  it('case 6: equity for 作价投资 is split in whole shares, with the deferral flag and the approval tier from its value', () => {
    const result = computeSettlement({
      profile: defaultPolicyProfile,
      input: input({
        deal: { ...DEAL, mode: 'EQUITY', techContractRegNo: REG_NO },
        equityGrant: {
          companyName: '杭州新材科技有限公司',
          shares: 1_000_003,
          valuationFen: 150_000_000,
          grantedOn: '2025-07-01',
          evidenceDocumentIds: ['doc-valuation'],
        },
        team: [
          { personId: 'E1', name: 'E1', contributionShareBp: 3_000, mainContributor: true },
          { personId: 'E2', name: 'E2', contributionShareBp: 2_000 },
          { personId: 'E3', name: 'E3', contributionShareBp: 1_500 },
          { personId: 'E4', name: 'E4', contributionShareBp: 1_500 },
          { personId: 'E5', name: 'E5', contributionShareBp: 1_000 },
          { personId: 'E6', name: 'E6', contributionShareBp: 1_000 },
        ],
      }),
    });
    const equity = result.equity!;
    // 1,000,003 shares: team 700,002.1 (.1) · inst 150,000.45 (.45) · dept 100,000.3 (.3) · tto 50,000.15 (.15)
    // floors 1,000,002; 1 share → institution.
    expect(equity.shares).toEqual({ team: 700_002, institution: 150_001, department: 100_000, ttoFund: 50_000 });
    // By share: E1 210,000.6 · E2 140,000.4 · E3, E4 105,000.3 · E5, E6 70,000.2; 2 shares → E1, E2.
    // Main E1 210,001 < ⌈700,002 / 2⌉ = 350,001 → E1 gets 350,001; others share 350,001 by
    // 2000:1500:1500:1000:1000 → 100,000.286 · 75,000.214 × 2 · 50,000.143 × 2; 1 share → E2.
    expect(members(equity.teamSplit)).toEqual([
      ['E1', 210_001, 350_001],
      ['E2', 140_001, 100_001],
      ['E3', 105_000, 75_000],
      ['E4', 105_000, 75_000],
      ['E5', 70_000, 50_000],
      ['E6', 70_000, 50_000],
    ]);
    expect(amounts(result)).toEqual({
      'EQUITY_GRANT/person:E1': 350_001,
      'EQUITY_GRANT/person:E2': 100_001,
      'EQUITY_GRANT/person:E3': 75_000,
      'EQUITY_GRANT/person:E4': 75_000,
      'EQUITY_GRANT/person:E5': 50_000,
      'EQUITY_GRANT/person:E6': 50_000,
      'EQUITY_GRANT/institution': 150_001,
      'EQUITY_GRANT/department': 100_000,
      'EQUITY_GRANT/tto-fund': 50_000,
    });
    expect(result.lines.every((line) => line.unit === 'SHARES')).toBe(true);
    const personTax = result.lines.filter((l) => l.recipient.kind === 'PERSON').map((l) => l.tax);
    expect(personTax.every((t) => t.treatment === 'EQUITY_DEFERRAL' && t.citation === '财税〔2016〕101号' && t.taxableWageIncomeFen === null)).toBe(true);
    expect(result.totals).toMatchObject({ netFen: 0, sharesGranted: 1_000_003, teamShares: 700_002 });
    expect(result.people.map((p) => [p.personId, p.cashFen, p.shares])).toEqual([
      ['E1', 0, 350_001],
      ['E2', 0, 100_001],
      ['E3', 0, 75_000],
      ['E4', 0, 75_000],
      ['E5', 0, 50_000],
      ['E6', 0, 50_000],
    ]);
    // No cash, but shares valued at ¥1.5M > ¥1M: leadership.
    expect(result.approval).toMatchObject({ amountFen: 150_000_000, leadershipRequired: true });
    expectWhole(result);
  });

  it('case 7: dividends and exit proceeds follow the equity split and count in full as wage income even with a registration', () => {
    const profile = profileWith((p) => {
      p.benefitShare.equity = { teamBp: 6_000, institutionBp: 2_000, departmentBp: 1_000, ttoFundBp: 1_000 };
    });
    const result = computeSettlement({
      profile,
      input: input({
        deal: { ...DEAL, mode: 'EQUITY', techContractRegNo: REG_NO },
        incomeEvents: [event('div', 'DIVIDEND', 333_333, '2025-05-20'), event('exit', 'EQUITY_EXIT', 6_666_667, '2025-11-11')],
        deductions: [{ id: 'tax', kind: 'TAX', incomeClass: 'EQUITY_PROCEEDS', amountFen: 700_001 }],
        team: [
          { personId: 'q1', name: 'q1', contributionShareBp: 5_000, mainContributor: true },
          { personId: 'q2', name: 'q2', contributionShareBp: 2_500 },
          { personId: 'q3', name: 'q3', contributionShareBp: 2_500 },
        ],
      }),
    });
    const proceeds = result.classes[0]!;
    // gross 333,333 + 6,666,667 = 7,000,000; net 7,000,000 − 700,001 = 6,299,999.
    // team 60%: 3,779,999.4 (.4) · inst 20%: 1,259,999.8 (.8) · dept 10%: 629,999.9 (.9) · tto 10%: 629,999.9 (.9)
    // floors 6,299,996; 3 fen → dept, tto (tie .9, equal weight, dept listed first), inst (.8).
    expect(proceeds).toMatchObject({ incomeClass: 'EQUITY_PROCEEDS', splitField: 'equity', netFen: 6_299_999 });
    expect(proceeds.shares).toEqual({ team: 3_779_999, institution: 1_260_000, department: 630_000, ttoFund: 630_000 });
    // By share: q1 1,889,999.5 · q2, q3 944,999.75; 2 fen → q2, q3 (.75).
    // Main q1 1,889,999 < ⌈3,779,999 / 2⌉ = 1,890,000 (exactly half is 1,889,999.5 fen): top-up by 1 fen.
    // Others share 1,889,999 → 944,999.5 each; 1 fen → q2 (listed first).
    expect(members(proceeds.teamSplit)).toEqual([
      ['q1', 1_889_999, 1_890_000],
      ['q2', 945_000, 945_000],
      ['q3', 945_000, 944_999],
    ]);
    expect(amounts(result)).toEqual({
      'EQUITY_PROCEEDS/person:q1': 1_890_000,
      'EQUITY_PROCEEDS/person:q2': 945_000,
      'EQUITY_PROCEEDS/person:q3': 944_999,
      'EQUITY_PROCEEDS/institution': 1_260_000,
      'EQUITY_PROCEEDS/department': 630_000,
      'EQUITY_PROCEEDS/tto-fund': 630_000,
    });
    expect(result.people.map((p) => p.taxableWageIncomeFen)).toEqual([1_890_000, 945_000, 944_999]);
    expect(result.lines[0]?.tax.treatment).toBe('WAGE_INCOME_FULL');
    expect(result.lines[0]?.tax.note.en).toContain('only rewards from transfer or licence income');
    expectWhole(result);
  });

  it('case 8: self-implementation — 5% of the operating profit to the team', () => {
    const result = computeSettlement({
      profile: defaultPolicyProfile,
      input: input({
        deal: { ...DEAL, mode: 'SELF_IMPLEMENTATION', selfImplementationStartedOn: '2024-07-01' },
        incomeEvents: [event('op-2025', 'OPERATING_PROFIT', 12_345_679, '2025-04-30', { fiscalYear: 2025 })],
        team: [
          { personId: 'r1', name: 'r1', contributionShareBp: 4_000, mainContributor: true },
          { personId: 'r2', name: 'r2', contributionShareBp: 3_500 },
          { personId: 'r3', name: 'r3', contributionShareBp: 2_500 },
        ],
      }),
    });
    const own = result.classes[0]!;
    // 12,345,679 × 5% = 617,283.95 (.95) · × 95% = 11,728,395.05 (.05); 1 fen → team.
    expect(own).toMatchObject({ incomeClass: 'SELF_IMPLEMENTATION', splitField: 'selfImplementation' });
    expect(own.shares).toEqual({ team: 617_284, institution: 11_728_395, department: 0, ttoFund: 0 });
    // By share: r1 246,913.6 · r2 216,049.4 · r3 154,321.0; 1 fen → r1.
    // Main r1 246,914 < ⌈617,284 / 2⌉ = 308,642 → r1 308,642; others 308,642 by 3500:2500 →
    //   r2 180,041.167 · r3 128,600.833; 1 fen → r3.
    expect(members(own.teamSplit)).toEqual([
      ['r1', 246_914, 308_642],
      ['r2', 216_049, 180_041],
      ['r3', 154_321, 128_601],
    ]);
    expect(amounts(result)).toEqual({
      'SELF_IMPLEMENTATION/person:r1': 308_642,
      'SELF_IMPLEMENTATION/person:r2': 180_041,
      'SELF_IMPLEMENTATION/person:r3': 128_601,
      'SELF_IMPLEMENTATION/institution': 11_728_395,
    });
    expect(result.people.map((p) => p.taxableWageIncomeFen)).toEqual([308_642, 180_041, 128_601]);
    expectWhole(result);
  });

  it('case 9: licence, dividend, operating profit and shares in one settlement; per-person totals across them', () => {
    const result = computeSettlement({
      profile: defaultPolicyProfile,
      input: input({
        deal: { ...DEAL, techContractRegNo: REG_NO, selfImplementationStartedOn: '2025-01-01' },
        incomeEvents: [
          event('op', 'OPERATING_PROFIT', 1_000_001, '2025-12-20', { fiscalYear: 2025 }),
          event('div', 'DIVIDEND', 2_000_003, '2025-08-01'),
          event('up', 'UPFRONT', 12_345_677, '2025-03-01'),
        ],
        deductions: [
          { id: 'tax', kind: 'TAX', incomeClass: 'LICENCE_TRANSFER', amountFen: 45_600 },
          { id: 'val', kind: 'VALUATION', incomeClass: 'EQUITY_PROCEEDS', amountFen: 4 },
        ],
        equityGrant: { companyName: 'X 公司', shares: 99_999, grantedOn: '2025-03-01', evidenceDocumentIds: ['doc-x'] },
        team: [
          { personId: 'a', name: 'a', contributionShareBp: 4_000, mainContributor: true },
          { personId: 'b', name: 'b', contributionShareBp: 3_000 },
          { personId: 'c', name: 'c', contributionShareBp: 2_000 },
          { personId: 'd', name: 'd', contributionShareBp: 1_000 },
        ],
      }),
    });
    expect(result.classes.map((c) => [c.incomeClass, c.netFen])).toEqual([
      ['LICENCE_TRANSFER', 12_300_077], // 12,345,677 − 45,600
      ['EQUITY_PROCEEDS', 1_999_999], // 2,000,003 − 4
      ['SELF_IMPLEMENTATION', 1_000_001],
    ]);
    // Licence 12,300,077: team 8,610,053.9 (.9) · inst 1,845,011.55 (.55) · dept 1,230,007.7 (.7) · tto 615,003.85 (.85);
    //   3 fen → team, tto, dept. Team 8,610,054 by share: a 3,444,021.6 · b 2,583,016.2 · c 1,722,010.8 · d 861,005.4;
    //   2 fen → c, a. Main a 3,444,022 < 4,305,027 → a 4,305,027; others 4,305,027 by 3:2:1 →
    //   b 2,152,513.5 · c 1,435,009 · d 717,504.5; 1 fen → b (tie .5 with d, larger weight).
    // Dividend 1,999,999: team 1,399,999.3 (.3) · inst 299,999.85 · dept 199,999.9 · tto 99,999.95; 3 fen → tto, dept, inst.
    //   Team 1,399,999: a 559,999.6 · b 419,999.7 · c 279,999.8 · d 139,999.9; 3 fen → d, c, b.
    //   Main a 559,999 < 700,000 → a 700,000; others 699,999 by 3:2:1 → b 349,999.5 · c 233,333 · d 116,666.5;
    //   1 fen → b (tie .5 with d, larger weight).
    // Profit 1,000,001: team 5% 50,000.05 · inst 95% 950,000.95; 1 fen → inst.
    //   Team 50,000: a 20,000 · b 15,000 · c 10,000 · d 5,000. Main a 20,000 < 25,000 → a 25,000;
    //   others 25,000 by 3:2:1 → b 12,500 · c 8,333.333 · d 4,166.667; 1 fen → d.
    // Shares 99,999: team 69,999.3 · inst 14,999.85 · dept 9,999.9 · tto 4,999.95; 3 shares → tto, dept, inst.
    //   Team 69,999: a 27,999.6 · b 20,999.7 · c 13,999.8 · d 6,999.9; 3 → d, c, b. Main a 27,999 < 35,000 → a 35,000;
    //   others 34,999 by 3:2:1 → b 17,499.5 · c 11,666.333 · d 5,833.167; 1 → b.
    expect(amounts(result)).toEqual({
      'LICENCE_TRANSFER/person:a': 4_305_027,
      'LICENCE_TRANSFER/person:b': 2_152_514,
      'LICENCE_TRANSFER/person:c': 1_435_009,
      'LICENCE_TRANSFER/person:d': 717_504,
      'LICENCE_TRANSFER/institution': 1_845_011,
      'LICENCE_TRANSFER/department': 1_230_008,
      'LICENCE_TRANSFER/tto-fund': 615_004,
      'EQUITY_PROCEEDS/person:a': 700_000,
      'EQUITY_PROCEEDS/person:b': 350_000,
      'EQUITY_PROCEEDS/person:c': 233_333,
      'EQUITY_PROCEEDS/person:d': 116_666,
      'EQUITY_PROCEEDS/institution': 300_000,
      'EQUITY_PROCEEDS/department': 200_000,
      'EQUITY_PROCEEDS/tto-fund': 100_000,
      'SELF_IMPLEMENTATION/person:a': 25_000,
      'SELF_IMPLEMENTATION/person:b': 12_500,
      'SELF_IMPLEMENTATION/person:c': 8_333,
      'SELF_IMPLEMENTATION/person:d': 4_167,
      'SELF_IMPLEMENTATION/institution': 950_001,
      'EQUITY_GRANT/person:a': 35_000,
      'EQUITY_GRANT/person:b': 17_500,
      'EQUITY_GRANT/person:c': 11_666,
      'EQUITY_GRANT/person:d': 5_833,
      'EQUITY_GRANT/institution': 15_000,
      'EQUITY_GRANT/department': 10_000,
      'EQUITY_GRANT/tto-fund': 5_000,
    });
    // Only the licence part is halved: a 4,305,027 → 2,152,514 (.5 up) + 700,000 + 25,000 = 2,877,514
    // b 2,152,514 → 1,076,257 + 350,000 + 12,500 = 1,438,757; c 1,435,009 → 717,505 + 233,333 + 8,333 = 959,171;
    // d 717,504 → 358,752 + 116,666 + 4,167 = 479,585.
    expect(result.people).toEqual([
      { personId: 'a', name: 'a', cashFen: 5_030_027, taxableWageIncomeFen: 2_877_514, shares: 35_000 },
      { personId: 'b', name: 'b', cashFen: 2_515_014, taxableWageIncomeFen: 1_438_757, shares: 17_500 },
      { personId: 'c', name: 'c', cashFen: 1_676_675, taxableWageIncomeFen: 959_171, shares: 11_666 },
      { personId: 'd', name: 'd', cashFen: 838_337, taxableWageIncomeFen: 479_585, shares: 5_833 },
    ]);
    // gross 12,345,677 + 2,000,003 + 1,000,001 = 15,345,681; net 15,300,077 (¥153,000.77 ≤ ¥1M: no leadership step).
    expect(result.totals).toMatchObject({ grossFen: 15_345_681, deductionsFen: 45_604, netFen: 15_300_077, teamFen: 10_060_053 });
    expect(result.approval).toMatchObject({ amountFen: 15_300_077, approverRole: null, leadershipRequired: false, tierIndex: 0 });
    expectWhole(result);
  });

  it('case 10: twelve members, ¥876,530.87 net, six odd fen among twelve remainders', () => {
    const shares = [1_700, 1_300, 1_100, 1_000, 900, 800, 700, 700, 600, 500, 400, 300];
    const result = computeSettlement({
      profile: noMainRule,
      input: input({
        deal: { ...DEAL, techContractRegNo: REG_NO },
        incomeEvents: [event('m', 'MILESTONE', 87_654_321, '2025-10-08')],
        deductions: [{ id: 'p', kind: 'PATENT_MAINTENANCE', incomeClass: 'LICENCE_TRANSFER', amountFen: 1_234 }],
        team: shares.map((bp, i) => ({ personId: `m${i + 1}`, name: `成员${i + 1}`, contributionShareBp: bp })),
      }),
    });
    // net 87,654,321 − 1,234 = 87,653,087: team 61,357,160.9 (.9) · inst 13,147,963.05 (.05) ·
    // dept 8,765,308.7 (.7) · tto 4,382,654.35 (.35); 2 fen → team, dept.
    expect(result.classes[0]?.shares).toEqual({ team: 61_357_161, institution: 13_147_963, department: 8_765_309, ttoFund: 4_382_654 });
    // 61,357,161 × share: m1 10,430,717.37 · m2 7,976,430.93 · m3 6,749,287.71 · m4 6,135,716.1 ·
    // m5 5,522,144.49 · m6 4,908,572.88 · m7, m8 4,295,001.27 · m9 3,681,429.66 · m10 3,067,858.05 ·
    // m11 2,454,286.44 · m12 1,840,714.83. Floors 61,357,155; 6 fen → m2 (.93), m6 (.88), m12 (.83),
    // m3 (.71), m9 (.66), m5 (.49); m11 (.44) just misses.
    expect(amounts(result)).toEqual({
      'LICENCE_TRANSFER/person:m1': 10_430_717,
      'LICENCE_TRANSFER/person:m2': 7_976_431,
      'LICENCE_TRANSFER/person:m3': 6_749_288,
      'LICENCE_TRANSFER/person:m4': 6_135_716,
      'LICENCE_TRANSFER/person:m5': 5_522_145,
      'LICENCE_TRANSFER/person:m6': 4_908_573,
      'LICENCE_TRANSFER/person:m7': 4_295_001,
      'LICENCE_TRANSFER/person:m8': 4_295_001,
      'LICENCE_TRANSFER/person:m9': 3_681_430,
      'LICENCE_TRANSFER/person:m10': 3_067_858,
      'LICENCE_TRANSFER/person:m11': 2_454_286,
      'LICENCE_TRANSFER/person:m12': 1_840_715,
      'LICENCE_TRANSFER/institution': 13_147_963,
      'LICENCE_TRANSFER/department': 8_765_309,
      'LICENCE_TRANSFER/tto-fund': 4_382_654,
    });
    // halves: 5,215,358.5 → 5,215,359 · 3,988,215.5 → 3,988,216 · 3,374,644 · 3,067,858 · 2,761,072.5 → 2,761,073 ·
    // 2,454,286.5 → 2,454,287 · 2,147,500.5 → 2,147,501 (×2) · 1,840,715 · 1,533,929 · 1,227,143 · 920,357.5 → 920,358
    expect(result.people.map((p) => p.taxableWageIncomeFen)).toEqual([
      5_215_359, 3_988_216, 3_374_644, 3_067_858, 2_761_073, 2_454_287, 2_147_501, 2_147_501, 1_840_715, 1_533_929, 1_227_143, 920_358,
    ]);
    // ¥876,530.87 ≤ ¥1M: paid after finance review and publicity, no leadership step.
    expect(result.approval).toMatchObject({ amountFen: 87_653_087, approverRole: null, leadershipRequired: false });
    expectWhole(result);
  });

  it('case 11: deductions equal to the gross leave nothing to distribute and no payout lines', () => {
    const result = computeSettlement({
      profile: defaultPolicyProfile,
      input: input({
        incomeEvents: [event('r', 'ROYALTY', 50_000, '2025-06-30')],
        deductions: [{ id: 't', kind: 'TAX', incomeClass: 'LICENCE_TRANSFER', amountFen: 50_000 }],
      }),
    });
    expect(result.classes[0]).toMatchObject({ grossFen: 50_000, deductionsFen: 50_000, netFen: 0 });
    expect(result.classes[0]?.shares).toEqual({ team: 0, institution: 0, department: 0, ttoFund: 0 });
    expect(result.lines).toEqual([]);
    expect(result.people).toEqual([{ personId: 'p1', name: '张一', cashFen: 0, taxableWageIncomeFen: 0, shares: 0 }]);
    expectWhole(result);
  });

  it('case 12: the 50% treatment needs payment within 36 months of the income and a qualifying institution', () => {
    const base = input({
      deal: { ...DEAL, techContractRegNo: REG_NO },
      incomeEvents: [event('u', 'UPFRONT', 10_001, '2025-03-01')],
      team: [
        { personId: 'x', name: 'x', contributionShareBp: 6_000, mainContributor: true },
        { personId: 'y', name: 'y', contributionShareBp: 4_000 },
      ],
    });
    // net 10,001: team 7,000.7 → 7,001 (the odd fen), inst 1,500, dept 1,000, tto 500.
    // x 4,200.6 → 4,201 · y 2,800.4 → 2,800. Main x 4,201 ≥ ⌈7,001 / 2⌉ = 3,501.
    const onTime = computeSettlement({ profile: defaultPolicyProfile, input: { ...base, plannedPayoutOn: '2028-03-01' } });
    expect(amounts(onTime)).toEqual({
      'LICENCE_TRANSFER/person:x': 4_201,
      'LICENCE_TRANSFER/person:y': 2_800,
      'LICENCE_TRANSFER/institution': 1_500,
      'LICENCE_TRANSFER/department': 1_000,
      'LICENCE_TRANSFER/tto-fund': 500,
    });
    // 4,201 / 2 = 2,100.5 → 2,101; 2,800 / 2 = 1,400.
    expect(onTime.people.map((p) => p.taxableWageIncomeFen)).toEqual([2_101, 1_400]);
    expect(onTime.lines[0]?.tax.reliefDeadline).toBe('2028-03-01');

    const late = computeSettlement({ profile: defaultPolicyProfile, input: { ...base, plannedPayoutOn: '2028-03-02' } });
    expect(late.people.map((p) => p.taxableWageIncomeFen)).toEqual([4_201, 2_800]);
    expect(late.lines[0]?.tax).toMatchObject({ treatment: 'WAGE_INCOME_FULL', reliefDeadline: '2028-03-01' });

    const notQualifying = computeSettlement({
      profile: profileWith((p) => (p.benefitShare.taxRules.techContractHalfWageIncome = false)),
      input: base,
    });
    expect(notQualifying.people.map((p) => p.taxableWageIncomeFen)).toEqual([4_201, 2_800]);
    expect(notQualifying.lines[0]?.tax.note.zh).toContain('不适用财税〔2018〕58号');

    const noDeferral = computeSettlement({
      profile: profileWith((p) => (p.benefitShare.taxRules.equityRewardDeferral = false)),
      input: { ...base, equityGrant: { companyName: 'Y', shares: 10, grantedOn: '2025-03-01', evidenceDocumentIds: ['d'] } },
    });
    expect(noDeferral.lines.find((l) => l.lineId === 'EQUITY_GRANT/person:x')?.tax.treatment).toBe('EQUITY_AT_GRANT');
  });

  it('is deterministic and independent of the order income events are listed in', () => {
    const events = [event('e1', 'ROYALTY', 333_333, '2025-03-31'), event('e2', 'ROYALTY', 444_447, '2025-06-30')];
    const team = [
      { personId: 'p1', name: 'p1', contributionShareBp: 5_001, mainContributor: true },
      { personId: 'p2', name: 'p2', contributionShareBp: 4_999 },
    ];
    const a = computeSettlement({ profile: defaultPolicyProfile, input: input({ incomeEvents: events, team }) });
    const b = computeSettlement({ profile: defaultPolicyProfile, input: input({ incomeEvents: [...events].reverse(), team }) });
    expect(b).toEqual(a);
  });
});

describe('computeSettlement — refusals', () => {
  const licenceInput = input({ incomeEvents: [event('e1', 'UPFRONT', 100_000, '2025-02-01')] });

  it('refuses a profile that gives the team less than the legal minimum, naming the field', () => {
    const licence = refusal(() =>
      computeSettlement({
        profile: profileWith((p) => (p.benefitShare.licenceIncome = { teamBp: 4_999, institutionBp: 3_001, departmentBp: 1_000, ttoFundBp: 1_000 })),
        input: licenceInput,
      }),
    );
    expect(licence).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'TEAM_SHARE_BELOW_LEGAL_MINIMUM', paths: ['benefitShare.licenceIncome.teamBp'] });
    expect(licence.message).toMatch(/at least 5000 \(50% of net transfer or licence income/);

    const equity = refusal(() =>
      computeSettlement({
        profile: profileWith((p) => (p.benefitShare.equity = { teamBp: 4_000, institutionBp: 6_000, departmentBp: 0, ttoFundBp: 0 })),
        input: licenceInput,
      }),
    );
    expect(equity).toMatchObject({ reason: 'TEAM_SHARE_BELOW_LEGAL_MINIMUM', paths: ['benefitShare.equity.teamBp'] });

    const own = refusal(() =>
      computeSettlement({
        profile: profileWith((p) => (p.benefitShare.selfImplementation = { teamBp: 499, institutionBp: 9_501, departmentBp: 0, ttoFundBp: 0, years: 5 })),
        input: licenceInput,
      }),
    );
    expect(own).toMatchObject({ reason: 'TEAM_SHARE_BELOW_LEGAL_MINIMUM', paths: ['benefitShare.selfImplementation.teamBp'] });
    expect(own.message).toMatch(/at least 500 \(5% of the operating profit/);
  });

  it('refuses deductions that exceed the gross income of their class', () => {
    const refused = refusal(() =>
      computeSettlement({
        profile: defaultPolicyProfile,
        input: {
          ...licenceInput,
          deductions: [
            { id: 'a', kind: 'TAX', incomeClass: 'LICENCE_TRANSFER', amountFen: 60_000 },
            { id: 'b', kind: 'TRANSACTION', incomeClass: 'LICENCE_TRANSFER', amountFen: 40_001 },
          ],
        },
      }),
    );
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'DEDUCTIONS_EXCEED_GROSS', paths: ['deductions'] });
    expect(refused.message).toContain('¥1,000.01, more than its gross income of ¥1,000.00');
    // A deduction against a class with no income at all exceeds its (zero) gross.
    expect(
      refusal(() =>
        computeSettlement({
          profile: defaultPolicyProfile,
          input: { ...licenceInput, deductions: [{ id: 'a', kind: 'TAX', incomeClass: 'EQUITY_PROCEEDS', amountFen: 1 }] },
        }),
      ).reason,
    ).toBe('DEDUCTIONS_EXCEED_GROSS');
  });

  it('refuses an OTHER deduction without evidence, and a kind the profile does not list', () => {
    expect(
      refusal(() =>
        computeSettlement({
          profile: defaultPolicyProfile,
          input: { ...licenceInput, deductions: [{ id: 'o', kind: 'OTHER', incomeClass: 'LICENCE_TRANSFER', amountFen: 1 }] },
        }),
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'EVIDENCE_REQUIRED', paths: ['deductions[0].evidenceDocumentIds'] });
    expect(
      refusal(() =>
        computeSettlement({
          profile: defaultPolicyProfile, // lists TAX, PATENT_MAINTENANCE, VALUATION, TRANSACTION, OTHER
          input: { ...licenceInput, deductions: [{ id: 'l', kind: 'LEGAL', incomeClass: 'LICENCE_TRANSFER', amountFen: 1 }] },
        }),
      ),
    ).toMatchObject({ reason: 'DEDUCTION_NOT_ALLOWED', paths: ['deductions[0].kind'] });
  });

  it('refuses a team without a main contributor when the profile guarantees them a minimum', () => {
    const team = [
      { personId: 'p1', name: 'p1', contributionShareBp: 5_000 },
      { personId: 'p2', name: 'p2', contributionShareBp: 5_000 },
    ];
    expect(refusal(() => computeSettlement({ profile: defaultPolicyProfile, input: { ...licenceInput, team } }))).toMatchObject({
      reason: 'MAIN_CONTRIBUTOR_REQUIRED',
      paths: ['team'],
    });
    expect(() => computeSettlement({ profile: noMainRule, input: { ...licenceInput, team } })).not.toThrow();
  });

  it('refuses operating profit outside the reward years, or without a start date', () => {
    const deal = { ...DEAL, mode: 'SELF_IMPLEMENTATION' as const, selfImplementationStartedOn: '2020-09-01' };
    // 5 years: fiscal 2020–2024; 2025 is the sixth.
    expect(
      refusal(() =>
        computeSettlement({
          profile: defaultPolicyProfile,
          input: input({ deal, incomeEvents: [event('op', 'OPERATING_PROFIT', 1_000, '2025-04-30', { fiscalYear: 2025 })] }),
        }),
      ),
    ).toMatchObject({ reason: 'OUTSIDE_SELF_IMPLEMENTATION_YEARS', paths: ['incomeEvents[0].fiscalYear'] });
    expect(() =>
      computeSettlement({
        profile: defaultPolicyProfile,
        input: input({ deal, incomeEvents: [event('op', 'OPERATING_PROFIT', 1_000, '2025-04-30', { fiscalYear: 2024 })] }),
      }),
    ).not.toThrow();
    expect(
      refusal(() =>
        computeSettlement({
          profile: defaultPolicyProfile,
          input: input({ incomeEvents: [event('op', 'OPERATING_PROFIT', 1_000, '2025-04-30', { fiscalYear: 2025 })] }),
        }),
      ),
    ).toMatchObject({ reason: 'INVALID_INPUT', paths: ['deal.selfImplementationStartedOn'] });
  });

  it('refuses malformed input with every field named', () => {
    const fields = refusal(() =>
      computeSettlement({
        profile: defaultPolicyProfile,
        input: input({
          incomeEvents: [
            event('e1', 'UPFRONT', 0, '2025-02-01'),
            event('e3', 'OTHER', 10, '2025-02-01'),
            { ...event('e4', 'ROYALTY', 10.5, '2025-02-01'), evidenceDocumentIds: [] },
          ],
        }),
      }),
    );
    expect(fields).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'INVALID_INPUT' });
    expect(fields.paths).toEqual(['incomeEvents[0].amountFen', 'incomeEvents[1].note', 'incomeEvents[2].amountFen', 'incomeEvents[2].evidenceDocumentIds']);
    // Rules across fields (checked once every field is well-formed).
    const across = refusal(() =>
      computeSettlement({
        profile: defaultPolicyProfile,
        input: input({
          incomeEvents: [{ ...event('e2', 'ROYALTY', 10, '2026-01-01'), dealId: 'other-deal' }],
          team: [
            { personId: 'p1', name: 'p1', contributionShareBp: 5_000, mainContributor: true },
            { personId: 'p1', name: 'p1 again', contributionShareBp: 4_999 },
          ],
        }),
      }),
    );
    expect(across).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'INVALID_INPUT' });
    expect(across.paths).toEqual(['team', 'team[1].personId', 'incomeEvents[0].dealId', 'incomeEvents[0].receivedOn']);
    expect(across.message).toContain('team: contributionShareBp must add up to exactly 10000, got 9999');
  });

  it('accepts a profile stored before the settlement fields existed, with their defaults', () => {
    const { selfImplementation: _s, mainContributorsMinBp: _m, settlementApprovalTiers: _t, publicity: _p, taxRules: _x, ...old } =
      defaultPolicyProfile.benefitShare;
    const result = computeSettlement({ profile: { ...defaultPolicyProfile, benefitShare: old }, input: licenceInput });
    expect(result.publicity).toEqual({ days: 15, dayKind: 'WORKING' });
    expect(result.notes.some((note) => note.en.includes('at least 50% of the team reward'))).toBe(true);
  });
});
