import { z } from 'zod';

/** How a period of N days is counted: working days (工作日) or calendar days (自然日). */
export const DAY_KINDS = ['WORKING', 'CALENDAR'] as const;
export type DayKind = (typeof DAY_KINDS)[number];
export const ZDayKind = z.enum(DAY_KINDS);
