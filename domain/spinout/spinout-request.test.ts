import { describe, expect, it } from 'vitest';
import { checkEligibility } from '../policy/check-eligibility';
import { defaultPolicyProfile } from '../policy/default-policy-profile';
import { formatIssuePath } from '../validation';
import { applicantFactsOf, spinoutSubmissionSchema, ZSpinoutDraft, type TSpinoutSubmission } from './spinout-request';

const valid: TSpinoutSubmission = {
  mode: 'LEAVE',
  makerSpace: { name: '杭州未来科技城众创空间', address: '浙江省杭州市余杭区' },
  venture: {
    name: '杭州某某智能科技有限公司',
    unifiedSocialCreditCode: '91350100M000100Y43',
    description: '基于本课题组专利的工业视觉检测设备',
  },
  ipAssets: [
    { kind: 'PATENT', title: '一种缺陷检测方法', number: 'ZL202310000000.0', ownership: 'INSTITUTION' },
    { kind: 'KNOW_HOW', title: '标定工艺', ownership: 'JOINT', ownershipNote: '与某研究院共有' },
  ],
  team: [
    { personId: 'u-1', role: '技术负责人', contributionShareBp: 6000 },
    { personId: 'u-2', role: '算法', contributionShareBp: 2500 },
    { name: '王五', role: '工艺', contributionShareBp: 1500 },
  ],
  declarations: { holdsLeadershipPost: false, isMajorProjectPI: false },
  requestedStartDate: '2026-03-02',
  durationMonths: 36,
};

const schema = spinoutSubmissionSchema({ profile: defaultPolicyProfile, today: '2026-02-24' });

function issuesOf(input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
}

describe('spin-out submission', () => {
  it('accepts a complete request and normalises the credit code', () => {
    const parsed = schema.parse({ ...valid, venture: { ...valid.venture, unifiedSocialCreditCode: '91350100m000100y43 ' } });
    expect(parsed.venture.unifiedSocialCreditCode).toBe('91350100M000100Y43');
  });

  it('requires shares that add up to exactly 10000 basis points', () => {
    const team = valid.team.map((m, i) => (i === 0 ? { ...m, contributionShareBp: 5999 } : m));
    expect(issuesOf({ ...valid, team })).toEqual(['team: team contributionShareBp must add up to exactly 10000 (100%), got 9999']);
  });

  it('limits the duration by the policy profile and mode', () => {
    expect(issuesOf({ ...valid, durationMonths: 37 })).toEqual([
      'durationMonths: durationMonths must be at most 36 for LEAVE (离岗创业) under policy default v1, got 37',
    ]);
    const fiveYears = spinoutSubmissionSchema({
      profile: { ...defaultPolicyProfile, retention: { ...defaultPolicyProfile.retention, maxLeaveMonths: 60 } },
    });
    expect(fiveYears.safeParse({ ...valid, durationMonths: 60 }).success).toBe(true);
  });

  it('names the field for missing and malformed values', () => {
    const { venture: _venture, ...withoutVenture } = valid;
    expect(issuesOf(withoutVenture)).toEqual(['venture: venture is required']);
    expect(issuesOf({ ...valid, venture: { ...valid.venture, name: '  ' } })).toEqual(['venture.name: venture.name is required']);
    expect(issuesOf({ ...valid, venture: { ...valid.venture, unifiedSocialCreditCode: '91350100M000100Y44' } })).toEqual([
      expect.stringMatching(/^venture\.unifiedSocialCreditCode: .*check digit/),
    ]);
    expect(issuesOf({ ...valid, requestedStartDate: '2026-02-30' })).toEqual([
      'requestedStartDate: requestedStartDate must be a real date as YYYY-MM-DD',
    ]);
    expect(issuesOf({ ...valid, mode: 'SABBATICAL' })).toEqual(['mode: mode must be LEAVE or PART_TIME']);
  });

  it('checks team members and IP assets item by item', () => {
    expect(
      issuesOf({
        ...valid,
        team: [
          { personId: 'u-1', role: 'lead', contributionShareBp: 5000 },
          { personId: 'u-1', role: 'again', contributionShareBp: 4000.5 },
          { role: 'nobody', contributionShareBp: 1000 },
        ],
      }),
    ).toEqual([
      'team[1].contributionShareBp: team[].contributionShareBp must be a whole number of basis points (10000 = 100%)',
      'team[2]: team[] member needs a personId or a name',
    ]);
    expect(
      issuesOf({
        ...valid,
        ipAssets: [{ kind: 'PATENT', title: '专利', ownership: 'JOINT' }],
      }),
    ).toEqual([
      'ipAssets[0].number: ipAssets[].number is required for a PATENT',
      'ipAssets[0].ownershipNote: ipAssets[].ownershipNote must say who the owners are when ownership is JOINT',
    ]);
    expect(issuesOf({ ...valid, ipAssets: [] })).toEqual(['ipAssets: ipAssets needs at least one research result or IP asset']);
  });

  it('refuses a person listed twice', () => {
    const team = [
      { personId: 'u-1', role: 'a', contributionShareBp: 5000 },
      { personId: 'u-1', role: 'b', contributionShareBp: 5000 },
    ];
    expect(issuesOf({ ...valid, team })).toEqual(['team[1].personId: team[1].personId is listed twice']);
  });

  it('refuses a start date in the past when today is given', () => {
    expect(issuesOf({ ...valid, requestedStartDate: '2026-02-23' })).toEqual([
      'requestedStartDate: requestedStartDate must not be before today (2026-02-24), got 2026-02-23',
    ]);
  });

  it('feeds the eligibility check', () => {
    const request = schema.parse({ ...valid, declarations: { holdsLeadershipPost: true, isMajorProjectPI: false } });
    expect(checkEligibility({ profile: defaultPolicyProfile, applicant: applicantFactsOf(request) }).map((r) => r.code)).toEqual([
      'HOLDS_LEADERSHIP_POST',
    ]);
  });
});

describe('spin-out draft', () => {
  it('accepts an empty or partial draft', () => {
    expect(ZSpinoutDraft.parse({})).toEqual({});
    expect(ZSpinoutDraft.safeParse({ venture: { name: 'X' }, team: [{ contributionShareBp: 3000 }] }).success).toBe(true);
  });

  it('still refuses malformed values', () => {
    const result = ZSpinoutDraft.safeParse({ requestedStartDate: '2026-13-01', venture: { unifiedSocialCreditCode: 'X' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => formatIssuePath(i.path))).toEqual(['venture.unifiedSocialCreditCode', 'requestedStartDate']);
  });
});
