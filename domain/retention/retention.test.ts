import { describe, expect, it } from 'vitest';
import { chinaPublicHolidayCalendar } from '../calendar';
import { defaultPolicyProfile } from '../policy';
import { annualReportDueDates } from './annual-reports';
import { checkExtension } from './check-extension';
import { retentionExpiryDate } from './retention-expiry';
import { retentionReminders } from './retention-reminders';

const calendar = chinaPublicHolidayCalendar;

describe('retentionExpiryDate', () => {
  it('ends on the corresponding day of the final month', () => {
    expect(retentionExpiryDate({ signingDate: '2026-01-15', months: 36 })).toBe('2029-01-15');
  });
  it('clamps to the month end when the final month is shorter', () => {
    expect(retentionExpiryDate({ signingDate: '2026-01-31', months: 1 })).toBe('2026-02-28');
    expect(retentionExpiryDate({ signingDate: '2027-01-31', months: 13 })).toBe('2028-02-29');
    expect(retentionExpiryDate({ signingDate: '2025-08-31', months: 36 })).toBe('2028-08-31');
    expect(retentionExpiryDate({ signingDate: '2026-05-31', months: 1 })).toBe('2026-06-30');
  });
});

describe('retentionReminders', () => {
  it('sends at each offset and on the expiry day, moving days off to the previous working day', () => {
    // Expiry on Monday 2026-10-05, inside the 国庆 holiday (1–7 October 2026).
    const reminders = retentionReminders({ expiryDate: '2026-10-05', offsetsDays: [180, 90, 30, 7], calendar });
    expect(reminders.map((r) => [r.kind, r.nominalDate, r.sendOn])).toEqual([
      ['before-180d', '2026-04-08', '2026-04-08'], // Wednesday
      ['before-90d', '2026-07-07', '2026-07-07'], // Tuesday
      ['before-30d', '2026-09-05', '2026-09-04'], // Saturday → Friday
      ['before-7d', '2026-09-28', '2026-09-28'], // Monday
      ['expiry', '2026-10-05', '2026-09-30'], // 国庆 holiday (1–7 Oct 2026) → 30 Sep
    ]);
    // 09:00 in Shanghai is 01:00 UTC.
    expect(new Date(reminders[0]!.sendAt).toISOString()).toBe('2026-04-08T01:00:00.000Z');
  });

  it('leaves out reminders before notBefore', () => {
    const reminders = retentionReminders({ expiryDate: '2026-10-05', offsetsDays: [180, 90, 30, 7], calendar, notBefore: '2026-09-01' });
    expect(reminders.map((r) => r.kind)).toEqual(['before-30d', 'before-7d', 'expiry']);
  });
});

describe('annualReportDueDates', () => {
  it('lists each anniversary up to the expiry date', () => {
    expect(annualReportDueDates({ signingDate: '2026-03-10', expiryDate: '2029-03-10' })).toEqual(['2027-03-10', '2028-03-10', '2029-03-10']);
    expect(annualReportDueDates({ signingDate: '2028-02-29', expiryDate: '2030-02-28' })).toEqual(['2029-02-28', '2030-02-28']);
  });
});

describe('checkExtension', () => {
  it('allows one extension of up to 36 months while not profitable under the default profile', () => {
    expect(checkExtension({ profile: defaultPolicyProfile, request: { requestedMonths: 36, extensionsUsed: 0, ventureProfitable: false } })).toEqual([]);
  });
  it('names every reason an extension is refused', () => {
    const codes = checkExtension({ profile: defaultPolicyProfile, request: { requestedMonths: 48, extensionsUsed: 1, ventureProfitable: true } }).map((r) => r.code);
    expect(codes).toEqual(['EXTENSIONS_USED_UP', 'TOO_MANY_MONTHS', 'VENTURE_PROFITABLE']);
  });
  it('refuses outright when the profile allows no extension', () => {
    const profile = { ...defaultPolicyProfile, retention: { ...defaultPolicyProfile.retention, extension: { allowed: false, maxCount: 0, maxMonths: 0, requiresNotProfitable: false } } };
    expect(checkExtension({ profile, request: { requestedMonths: 1, extensionsUsed: 0, ventureProfitable: false } }).map((r) => r.code)).toEqual(['EXTENSION_NOT_ALLOWED']);
  });
});
