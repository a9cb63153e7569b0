// The web layer's pure parts: a step's inputs → the draft the API gets (and issue paths back to
// the inputs), and the API's / domain's messages said in the page's language.
import { describe, expect, it } from 'vitest';
import { defaultPolicyProfile } from '../../domain/policy';
import { spinoutSubmissionSchema, ZSpinoutDraft } from '../../domain/spinout';
import { issuePath, translateIssue } from '../../api/web/i18n/issues';
import { basisPointsOf, draftFromStepForm, inputPathOf, percentOf, stepOfPath } from '../../api/web/spinout-form';

describe('draftFromStepForm', () => {
  it('turns a team step into members, dropping empty and removed rows, shares from percent to basis points', () => {
    const entries: [string, string][] = [
      ['team[0].personId', 'p-1'],
      ['team[0].name', '张明远'],
      ['team[0].role', '技术负责人'],
      ['team[0].contributionShareBp', '33.33'],
      ['team[1].name', ''],
      ['team[1].role', ''],
      ['team[1].contributionShareBp', ''],
      ['team[2].name', '李四'],
      ['team[2].role', '工程师'],
      ['team[2].contributionShareBp', '50'],
      ['team[2]._remove', '1'],
      ['team[3].name', '王五'],
      ['team[3].role', ' 销售 '],
      ['team[3].contributionShareBp', 'sixty'],
    ];
    expect(draftFromStepForm('team', entries)).toEqual({
      team: [
        { personId: 'p-1', name: '张明远', role: '技术负责人', contributionShareBp: 3333 },
        { name: '王五', role: '销售', contributionShareBp: 'sixty' },
      ],
    });
    // The second member of the draft is the fourth row of the form.
    expect(inputPathOf('team[1].contributionShareBp', entries)).toBe('team[3].contributionShareBp');
    expect(inputPathOf('team', entries)).toBe('team');
    expect(stepOfPath('team[1].contributionShareBp')).toBe('team');
  });

  it('leaves out what was left empty, so a draft keeps only what was given', () => {
    expect(draftFromStepForm('basics', [['mode', ''], ['makerSpace.name', ' 西湖创新工场 '], ['makerSpace.address', '']])).toEqual({ makerSpace: { name: '西湖创新工场' } });
    expect(draftFromStepForm('terms', [['declarations.holdsLeadershipPost', 'false'], ['requestedStartDate', '2027-01-04'], ['durationMonths', '36']])).toEqual({
      declarations: { holdsLeadershipPost: false },
      requestedStartDate: '2027-01-04',
      durationMonths: 36,
    });
    expect(ZSpinoutDraft.safeParse(draftFromStepForm('venture', [['venture.name', '量子传感'], ['venture.description', '']])).success).toBe(true);
  });

  it('converts shares both ways', () => {
    expect(basisPointsOf('60')).toBe(6000);
    expect(basisPointsOf('0.5')).toBe(50);
    expect(basisPointsOf('12.345')).toBe('12.345');
    expect(basisPointsOf(' ')).toBeUndefined();
    expect(percentOf(3333)).toBe('33.33');
    expect(percentOf(undefined)).toBe('');
  });
});

describe('translateIssue', () => {
  it('says every message of an empty submission in Chinese and in plain English, never falling back', () => {
    const result = spinoutSubmissionSchema({ profile: defaultPolicyProfile }).safeParse({ team: [{}], ipAssets: [{ kind: 'PATENT' }], venture: { unifiedSocialCreditCode: 'X' } });
    expect(result.success).toBe(false);
    for (const issue of result.error!.issues) {
      const zh = translateIssue('zh-CN', issue.message);
      expect(zh, `${issuePath(issue.path)}: ${issue.message}`).not.toBe(issue.message);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(translateIssue('en', issue.message)).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('keeps the numbers of a message', () => {
    expect(translateIssue('zh-CN', 'team contributionShareBp must add up to exactly 10000 (100%), got 9000')).toBe('团队成员贡献比例合计须为 100%，当前为 90%');
    expect(translateIssue('en', 'durationMonths must be at most 36 for LEAVE (离岗创业) under policy zju v1, got 48')).toBe('Your institution’s policy allows at most 36 months');
    expect(translateIssue('zh-CN', 'the upload is larger than the limit of 20971520 bytes')).toBe('文件超过大小上限（20 MB）');
    expect(translateIssue('zh-CN', 'something nobody foresaw')).toBe('something nobody foresaw');
  });
});
