import { describe, expect, it } from 'vitest';
import { addMonthsClamped } from './add-months-clamped';

describe('addMonthsClamped', () => {
  it('keeps the day of the month when it exists', () => {
    expect(addMonthsClamped('2025-10-15', 36)).toBe('2028-10-15');
    expect(addMonthsClamped('2025-02-28', 1)).toBe('2025-03-28');
    expect(addMonthsClamped('2025-04-30', 1)).toBe('2025-05-30');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(addMonthsClamped('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonthsClamped('2024-01-31', 1)).toBe('2024-02-29'); // leap year
    expect(addMonthsClamped('2025-03-31', 1)).toBe('2025-04-30');
    expect(addMonthsClamped('2025-08-31', -6)).toBe('2025-02-28');
  });

  it('handles a leap day over a 36-month retention clock', () => {
    expect(addMonthsClamped('2024-02-29', 36)).toBe('2027-02-28');
    expect(addMonthsClamped('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonthsClamped('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('crosses year boundaries both ways', () => {
    expect(addMonthsClamped('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonthsClamped('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonthsClamped('2026-01-15', 0)).toBe('2026-01-15');
  });
});
