import { describe, expect, it } from 'vitest';
import {
  shanghaiDateOf,
  shanghaiDateTimeOf,
  shanghaiEndOfDay,
  shanghaiInstantOf,
  shanghaiStartOfDay,
} from './shanghai-time';

describe('Shanghai local time (fixed UTC+8)', () => {
  it('turns an instant into the Shanghai date, switching at 16:00 UTC', () => {
    expect(shanghaiDateOf(Date.UTC(2025, 8, 30, 15, 59, 59, 999))).toBe('2025-09-30');
    expect(shanghaiDateOf(Date.UTC(2025, 8, 30, 16, 0, 0, 0))).toBe('2025-10-01');
    expect(shanghaiDateOf(new Date('2026-02-16T23:30:00+08:00'))).toBe('2026-02-16');
  });

  it('turns a Shanghai date and time into an instant', () => {
    expect(shanghaiInstantOf({ date: '2025-10-01' })).toBe(Date.UTC(2025, 8, 30, 16));
    expect(shanghaiInstantOf({ date: '2025-10-01', time: '09:30' })).toBe(Date.UTC(2025, 9, 1, 1, 30));
    expect(shanghaiInstantOf({ date: '2025-10-01', time: '23:59:59' })).toBe(Date.UTC(2025, 9, 1, 15, 59, 59));
    expect(() => shanghaiInstantOf({ date: '2025-10-01', time: '24:00' })).toThrow(/time/);
  });

  it('gives the bounds of a day, end exclusive', () => {
    expect(shanghaiEndOfDay('2025-12-31') - shanghaiStartOfDay('2025-12-31')).toBe(86_400_000);
    expect(shanghaiEndOfDay('2025-12-31')).toBe(shanghaiStartOfDay('2026-01-01'));
  });

  it('round-trips and agrees with the IANA zone for every hour of several years', () => {
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 3_600_000 * 7 + 61_000) {
      const { date, time } = shanghaiDateTimeOf(ms);
      const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
      expect(`${date} ${time}`).toBe(`${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`);
      expect(shanghaiInstantOf({ date, time })).toBe(ms - (ms % 1000));
    }
  });
});
