import { describe, expect, it } from 'vitest';
import { defaultPolicyProfile } from '../policy/default-policy-profile';
import { computeSettlement } from './compute-settlement';
import { ZSettlementResult } from './settlement-result';
import { statementFor } from './statement-for';
import { smallSettlement } from './test-fixtures';

// Case 5 of compute-settlement.test.ts: royalty ¥98,765.43 − ¥123.45 = ¥98,641.98; team ¥69,049.38;
// M2 (12%, main) ¥8,285.93 by share, topped up to ¥13,809.88; 50% taxable ¥6,904.94.
const result = computeSettlement({
  profile: defaultPolicyProfile,
  input: {
    settlementId: 'stl-5',
    deal: { id: 'deal-5', reference: 'IP-2025-0005', title: '锂电池隔膜', mode: 'LICENCE', techContractRegNo: '2025110108000123' },
    period: { from: '2025-07-01', to: '2025-09-30' },
    incomeEvents: [{ id: 'r', dealId: 'deal-5', kind: 'ROYALTY', amountFen: 9_876_543, receivedOn: '2025-09-30', evidenceDocumentIds: ['doc'] }],
    deductions: [{ id: 'd', kind: 'TRANSACTION', incomeClass: 'LICENCE_TRANSFER', amountFen: 12_345 }],
    team: [
      { personId: 'M1', name: '马一', contributionShareBp: 1_800, mainContributor: true },
      { personId: 'M2', name: '马二', contributionShareBp: 1_200, mainContributor: true },
      { personId: 'O1', name: '欧一', contributionShareBp: 3_000 },
      { personId: 'O2', name: '欧二', contributionShareBp: 2_500 },
      { personId: 'O3', name: '欧三', contributionShareBp: 1_500 },
    ],
  },
});

const text = (statement: ReturnType<typeof statementFor>) =>
  statement.lines.map((l) => [l.label, l.value ?? '', l.detail ?? ''].join(' | ')).join('\n');

describe('statementFor', () => {
  it('explains every step of the person’s amount in Chinese', () => {
    const statement = statementFor({ result, personId: 'M2', lang: 'zh' });
    expect(statement.title).toBe('科技成果转化收益分配个人明细');
    expect(statement.facts).toContainEqual({ label: '项目', value: 'IP-2025-0005 锂电池隔膜' });
    expect(statement.facts).toContainEqual({ label: '期间', value: '2025-07-01 – 2025-09-30' });
    expect(statement.lines.map((l) => [l.kind, l.label, l.value])).toEqual([
      ['HEADING', '转让、许可收入', null],
      ['STEP', '提成费（2025-09-30 收到）', '¥98,765.43'],
      ['STEP', '转让、许可收入合计', '¥98,765.43'],
      ['STEP', '扣除：交易费用', '-¥123.45'],
      ['STEP', '净收入', '¥98,641.98'],
      ['STEP', '团队奖励（70%）', '¥69,049.38'],
      ['STEP', '单位（15%）', '¥14,796.30'],
      ['STEP', '院系（10%）', '¥9,864.20'],
      ['STEP', '技术转移基金（5%）', '¥4,932.10'],
      ['STEP', '您的贡献份额（主要贡献人）', '12%'],
      ['STEP', '按贡献份额分配', '¥8,285.93'],
      ['STEP', '主要贡献人最低份额调整', '¥5,523.95'],
      ['STEP', '您的奖励', '¥13,809.88'],
      ['STEP', '计入工资、薪金所得', '¥6,904.94'],
      ['TOTAL', '现金奖励合计', '¥13,809.88'],
      ['TOTAL', '计入工资、薪金所得合计', '¥6,904.94'],
      ['HEADING', '说明', null],
      ['NOTE', expect.stringContaining('最大余额法'), null],
      ['NOTE', expect.stringContaining('主要贡献人规则'), null],
      ['NOTE', expect.stringContaining('不代为申报'), null],
    ]);
    const all = text(statement);
    expect(all).toContain('净收入 ¥98,641.98 × 70% = ¥69,049.386，按最大余额法取整为 ¥69,049.38');
    expect(all).toContain('团队奖励 ¥69,049.38 × 12% = ¥8,285.9256，按最大余额法取整为 ¥8,285.93');
    expect(all).toContain('补足至 ¥34,524.69');
    expect(all).toContain('¥13,809.88 × 50% = ¥6,904.94');
    expect(all).toContain('财税〔2018〕58号');
    // Another member's reward is not shown.
    expect(all).not.toMatch(/¥20,714\.81(?!\d)/); // M1
    expect(all).not.toMatch(/¥14,796\.29(?!\d)/); // O1 (the institution's exact quota ¥14,796.297 is shown)
  });

  it('prints English, and works on a result read back from JSON', () => {
    const stored = ZSettlementResult.parse(JSON.parse(JSON.stringify(result)));
    const statement = statementFor({ result: stored, personId: 'O3', lang: 'en' });
    expect(statement.title).toBe('Benefit-sharing statement');
    expect(statement.totals).toEqual({ cashFen: 739_815, taxableWageIncomeFen: 369_908, shares: 0 });
    const all = text(statement);
    expect(all).toContain('Net income | ¥98,641.98 | Gross ¥98,765.43 − deductions ¥123.45 = ¥98,641.98');
    expect(all).toContain('Your reward | ¥7,398.15');
    expect(all).toContain('the other ¥34,524.69 is split among the other members by share');
  });

  it('shows shares and the deferral for an equity reward', () => {
    const statement = statementFor({ result: smallSettlement(), personId: 'y', lang: 'zh' });
    const all = text(statement);
    expect(all).toContain('作价投资取得 新材公司 股权（2025-03-01） | 10 股');
    expect(all).toContain('您的奖励 | 3 股');
    expect(all).toContain('财税〔2016〕101号');
    expect(statement.lines.at(-5)).toMatchObject({ kind: 'TOTAL', label: '股权奖励合计', value: '3 股' });
  });

  it('refuses someone outside the team', () => {
    expect(() => statementFor({ result, personId: 'nobody', lang: 'zh' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
