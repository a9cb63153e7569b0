import { AppError } from '../errors';
import { epochDayOf, isoDateOfEpochDay, type IsoDate } from './iso-date';

/**
 * Asia/Shanghai is fixed at UTC+8: China has observed no daylight saving time since 1991,
 * and the whole country uses this one offset. We therefore convert with a constant instead of
 * `Intl` / a time-zone database, which keeps these helpers pure and deterministic for
 * Temporal workflows and independent of the ICU data shipped with a given Node build.
 */
export const SHANGHAI_UTC_OFFSET_MINUTES = 8 * 60;

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = SHANGHAI_UTC_OFFSET_MINUTES * MS_PER_MINUTE;

/**
 * An instant in time: epoch milliseconds or a `Date`. Callers pass "now" in (a workflow gets
 * it from its deterministic clock, an activity from an injected clock); nothing here reads it.
 */
export type Instant = number | Date;

export function epochMsOf(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isSafeInteger(ms)) {
    throw new AppError('VALIDATION_FAILED', 'Instant must be a whole number of epoch milliseconds');
  }
  return ms;
}

/** The Shanghai local date on which `instant` falls. */
export function shanghaiDateOf(instant: Instant): IsoDate {
  return isoDateOfEpochDay(Math.floor((epochMsOf(instant) + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

export interface ShanghaiDateTime {
  readonly date: IsoDate;
  /** `HH:mm:ss`, 24-hour clock. */
  readonly time: string;
}

/** The Shanghai local date and wall-clock time (to the second) of `instant`. */
export function shanghaiDateTimeOf(instant: Instant): ShanghaiDateTime {
  const localMs = epochMsOf(instant) + SHANGHAI_OFFSET_MS;
  const msOfDay = localMs - Math.floor(localMs / MS_PER_DAY) * MS_PER_DAY;
  const secondsOfDay = Math.floor(msOfDay / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const time = `${pad(Math.floor(secondsOfDay / 3600))}:${pad(Math.floor(secondsOfDay / 60) % 60)}:${pad(secondsOfDay % 60)}`;
  return { date: shanghaiDateOf(instant), time };
}

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/**
 * The instant (epoch ms) of a Shanghai wall-clock time. `time` is `HH:mm` or `HH:mm:ss`
 * and defaults to midnight, the start of the day.
 */
export function shanghaiInstantOf({ date, time = '00:00' }: { date: IsoDate; time?: string }): number {
  const match = TIME_PATTERN.exec(time);
  if (match === null) {
    throw new AppError('VALIDATION_FAILED', `Not a valid time (HH:mm or HH:mm:ss): "${time}"`, {
      details: { time },
    });
  }
  const seconds = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? '0');
  return epochDayOf(date) * MS_PER_DAY + seconds * 1000 - SHANGHAI_OFFSET_MS;
}

/** First instant of `date` in Shanghai (00:00 +08:00). */
export function shanghaiStartOfDay(date: IsoDate): number {
  return shanghaiInstantOf({ date });
}

/**
 * The instant a Shanghai day is over: 00:00 +08:00 of the following day (exclusive end).
 * A deadline "on" a due date is met by anything strictly before this instant.
 */
export function shanghaiEndOfDay(date: IsoDate): number {
  return shanghaiStartOfDay(date) + MS_PER_DAY;
}
