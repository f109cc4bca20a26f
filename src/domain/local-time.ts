/**
 * Local calendar days and wall-clock times in an IANA timezone, and the instants they map to.
 *
 * Calendar arithmetic runs on dayjs in UTC mode, where a `YYYY-MM-DD` is a floating date with no
 * DST. Wall-clock ↔ instant conversion reads zone offsets from a cached `Intl.DateTimeFormat`
 * instead of the dayjs timezone plugin: `dayjs(x).tz(zone)` builds its fields by parsing a string
 * in the host's zone, so on a host with DST it reports 03:30 for a wall time of 02:30 whenever that
 * hour is missing on the host, and `dayjs.tz(string, zone)` resolves ambiguous times using today's
 * offset, so its answer changes with the season the code runs in. The plugin itself caches formatters
 * the same way for the same reason: creating one per call costs ~90µs.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { StewardError } from './errors';
import type { IsoDate } from './types';

dayjs.extend(utc);

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface LocalDateTime {
  date: IsoDate;
  hour: number;
  minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    if (!isValidTimezone(timezone)) {
      throw new StewardError(
        'validation',
        `"${timezone}" is not a timezone I know. Use an IANA name such as Europe/Berlin or America/New_York.`,
      );
    }
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      // h23 keeps midnight as 00; the default en-US cycle can print it as 24.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

export function isValidTimezone(timezone: unknown): timezone is string {
  // Newer ICU builds accept raw offsets such as "+05:30"; a contract needs a zone with DST rules.
  if (typeof timezone !== 'string' || !/^[A-Za-z]/.test(timezone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** Rejects impossible days such as 2026-02-30 and 2025-02-29; years before 1000 are not calendar dates we use. */
export function isValidIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value) || value < '1000') return false;
  const parsed = dayjs.utc(value);
  // dayjs rolls 2026-02-30 over to 2026-03-02 instead of failing, so compare the round trip.
  return parsed.isValid() && parsed.format('YYYY-MM-DD') === value;
}

export function assertIsoDate(value: unknown, what = 'date'): asserts value is IsoDate {
  if (!isValidIsoDate(value)) {
    throw new StewardError('validation', `"${String(value)}" is not a valid ${what}; use YYYY-MM-DD, e.g. 2026-11-30.`);
  }
}

/** The wall clock in `timezone` at `epochMs`, written as if that wall clock were UTC. */
function wallClockMs(epochMs: number, timezone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(epochMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const subSecond = ((epochMs % 1000) + 1000) % 1000;
  return (
    Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!) + subSecond
  );
}

function offsetMs(epochMs: number, timezone: string): number {
  return wallClockMs(epochMs, timezone) - epochMs;
}

export function localDateTime(instant: Date, timezone: string): LocalDateTime {
  const wall = dayjs.utc(wallClockMs(assertInstant(instant), timezone));
  return {
    date: wall.format('YYYY-MM-DD'),
    hour: wall.hour(),
    minute: wall.minute(),
    weekday: wall.day() === 0 ? 7 : wall.day(),
  };
}

/** The local calendar day on which `instant` falls in `timezone`. */
export function localDate(instant: Date, timezone: string): IsoDate {
  return dayjs.utc(wallClockMs(assertInstant(instant), timezone)).format('YYYY-MM-DD');
}

/**
 * The instant at which clocks in `timezone` show `hour:minute` on `date`.
 *
 * When that wall time is skipped (spring forward) the answer is the first instant after the gap,
 * i.e. the moment of the transition: 02:30 in a 02:00→03:00 gap gives 03:00, and 03:00 in
 * Chatham's 02:45→03:45 gap gives 03:45. When it happens twice (fall back) the answer is the first
 * occurrence, so a local time never maps to two instants.
 */
export function instantAtLocalTime(date: IsoDate, hour: number, minute: number, timezone: string): Date {
  assertIsoDate(date);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new StewardError('validation', `${hour}:${minute} is not a time of day; use hours 0–23 and minutes 0–59.`);
  }
  const wall = dayjs.utc(date).valueOf() + hour * HOUR_MS + minute * MINUTE_MS;
  // Every instant showing this wall time lies within a day of it (offsets span −12h…+14h), and tz
  // data has at most one transition in such a window, so the offsets a day either side are the only candidates.
  const offsetBefore = offsetMs(wall - DAY_MS, timezone);
  const offsetAfter = offsetMs(wall + DAY_MS, timezone);
  const candidates = [wall - offsetBefore, wall - offsetAfter]
    .filter((instant) => wallClockMs(instant, timezone) === wall)
    .sort((a, b) => a - b);
  if (candidates[0] !== undefined) return new Date(candidates[0]);

  // A gap: before the transition the wall clock is still short of `wall`, after it already past.
  let short = wall - offsetAfter;
  let past = wall - offsetBefore;
  while (past - short > 1000) {
    const middle = short + Math.max(1000, Math.floor((past - short) / 2000) * 1000);
    if (wallClockMs(middle, timezone) < wall) short = middle;
    else past = middle;
  }
  return new Date(past);
}

/** The first instant of `date` in `timezone`: local midnight, or the end of a DST gap that swallows midnight. */
export function startOfLocalDay(date: IsoDate, timezone: string): Date {
  return instantAtLocalTime(date, 0, 0, timezone);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return dayjs.utc(date).add(months, 'month').format('YYYY-MM-DD');
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const day = dayjs.utc(date).day();
  return day === 0 ? 7 : day;
}

function assertInstant(instant: Date): number {
  const epochMs = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(epochMs)) throw new StewardError('validation', 'That is not a valid point in time.');
  return epochMs;
}
