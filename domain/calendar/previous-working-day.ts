import { workingDayTest, type CalendarOptions } from './calendar-day';
import { epochDayOf, isoDateOfEpochDay, type IsoDate } from './iso-date';

/** `date` itself if it is a working day, otherwise the last working day before it. */
export function previousWorkingDay({ date, calendar }: { date: IsoDate } & CalendarOptions): IsoDate {
  const isWorking = workingDayTest(calendar);
  let epochDay = epochDayOf(date);
  while (!isWorking(epochDay)) epochDay -= 1;
  return isoDateOfEpochDay(epochDay);
}
