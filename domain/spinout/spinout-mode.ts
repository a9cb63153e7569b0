import { z } from 'zod';
import type { LocalizedText } from '../localized-text';

/**
 * LEAVE: 离岗创业 — leaves the post, keeps the personnel relationship (人事关系) for a
 * limited time, the retention clock. PART_TIME: 在岗兼职创业 — stays in post and works for the
 * venture part-time.
 */
export const SPINOUT_MODES = ['LEAVE', 'PART_TIME'] as const;
export type SpinoutMode = (typeof SPINOUT_MODES)[number];
export const ZSpinoutMode = z.enum(SPINOUT_MODES, { error: 'mode must be LEAVE or PART_TIME' });

export const SPINOUT_MODE_LABELS: Readonly<Record<SpinoutMode, LocalizedText>> = {
  LEAVE: { zh: '离岗创业', en: 'Leave to found a venture' },
  PART_TIME: { zh: '在岗兼职创业', en: 'Part-time venture while in post' },
};
