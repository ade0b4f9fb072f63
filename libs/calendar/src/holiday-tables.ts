import tables from 'chinese-days/dist/chinese-days.json';

/**
 * The adapter over `chinese-days`, the one file that reads it: the State Council's public holidays
 * and adjusted working days (调休) by date, and the years the tables cover.
 */
export interface HolidayTables {
  /** Public holidays that fall on what would be a working day or a weekend, with their name. */
  holidays: ReadonlyMap<string, string>;
  /** Weekend days that are working days (调休), with the holiday they make up for. */
  adjustedWorkingDays: ReadonlyMap<string, string>;
  /** First and last year the tables cover; outside them only weekends are days off. */
  firstYear: number;
  lastYear: number;
}

/** The Chinese name of an entry such as 'Spring Festival,春节,3'. */
function chineseName(entry: string): string {
  const parts = entry.split(',');
  return parts[1] ?? parts[0] ?? entry;
}

let loaded: HolidayTables | null = null;

export function holidayTables(): HolidayTables {
  if (loaded) return loaded;
  const source = tables as { holidays: Record<string, string>; workdays: Record<string, string> };
  const holidays = new Map(Object.entries(source.holidays).map(([date, entry]) => [date, chineseName(entry)]));
  const adjustedWorkingDays = new Map(Object.entries(source.workdays).map(([date, entry]) => [date, chineseName(entry)]));
  const years = [...holidays.keys(), ...adjustedWorkingDays.keys()].map((date) => Number(date.slice(0, 4)));
  loaded = { holidays, adjustedWorkingDays, firstYear: Math.min(...years), lastYear: Math.max(...years) };
  return loaded;
}
