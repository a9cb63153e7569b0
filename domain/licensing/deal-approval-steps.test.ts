import { describe, expect, it } from 'vitest';
import { defaultPolicyProfile, type TPolicyProfile } from '../policy';
import { dealApprovalSteps } from './deal-approval-steps';

const YUAN = 100;
const MILLION = 1_000_000 * YUAN;
const chain = (totalValueFen: number, profile: TPolicyProfile = defaultPolicyProfile) =>
  dealApprovalSteps({ profile, totalValueFen }).map((step) => ({ key: step.key, role: step.role, label: step.label.zh, dueDays: step.dueDays, escalationRole: step.escalationRole }));

describe('dealApprovalSteps (default profile: ≤ ¥2M TTO, ¥2–5M vice-president, ≥ ¥5M 校长办公会)', () => {
  it('up to ¥2M: one TTO step, whose review is the decision', () => {
    for (const value of [0, 1, 150 * 10_000 * YUAN, 2 * MILLION]) {
      expect(chain(value)).toEqual([{ key: 'tto-review', role: 'TTO_OFFICER', label: '技术转移中心审核（技术转移中心）', dueDays: 10, escalationRole: 'LEADERSHIP' }]);
    }
  });

  it('above ¥2M and below ¥5M (e.g. ¥3M): TTO review, then the vice-president', () => {
    for (const value of [2 * MILLION + 1, 3 * MILLION, 5 * MILLION - 1]) {
      expect(chain(value)).toEqual([
        { key: 'tto-review', role: 'TTO_OFFICER', label: '技术转移中心审核', dueDays: 10, escalationRole: 'LEADERSHIP' },
        { key: 'tier-1', role: 'LEADERSHIP', label: '分管副校长', dueDays: 15, escalationRole: 'INSTITUTION_ADMIN' },
      ]);
    }
  });

  it('¥5M and above (e.g. ¥6M): TTO review, then 校长办公会', () => {
    for (const value of [5 * MILLION, 6 * MILLION, 10_000 * MILLION]) {
      expect(chain(value).map((step) => [step.key, step.role, step.label])).toEqual([
        ['tto-review', 'TTO_OFFICER', '技术转移中心审核'],
        ['tier-2', 'LEADERSHIP', '校长办公会'],
      ]);
    }
  });

  it('follows the profile: its tiers, its review step and the tier days', () => {
    const profile: TPolicyProfile = {
      ...defaultPolicyProfile,
      licensing: {
        ...defaultPolicyProfile.licensing,
        approvalTiers: [
          { upToFen: MILLION, approverRole: 'DEPT_HEAD', label: { zh: '院系', en: 'Department' } },
          { upToFen: null, approverRole: 'TTO_OFFICER', label: { zh: '技术转移中心', en: 'TTO' } },
        ],
        review: { key: 'review', role: 'TTO_OFFICER', label: { zh: '审核', en: 'Review' }, dueDays: 3 },
        tierDueDays: 7,
      },
    };
    expect(chain(MILLION, profile)).toEqual([
      { key: 'review', role: 'TTO_OFFICER', label: '审核', dueDays: 3, escalationRole: undefined },
      { key: 'tier-0', role: 'DEPT_HEAD', label: '院系', dueDays: 7, escalationRole: 'INSTITUTION_ADMIN' },
    ]);
    expect(chain(MILLION + 1, profile).map((step) => step.key)).toEqual(['review']);
  });

  it('refuses a negative or fractional value', () => {
    expect(() => chain(-1)).toThrow(/must not be negative/);
    expect(() => chain(1.5)).toThrow(/whole number of fen/);
  });
});
