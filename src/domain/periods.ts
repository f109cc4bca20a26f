/**
 * Check-in periods: the stretch of local days a score reports on, per KPI cadence.
 *
 * A period runs from local midnight of its first day to local midnight of the day after its last,
 * both in the contract's timezone, so a period that contains a DST change is an hour shorter or longer.
 * Keys are stable across timezones: `2026-W48` (ISO week), `2026-11`, `2026-Q4`, `M-2026-12-15`.
 */
import { StewardError } from './errors';
import {
  addDays,
  addMonths,
  assertIsoDate,
  HOUR_MS,
  instantAtLocalTime,
  isoWeekday,
  isValidIsoDate,
  localDate,
  startOfLocalDay,
} from './local-time';
import type { Cadence, IsoDate, Period } from './types';

export { isValidIsoDate, isValidTimezone, localDate } from './local-time';

/** Cadences whose periods go on forever; milestone periods stop at the last milestone. */
export type CalendarCadence = Exclude<Cadence, { type: 'milestones' }>;

/**
 * The first milestone has no previous milestone to start from, so its period covers this many
 * local days ending with the milestone day, roughly a month of work like the monthly cadence.
 */
export const FIRST_MILESTONE_PERIOD_DAYS = 30;

/** A period as local days: `firstDay` inclusive, `dayAfter` the first local day after it. */
interface LocalSpan {
  key: string;
  firstDay: IsoDate;
  dayAfter: IsoDate;
}

const WEEK_KEY = /^(\d{4})-W(\d{2})$/;
const MONTH_KEY = /^(\d{4})-(\d{2})$/;
const QUARTER_KEY = /^(\d{4})-Q(\d)$/;
const MILESTONE_KEY = /^M-(\d{4}-\d{2}-\d{2})$/;

/**
 * The period that contains `instant`. Milestone cadences return null before the first milestone
 * period starts and after the last milestone day ends.
 */
export function periodContaining(cadence: CalendarCadence, instant: Date, timezone: string): Period;
export function periodContaining(cadence: Cadence, instant: Date, timezone: string): Period | null;
export function periodContaining(cadence: Cadence, instant: Date, timezone: string): Period | null {
  const span = spanContaining(cadence, localDate(instant, timezone));
  return span && toPeriod(span, timezone);
}

export function nextPeriod(cadence: CalendarCadence, period: Period, timezone: string): Period;
export function nextPeriod(cadence: Cadence, period: Period, timezone: string): Period | null;
export function nextPeriod(cadence: Cadence, period: Period, timezone: string): Period | null {
  return periodContaining(cadence, period.end, timezone);
}

export function previousPeriod(cadence: CalendarCadence, period: Period, timezone: string): Period;
export function previousPeriod(cadence: Cadence, period: Period, timezone: string): Period | null;
export function previousPeriod(cadence: Cadence, period: Period, timezone: string): Period | null {
  return periodContaining(cadence, new Date(period.start.getTime() - 1), timezone);
}

/** Parses a period key for `cadence`; throws a validation error that shows the expected form. */
export function periodByKey(cadence: Cadence, key: string, timezone: string): Period {
  return toPeriod(spanByKey(cadence, key), timezone);
}

/** Every period that overlaps the half-open interval [from, to), oldest first. */
export function periodsBetween(cadence: Cadence, from: Date, to: Date, timezone: string): Period[] {
  if (!(to.getTime() > from.getTime())) return [];
  if (cadence.type === 'milestones') {
    return milestoneSpans(cadence.dates)
      .map((span) => toPeriod(span, timezone))
      .filter((period) => period.start < to && period.end > from);
  }
  const periods: Period[] = [];
  for (let period = periodContaining(cadence, from, timezone); period.start < to; ) {
    periods.push(period);
    period = nextPeriod(cadence, period, timezone);
  }
  return periods;
}

/**
 * A check-in reports on a finished period, so it is due at `promptHour` local time on the first
 * local day after the period. A skipped hour moves to the end of the DST gap; a repeated hour uses
 * its first occurrence (see instantAtLocalTime).
 */
export function checkinDueAt(period: Period, timezone: string, promptHour: number): Date {
  assertPromptHour(promptHour);
  return instantAtLocalTime(localDate(period.end, timezone), promptHour, 0, timezone);
}

/**
 * The first slot at `promptHour` local time, at or after `instant`, on a day that is neither a
 * holiday nor (unless `skipWeekends` is false) a Saturday or Sunday. Used to snooze a prompt and to
 * move it off days nobody works. A day has one slot: when the hour repeats at fall-back, the second
 * occurrence does not count, so a snooze never lands twice on the same day.
 */
export function nextWorkingSlot(
  instant: Date,
  timezone: string,
  promptHour: number,
  holidays: IsoDate[],
  skipWeekends = true,
): Date {
  assertPromptHour(promptHour);
  const days = new Set(holidays);
  const isWorkingDay = (day: IsoDate) => !days.has(day) && !(skipWeekends && isoWeekday(day) >= 6);
  let day = localDate(instant, timezone);
  // Ends: every week has weekdays, and only finitely many of them can be holidays.
  for (;;) {
    if (isWorkingDay(day)) {
      const slot = instantAtLocalTime(day, promptHour, 0, timezone);
      if (slot >= instant) return slot;
    }
    day = addDays(day, 1);
  }
}

/** Grace is measured in elapsed hours, so a DST change inside it does not stretch or shrink it. */
export function graceEndsAt(dueAt: Date, graceHours: number): Date {
  if (!Number.isFinite(graceHours) || graceHours < 0) {
    throw new StewardError('validation', 'Grace must be zero or more hours.');
  }
  return new Date(dueAt.getTime() + graceHours * HOUR_MS);
}

function assertPromptHour(promptHour: number): void {
  if (!Number.isInteger(promptHour) || promptHour < 0 || promptHour > 23) {
    throw new StewardError('validation', `The prompt hour must be a whole hour from 0 to 23, not ${promptHour}.`);
  }
}

function toPeriod(span: LocalSpan, timezone: string): Period {
  return {
    key: span.key,
    start: startOfLocalDay(span.firstDay, timezone),
    end: startOfLocalDay(span.dayAfter, timezone),
  };
}

function spanContaining(cadence: Cadence, day: IsoDate): LocalSpan | null {
  switch (cadence.type) {
    case 'weekly':
      return weekSpan(addDays(day, 1 - isoWeekday(day)));
    case 'monthly':
      return monthSpan(Number(day.slice(0, 4)), Number(day.slice(5, 7)));
    case 'quarterly':
      return quarterSpan(Number(day.slice(0, 4)), Math.ceil(Number(day.slice(5, 7)) / 3));
    case 'milestones':
      return milestoneSpans(cadence.dates).find((span) => span.dayAfter > day && span.firstDay <= day) ?? null;
  }
}

function spanByKey(cadence: Cadence, key: string): LocalSpan {
  switch (cadence.type) {
    case 'weekly': {
      const match = WEEK_KEY.exec(key);
      const year = Number(match?.[1]);
      const week = Number(match?.[2]);
      if (!match || year < 1000 || week < 1) throw badKey(key, 'weekly', 'YYYY-Www', '2026-W48');
      const weeks = isoWeeksInYear(year);
      if (week > weeks) throw new StewardError('validation', `${key} does not exist: ${year} has ${weeks} ISO weeks.`);
      return weekSpan(addDays(isoWeekOneMonday(year), 7 * (week - 1)));
    }
    case 'monthly': {
      const match = MONTH_KEY.exec(key);
      const year = Number(match?.[1]);
      const month = Number(match?.[2]);
      if (!match || year < 1000 || month < 1 || month > 12) throw badKey(key, 'monthly', 'YYYY-MM', '2026-11');
      return monthSpan(year, month);
    }
    case 'quarterly': {
      const match = QUARTER_KEY.exec(key);
      const year = Number(match?.[1]);
      const quarter = Number(match?.[2]);
      if (!match || year < 1000 || quarter < 1 || quarter > 4) throw badKey(key, 'quarterly', 'YYYY-Qn', '2026-Q4');
      return quarterSpan(year, quarter);
    }
    case 'milestones': {
      const day = MILESTONE_KEY.exec(key)?.[1];
      if (!day || !isValidIsoDate(day)) throw badKey(key, 'milestone', 'M-YYYY-MM-DD', 'M-2026-12-15');
      const span = milestoneSpans(cadence.dates).find((candidate) => candidate.key === key);
      if (!span) {
        throw new StewardError(
          'validation',
          `${day} is not one of this KPI's milestones (${normalizedMilestones(cadence.dates).join(', ')}).`,
        );
      }
      return span;
    }
  }
}

function badKey(key: string, cadence: string, form: string, example: string): StewardError {
  return new StewardError('validation', `"${key}" is not a ${cadence} period; write it as ${form}, e.g. ${example}.`);
}

function weekSpan(monday: IsoDate): LocalSpan {
  // ISO 8601: a week belongs to the year that holds its Thursday, so 2026-12-31 is in 2026-W53
  // while 2027-01-01 (a Friday) is still in 2026-W53 too.
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(isoWeekOneMonday(year), monday) / 7) + 1;
  return { key: `${year}-W${pad(week)}`, firstDay: monday, dayAfter: addDays(monday, 7) };
}

/** Week 1 is the week with 4 January in it. */
function isoWeekOneMonday(year: number): IsoDate {
  const fourthOfJanuary = `${year}-01-04`;
  return addDays(fourthOfJanuary, 1 - isoWeekday(fourthOfJanuary));
}

/** 28 December is always in the last ISO week of its year. */
function isoWeeksInYear(year: number): number {
  return Number(weekSpan(addDays(`${year}-12-28`, 1 - isoWeekday(`${year}-12-28`))).key.slice(6));
}

function monthSpan(year: number, month: number): LocalSpan {
  const firstDay = `${year}-${pad(month)}-01`;
  return { key: `${year}-${pad(month)}`, firstDay, dayAfter: addMonths(firstDay, 1) };
}

function quarterSpan(year: number, quarter: number): LocalSpan {
  const firstDay = `${year}-${pad(3 * quarter - 2)}-01`;
  return { key: `${year}-Q${quarter}`, firstDay, dayAfter: addMonths(firstDay, 3) };
}

/**
 * Milestone periods tile the time up to the last milestone: each runs from the day after the
 * previous milestone through its own milestone day, so work finished on the milestone day counts.
 */
function milestoneSpans(dates: IsoDate[]): LocalSpan[] {
  const milestones = normalizedMilestones(dates);
  return milestones.map((day, index) => ({
    key: `M-${day}`,
    firstDay: index === 0 ? addDays(day, 1 - FIRST_MILESTONE_PERIOD_DAYS) : addDays(milestones[index - 1]!, 1),
    dayAfter: addDays(day, 1),
  }));
}

function normalizedMilestones(dates: IsoDate[]): IsoDate[] {
  if (dates.length === 0)
    throw new StewardError('validation', 'A milestone cadence needs at least one milestone date.');
  for (const date of dates) assertIsoDate(date, 'milestone date');
  return [...new Set(dates)].sort();
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / (24 * HOUR_MS));
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
