import { describe, expect, it } from 'vitest';
import { chinaPublicHolidayCalendar } from '../calendar/china-public-holidays';
import { defaultPolicyProfile } from '../policy/default-policy-profile';
import { distributionPublicityEndsOn, settlementApproverFor } from './settlement-approver-for';
import { formatBp, formatQuota, formatShares } from './settlement-format';

const { benefitShare } = defaultPolicyProfile;

describe('settlementApproverFor', () => {
  it('needs leadership only above ¥1M by default, the boundary inclusive', () => {
    expect(settlementApproverFor({ benefitShare, amountFen: 0 }).tier.approverRole).toBeNull();
    expect(settlementApproverFor({ benefitShare, amountFen: 100_000_000 })).toMatchObject({ tierIndex: 0, tier: { approverRole: null } });
    expect(settlementApproverFor({ benefitShare, amountFen: 100_000_001 })).toMatchObject({ tierIndex: 1, tier: { approverRole: 'LEADERSHIP' } });
    expect(() => settlementApproverFor({ benefitShare, amountFen: -1 })).toThrow(/negative/);
  });
});

describe('distributionPublicityEndsOn', () => {
  it('counts 15 working days by default, skipping the National Day holiday', () => {
    expect(chinaPublicHolidayCalendar.some((day) => day.date === '2025-10-01')).toBe(true);
    // Published Fri 26 Sep 2025: working days Sun 28 Sep (调休), 29, 30 Sep (3); 1–8 Oct off;
    // 9, 10, Sat 11 (调休) Oct (6); 13–17 (11); 20–23 Oct (15) → the 15th working day is Thu 23 Oct.
    expect(distributionPublicityEndsOn({ benefitShare, start: '2025-09-26', calendar: chinaPublicHolidayCalendar })).toBe('2025-10-23');
  });
});

describe('settlement formatting', () => {
  it('prints rates, shares and exact quotas', () => {
    expect([7_000, 3_333, 5, 10_000, 1_250].map(formatBp)).toEqual(['70%', '33.33%', '0.05%', '100%', '12.5%']);
    expect(formatShares(1_234_567, 'zh')).toBe('1,234,567 股');
    expect(formatShares(1, 'en')).toBe('1 share');
    // 123,456 fen × 33.33% = 41,147.8848 fen = ¥411.478848 exactly.
    expect(formatQuota(123_456n * 3_333n, 10_000n, 'FEN', 'zh')).toBe('¥411.478848');
    expect(formatQuota(100n, 1n, 'FEN', 'en')).toBe('¥1.00');
    // 1 fen / 3 = ¥0.003333… → cut at 6 decimals, marked ≈.
    expect(formatQuota(1n, 3n, 'FEN', 'en')).toBe('≈¥0.003333');
    expect(formatQuota(7n, 2n, 'SHARES', 'en')).toBe('3.5 shares');
    expect(formatQuota(10n, 1n, 'SHARES', 'zh')).toBe('10 股');
  });
});
