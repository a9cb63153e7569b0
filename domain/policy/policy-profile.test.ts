import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { formatIssuePath } from '../validation';
import { defaultPolicyProfile } from './default-policy-profile';
import { licensingApproverFor } from './licensing-approver-for';
import { ZPolicyProfile, type TPolicyProfile } from './policy-profile';

/** A deep copy we can break one field of. */
function profileWith(edit: (profile: TPolicyProfile) => void): unknown {
  const copy = structuredClone(defaultPolicyProfile);
  edit(copy);
  return copy;
}

function issuesOf(input: unknown): string[] {
  const result = ZPolicyProfile.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
}

describe('ZPolicyProfile', () => {
  it('accepts the default profile unchanged', () => {
    expect(ZPolicyProfile.parse(defaultPolicyProfile)).toEqual(defaultPolicyProfile);
  });

  it('enforces the legal minimum of 50% for the team', () => {
    const issues = issuesOf(
      profileWith((p) => {
        p.benefitShare.licenceIncome = { teamBp: 4_999, institutionBp: 3_001, departmentBp: 1_000, ttoFundBp: 1_000 };
      }),
    );
    expect(issues).toEqual([expect.stringMatching(/^benefitShare\.licenceIncome\.teamBp: .*at least 5000/)]);
  });

  it('lets an institution give the team more, up to everything', () => {
    const profile = profileWith((p) => {
      p.benefitShare.equity = { teamBp: 10_000, institutionBp: 0, departmentBp: 0, ttoFundBp: 0 };
    });
    expect(issuesOf(profile)).toEqual([]);
  });

  it('requires shares to add up to 100%', () => {
    const issues = issuesOf(
      profileWith((p) => {
        p.benefitShare.equity.ttoFundBp += 1;
      }),
    );
    expect(issues).toEqual([expect.stringMatching(/^benefitShare\.equity: .*10000.*got 10001/)]);
  });

  it('refuses duplicate step keys and an empty chain', () => {
    expect(
      issuesOf(
        profileWith((p) => {
          const first = p.approval.steps[0];
          if (first) p.approval.steps.push({ ...first });
        }),
      ),
    ).toEqual([expect.stringMatching(/^approval\.steps\[4\]\.key: .*twice/)]);
    expect(issuesOf(profileWith((p) => (p.approval.steps = [])))).toEqual([
      expect.stringMatching(/^approval\.steps: .*at least one/),
    ]);
  });

  it('requires licensing tiers ascending with an open-ended last tier', () => {
    expect(
      issuesOf(
        profileWith((p) => {
          p.licensing.approvalTiers = p.licensing.approvalTiers.slice(0, 2);
        }),
      ),
    ).toEqual([expect.stringMatching(/^licensing\.approvalTiers\[1\]\.upToFen: .*last/)]);
    expect(
      issuesOf(
        profileWith((p) => {
          const [a, b, c] = p.licensing.approvalTiers;
          if (a && b && c) p.licensing.approvalTiers = [b, a, c];
        }),
      ),
    ).toEqual([expect.stringMatching(/^licensing\.approvalTiers\[1\]\.upToFen: .*ascending/)]);
  });

  it('refuses extensions that are allowed but empty, and publicity of zero days', () => {
    expect(
      issuesOf(
        profileWith((p) => {
          p.retention.extension.maxCount = 0;
        }),
      ),
    ).toEqual([expect.stringMatching(/^retention\.extension: /)]);
    expect(issuesOf(profileWith((p) => (p.publicity.days = 0)))).toHaveLength(1);
  });

  it('enforces the legal minimum for equity (50%) and self-implementation (5%), naming the field', () => {
    expect(
      issuesOf(
        profileWith((p) => {
          p.benefitShare.equity = { teamBp: 4_999, institutionBp: 5_001, departmentBp: 0, ttoFundBp: 0 };
        }),
      ),
    ).toEqual([expect.stringMatching(/^benefitShare\.equity\.teamBp: teamBp must be at least 5000 \(50% of the equity/)]);
    expect(
      issuesOf(
        profileWith((p) => {
          p.benefitShare.selfImplementation = { teamBp: 499, institutionBp: 9_501, departmentBp: 0, ttoFundBp: 0, years: 3 };
        }),
      ),
    ).toEqual([expect.stringMatching(/^benefitShare\.selfImplementation\.teamBp: teamBp must be at least 500 \(5% of the operating profit/)]);
    expect(
      issuesOf(
        profileWith((p) => {
          p.benefitShare.selfImplementation = { teamBp: 500, institutionBp: 9_500, departmentBp: 0, ttoFundBp: 0, years: 6 };
        }),
      ),
    ).toEqual([expect.stringMatching(/^benefitShare\.selfImplementation\.years: .*at most 5/)]);
    expect(issuesOf(profileWith((p) => (p.benefitShare.selfImplementation.years = 2)))).toEqual([
      expect.stringMatching(/^benefitShare\.selfImplementation\.years: .*at least 3/),
    ]);
  });

  it('checks the settlement rules: main-contributor minimum, approval tiers, publicity', () => {
    expect(issuesOf(profileWith((p) => (p.benefitShare.mainContributorsMinBp = null)))).toEqual([]);
    expect(issuesOf(profileWith((p) => (p.benefitShare.mainContributorsMinBp = 0)))).toHaveLength(1);
    expect(issuesOf(profileWith((p) => (p.benefitShare.mainContributorsMinBp = 10_001)))).toHaveLength(1);
    expect(
      issuesOf(
        profileWith((p) => {
          p.benefitShare.settlementApprovalTiers = p.benefitShare.settlementApprovalTiers.slice(0, 1);
        }),
      ),
    ).toEqual([expect.stringMatching(/^benefitShare\.settlementApprovalTiers\[0\]\.upToFen: .*last/)]);
    expect(issuesOf(profileWith((p) => (p.benefitShare.publicity.days = 0)))).toEqual([
      expect.stringMatching(/^benefitShare\.publicity\.days: /),
    ]);
  });

  it('reads profiles stored before the settlement rules existed, with their defaults', () => {
    const stored = JSON.parse(JSON.stringify(defaultPolicyProfile)) as { benefitShare: Record<string, unknown> };
    for (const field of ['selfImplementation', 'mainContributorsMinBp', 'settlementApprovalTiers', 'publicity', 'taxRules']) {
      delete stored.benefitShare[field];
    }
    stored.benefitShare['deductibleCosts'] = ['TAX', 'PATENT_MAINTENANCE', 'VALUATION', 'TRANSACTION'];
    const parsed = ZPolicyProfile.parse(stored);
    expect(parsed.benefitShare).toEqual({
      ...defaultPolicyProfile.benefitShare,
      deductibleCosts: ['TAX', 'PATENT_MAINTENANCE', 'VALUATION', 'TRANSACTION'],
    });
  });

  it('stores reminder offsets longest first', () => {
    const parsed = ZPolicyProfile.parse(profileWith((p) => (p.retention.reminderOffsetsDays = [7, 180, 30])));
    expect(parsed.retention.reminderOffsetsDays).toEqual([180, 30, 7]);
    expect(issuesOf(profileWith((p) => (p.retention.reminderOffsetsDays = [7, 7])))).toHaveLength(1);
  });
});

describe('licensingApproverFor', () => {
  const approverFor = (amountFen: number): string =>
    licensingApproverFor({ profile: defaultPolicyProfile, amountFen }).label.en;

  it('picks the tier by amount, boundaries included as written in the policy', () => {
    expect(approverFor(0)).toBe('Tech-transfer office');
    expect(approverFor(200_000_000)).toBe('Tech-transfer office'); // exactly ¥2M
    expect(approverFor(200_000_001)).toBe('Vice-president');
    expect(approverFor(499_999_999)).toBe('Vice-president');
    expect(approverFor(500_000_000)).toBe("President's meeting"); // exactly ¥5M
  });

  it('refuses negative or fractional amounts', () => {
    expect(() => approverFor(-1)).toThrow(AppError);
    expect(() => approverFor(0.5)).toThrow(AppError);
  });
});
