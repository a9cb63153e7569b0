// The IP deal form's pure parts: a step's inputs → the draft the API gets (yuan → fen exactly,
// percent → basis points, rows kept or dropped, the terms a kind of deal can have), issue paths
// back to the inputs, the notice board's price, and the deal rules' messages in both languages.
import { describe, expect, it } from 'vitest';
import { dealSubmissionSchema, ZDealDraft } from '../../domain/licensing';
import { defaultPolicyProfile } from '../../domain/policy';
import { dealFromStepForm, dealInputPathOf, dealStepOfPath, fenOf, termsForMode, termsFromForm, yuanOf } from '../../api/web/deal-form';
import { issuePath, translateIssue } from '../../api/web/i18n/issues';
import { noticePrice } from '../../api/web/pages/board';

describe('amounts typed in yuan', () => {
  it('become integer fen exactly, and are shown back as yuan', () => {
    expect(fenOf('1500000')).toBe(150_000_000);
    expect(fenOf(' ¥1,500,000.05 ')).toBe(150_000_005);
    expect(fenOf('0.1')).toBe(10);
    // 0.1 + 0.2 is not 0.3 in floating point; parsed as text it is exact.
    expect(fenOf('19999999.99')).toBe(1_999_999_999);
    expect(fenOf('')).toBeUndefined();
    // Not an amount (three decimals, words): passed on for the schema to refuse, never rounded.
    expect(fenOf('1.005')).toBe('1.005');
    expect(fenOf('一百万')).toBe('一百万');
    expect(yuanOf(150_000_005)).toBe('1500000.05');
    expect(yuanOf(undefined)).toBe('');
    expect(yuanOf('1.005')).toBe('1.005');
  });
});

describe('dealFromStepForm', () => {
  it('turns the counterparty step into the counterparty, trimmed, leaving out what was left empty', () => {
    expect(
      dealFromStepForm('counterparty', [
        ['counterparty.name', ' 杭州量感科技有限公司 '],
        ['counterparty.unifiedSocialCreditCode', '91330100MA2H00001P'],
        ['counterparty.contactName', ''],
        ['counterparty.contactEmail', 'licensing@liangan.example.com'],
      ]),
    ).toEqual({ counterparty: { name: '杭州量感科技有限公司', unifiedSocialCreditCode: '91330100MA2H00001P', contactEmail: 'licensing@liangan.example.com' } });
  });

  it('turns rows into assets and team, shares from percent to basis points, dropping empty and removed rows', () => {
    const assets: [string, string][] = [
      ['assets[0].kind', 'PATENT'],
      ['assets[0].title', '一种量子传感器'],
      ['assets[0].number', 'CN202410000001.X'],
      ['assets[0].allocationBp', '70'],
      ['assets[1].kind', 'KNOW_HOW'],
      ['assets[1].title', ''],
      ['assets[1].allocationBp', ''],
      ['assets[2].kind', 'KNOW_HOW'],
      ['assets[2].title', '标定工艺'],
      ['assets[2].allocationBp', '30'],
    ];
    expect(dealFromStepForm('assets', assets)).toEqual({
      assets: [
        { kind: 'PATENT', title: '一种量子传感器', number: 'CN202410000001.X', allocationBp: 7_000 },
        { kind: 'KNOW_HOW', title: '标定工艺', allocationBp: 3_000 },
      ],
    });
    expect(dealInputPathOf('assets[1].allocationBp', assets)).toBe('assets[2].allocationBp');

    const team: [string, string][] = [
      ['team[0].personId', '00000000-0000-4000-8000-000000000001'],
      ['team[0].name', '张明远'],
      ['team[0].contributionShareBp', '66.67'],
      ['team[0].mainContributor', 'true'],
      ['team[1].name', '李四'],
      ['team[1].contributionShareBp', '33.33'],
      ['team[1].counterpartyInterest', '持有对方 5% 股权'],
      ['team[2].name', '王五'],
      ['team[2].contributionShareBp', '10'],
      ['team[2]._remove', '1'],
    ];
    expect(dealFromStepForm('team', team)).toEqual({
      team: [
        { personId: '00000000-0000-4000-8000-000000000001', name: '张明远', contributionShareBp: 6_667, mainContributor: true },
        { name: '李四', contributionShareBp: 3_333, mainContributor: false, counterpartyInterest: '持有对方 5% 股权' },
      ],
    });
  });

  it('builds a licence’s terms: fees in fen, royalty rate in basis points, milestones, and what a licence may not have left out', () => {
    const entries: [string, string][] = [
      ['terms.exclusivity', 'NON_EXCLUSIVE'],
      ['terms.fieldOfUse', '工业无损检测'],
      ['terms.territory', '中华人民共和国'],
      ['terms.termMonths', '36'],
      ['terms.effectiveOn', ''],
      ['terms.upfrontFeeFen', '1,000,000.00'],
      ['terms.upfrontDueDays', '30'],
      ['terms.milestones[0].event', '取得医疗器械注册证'],
      ['terms.milestones[0].amountFen', '500000'],
      ['terms.milestones[0].dueDaysAfterEvent', '30'],
      ['terms.milestones[0].expectedOn', ''],
      ['terms.milestones[1].event', ''],
      ['terms.milestones[1].amountFen', ''],
      ['terms.milestones[1].dueDaysAfterEvent', '30'],
      ['terms.royalty.rateBp', '3.5'],
      ['terms.royalty.reportingPeriod', 'QUARTERLY'],
      ['terms.royalty.reportDueDays', '30'],
      ['terms.minimumAnnualRoyaltyFen', ''],
      ['terms.equity.valuationFen', '9000000'],
      ['terms.sublicensing', 'NONE'],
      ['terms.patentCostReimbursementFen', '0'],
      ['terms.terminationConditions', ''],
    ];
    const terms = termsFromForm(entries, 'LICENCE');
    expect(terms).toEqual({
      exclusivity: 'NON_EXCLUSIVE',
      fieldOfUse: '工业无损检测',
      territory: '中华人民共和国',
      termMonths: 36,
      upfrontFeeFen: 100_000_000,
      upfrontDueDays: 30,
      milestones: [{ event: '取得医疗器械注册证', amountFen: 50_000_000, dueDaysAfterEvent: 30 }],
      royalty: { rateBp: 350, reportingPeriod: 'QUARTERLY', reportDueDays: 30 },
      sublicensing: 'NONE',
      patentCostReimbursementFen: 0,
    });
    // The same inputs for a transfer keep only what a transfer can have.
    expect(Object.keys(termsFromForm(entries, 'TRANSFER')).sort()).toEqual(['milestones', 'patentCostReimbursementFen', 'upfrontDueDays', 'upfrontFeeFen']);
    expect(termsForMode('EQUITY', { equity: { shares: 1 }, royalty: {}, upfrontFeeFen: 0 })).toEqual({ equity: { shares: 1 }, upfrontFeeFen: 0 });
    // What the form builds is what the domain accepts for submission.
    const draft = {
      title: '量子传感器许可',
      mode: 'LICENCE',
      pricingMethod: 'LISTED',
      counterparty: { name: '杭州量感科技有限公司', unifiedSocialCreditCode: '91330100MA2H00001P' },
      assets: [{ kind: 'PATENT', title: '一种量子传感器', allocationBp: 10_000 }],
      team: [{ name: '张明远', contributionShareBp: 10_000 }],
      terms,
    };
    expect(dealSubmissionSchema({ profile: defaultPolicyProfile }).safeParse(draft).success).toBe(true);
  });

  it('knows the step of each field an issue names', () => {
    expect(dealStepOfPath('counterparty.unifiedSocialCreditCode')).toBe('counterparty');
    expect(dealStepOfPath('terms.milestones[0].amountFen')).toBe('terms');
    expect(dealStepOfPath('valuationReportDocumentId')).toBe('documents');
    expect(dealStepOfPath('pricingMethod')).toBe('basics');
    expect(dealStepOfPath('nothing')).toBeNull();
  });
});

describe('the deal rules’ messages', () => {
  it('are said in Chinese and in plain English for a bad draft, never falling back to the schema’s words', () => {
    const bad = {
      title: '',
      mode: 'GIFT',
      pricingMethod: 'AGREED',
      counterparty: { name: '杭州量感', unifiedSocialCreditCode: '91330100MA2H00001Q' },
      assets: [{ kind: 'PATENT', title: '一种量子传感器', allocationBp: 6_000 }],
      team: [{ name: '张明远', contributionShareBp: 'x' }],
      terms: { upfrontFeeFen: '1.005', milestones: [{ event: 'x', amountFen: -1 }], royalty: { rateBp: 0, reportingPeriod: 'MONTHLY' } },
    };
    const draftIssues = ZDealDraft.safeParse(bad).error!.issues;
    const licence = { ...bad, title: 'x', mode: 'LICENCE', team: [{ name: '张明远', contributionShareBp: 9_000 }], terms: { upfrontFeeFen: 0, minimumAnnualRoyaltyFen: 100 } };
    const submissionIssues = dealSubmissionSchema({ profile: defaultPolicyProfile }).safeParse(licence).error!.issues;
    const equity = { ...licence, mode: 'EQUITY', team: [{ name: '张明远', contributionShareBp: 10_000, counterpartyInterest: '董事' }], terms: { upfrontFeeFen: 0 } };
    const equityIssues = dealSubmissionSchema({ profile: defaultPolicyProfile }).safeParse(equity).error!.issues;
    const all = [...draftIssues, ...submissionIssues, ...equityIssues];
    expect(all.length).toBeGreaterThan(12);
    for (const issue of all) {
      const zh = translateIssue('zh-CN', issue.message);
      expect(zh, `${issuePath(issue.path)}: ${issue.message}`).not.toBe(issue.message);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(translateIssue('en', issue.message), issue.message).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('keeps the figures of a message', () => {
    expect(translateIssue('zh-CN', 'assets allocationBp must add up to exactly 10000 (100%), got 6000')).toBe('各项成果的分配比例合计须为 100%，当前为 60%');
    expect(translateIssue('zh-CN', 'unified social credit code has a wrong check digit (last character); please re-check the code')).toBe('统一社会信用代码校验位不正确，请核对');
    expect(translateIssue('en', '¥600,000.00 is more than the ¥500,000.00 outstanding on "产品注册"')).toBe('¥600,000.00 is more than the ¥500,000.00 outstanding');
    expect(translateIssue('zh-CN', 'must not be after today (2026-11-27)')).toBe('不得晚于今天（2026-11-27）');
  });
});

describe('noticePrice', () => {
  it('reads the proposed price from a deal’s notice, and nothing from a spin-out’s', () => {
    const body = '一、成果名称：…\n五、拟交易价格：¥3,000,000.00（人民币叁佰万元整）\n    一次性价款 …';
    expect(noticePrice({ body, dealReference: 'IP-2026-5F1C3C0E' })).toBe('¥3,000,000.00');
    expect(noticePrice({ body, dealReference: null })).toBeNull();
    expect(noticePrice({ body: '无价格', dealReference: 'IP-2026-5F1C3C0E' })).toBeNull();
  });
});
