import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { assertEligible, checkEligibility, type ApplicantFacts } from './check-eligibility';
import { defaultPolicyProfile } from './default-policy-profile';
import type { TPolicyProfile } from './policy-profile';

const eligible: ApplicantFacts = { holdsLeadershipPost: false, isMajorProjectPI: false, mode: 'LEAVE', requestedMonths: 36 };
const codes = (applicant: ApplicantFacts, profile: TPolicyProfile = defaultPolicyProfile): string[] =>
  checkEligibility({ profile, applicant }).map((reason) => reason.code);

describe('checkEligibility', () => {
  it('returns no reasons for an eligible applicant', () => {
    expect(codes(eligible)).toEqual([]);
    expect(codes({ ...eligible, mode: 'PART_TIME', requestedMonths: 12 })).toEqual([]);
  });

  it('returns every reason at once', () => {
    expect(codes({ holdsLeadershipPost: true, isMajorProjectPI: true, mode: 'LEAVE', requestedMonths: 37 })).toEqual([
      'HOLDS_LEADERSHIP_POST',
      'MAJOR_PROJECT_PI',
      'DURATION_TOO_LONG',
    ]);
  });

  it('follows the profile, not hard-coded rules', () => {
    const lenient: TPolicyProfile = {
      ...defaultPolicyProfile,
      retention: { ...defaultPolicyProfile.retention, maxLeaveMonths: 60 },
      eligibility: {
        leadershipPostHoldersMustResign: false,
        majorProjectPIsExcluded: false,
        allowedModes: ['PART_TIME'],
        maxPartTimeMonths: null,
      },
    };
    expect(codes({ holdsLeadershipPost: true, isMajorProjectPI: true, mode: 'PART_TIME', requestedMonths: 240 }, lenient)).toEqual([]);
    expect(codes({ ...eligible, requestedMonths: 60 }, lenient)).toEqual(['MODE_NOT_ALLOWED']);
  });

  it('refuses a duration that is not a whole positive number of months', () => {
    expect(codes({ ...eligible, requestedMonths: 0 })).toEqual(['DURATION_INVALID']);
    expect(codes({ ...eligible, requestedMonths: 1.5 })).toEqual(['DURATION_INVALID']);
  });

  it('gives messages in both languages', () => {
    const [reason] = checkEligibility({ profile: defaultPolicyProfile, applicant: { ...eligible, requestedMonths: 40 } });
    expect(reason?.message.zh).toContain('36');
    expect(reason?.message.en).toContain('36');
  });
});

describe('assertEligible', () => {
  it('throws NOT_ELIGIBLE with the reasons as details', () => {
    try {
      assertEligible({ profile: defaultPolicyProfile, applicant: { ...eligible, holdsLeadershipPost: true } });
      expect.fail('should have thrown');
    } catch (error) {
      expect(AppError.is(error, 'NOT_ELIGIBLE')).toBe(true);
      expect((error as AppError).details).toEqual({
        reasons: [expect.objectContaining({ code: 'HOLDS_LEADERSHIP_POST' })],
      });
    }
    expect(() => assertEligible({ profile: defaultPolicyProfile, applicant: eligible })).not.toThrow();
  });
});
