import fc from 'fast-check';
import { localDateTime } from '../../src/domain/local-time';
import {
  type CalendarCadence,
  checkinDueAt,
  graceEndsAt,
  localDate,
  nextPeriod,
  nextWorkingSlot,
  periodByKey,
  periodContaining,
  periodsBetween,
  previousPeriod,
} from '../../src/domain/periods';
import type { Cadence, Period } from '../../src/domain/types';

const WEEKLY: CalendarCadence = { type: 'weekly' };
const MONTHLY: CalendarCadence = { type: 'monthly' };
const QUARTERLY: CalendarCadence = { type: 'quarterly' };
const CALENDAR_CADENCES = [WEEKLY, MONTHLY, QUARTERLY];
// Chatham has a 45-minute offset and DST; Santiago's DST change skips midnight itself.
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'America/Santiago',
];
const KEY_FORMS: Record<CalendarCadence['type'], RegExp> = {
  weekly: /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/,
  monthly: /^\d{4}-(0[1-9]|1[0-2])$/,
  quarterly: /^\d{4}-Q[1-4]$/,
};

const instants = fc.date({
  min: new Date('2019-01-01T00:00:00Z'),
  max: new Date('2031-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const zones = fc.constantFrom(...ZONES);
const cadences = fc.constantFrom(...CALENDAR_CADENCES);

const iso = (period: Period) => ({ key: period.key, start: period.start.toISOString(), end: period.end.toISOString() });
const hours = (period: Period) => (period.end.getTime() - period.start.getTime()) / 3_600_000;
/** The local wall clock of an instant as a comparable number, minute precision. */
const wallClock = (instant: Date, zone: string) => {
  const local = localDateTime(instant, zone);
  return Date.parse(`${local.date}T00:00:00Z`) + (local.hour * 60 + local.minute) * 60_000;
};

/** Local days, 2019–2031, on which the zone's UTC offset changes. */
function dstChangeDays(zone: string): string[] {
  const days: string[] = [];
  const offsetAt = (instant: Date) => wallClock(instant, zone) - instant.getTime();
  let previous = offsetAt(new Date('2019-01-01T12:00:00Z'));
  for (let at = Date.parse('2019-01-02T12:00:00Z'); at < Date.parse('2032-01-01T00:00:00Z'); at += 86_400_000) {
    const offset = offsetAt(new Date(at));
    if (offset !== previous) days.push(localDate(new Date(at - 43_200_000), zone), localDate(new Date(at), zone));
    previous = offset;
  }
  return [...new Set(days)];
}

describe('periods tile time', () => {
  it('every instant lies in exactly one period, and the next period starts where it ends', () => {
    fc.assert(
      fc.property(cadences, zones, instants, (cadence, zone, instant) => {
        const period = periodContaining(cadence, instant, zone);
        expect(period.start.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(period.end.getTime()).toBeGreaterThan(instant.getTime());
        expect(period.key).toMatch(KEY_FORMS[cadence.type]);

        const next = nextPeriod(cadence, period, zone);
        expect(next.start).toEqual(period.end);
        expect(next.key > period.key).toBe(true);
        expect(iso(previousPeriod(cadence, next, zone))).toEqual(iso(period));
      }),
      { numRuns: 300 },
    );
  });

  it('keys round-trip through periodByKey', () => {
    fc.assert(
      fc.property(cadences, zones, instants, (cadence, zone, instant) => {
        const period = periodContaining(cadence, instant, zone);
        expect(iso(periodByKey(cadence, period.key, zone))).toEqual(iso(period));
      }),
      { numRuns: 300 },
    );
  });

  it('periods start at the first instant of a local day', () => {
    fc.assert(
      fc.property(cadences, zones, instants, (cadence, zone, instant) => {
        const { start, end } = periodContaining(cadence, instant, zone);
        for (const boundary of [start, end]) {
          expect(localDate(new Date(boundary.getTime() - 1), zone) < localDate(boundary, zone)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('milestone periods tile the time from 30 days before the first milestone to the end of the last', () => {
    const milestoneDates = fc.uniqueArray(
      fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2031-12-31T00:00:00Z'), noInvalidDate: true }),
      { minLength: 1, maxLength: 6, selector: (date) => date.toISOString().slice(0, 10) },
    );
    fc.assert(
      fc.property(milestoneDates, zones, instants, (dates, zone, instant) => {
        const cadence: Cadence = { type: 'milestones', dates: dates.map((date) => date.toISOString().slice(0, 10)) };
        const sorted = [...cadence.dates].sort();
        const first = periodByKey(cadence, `M-${sorted[0]}`, zone);
        const last = periodByKey(cadence, `M-${sorted.at(-1)}`, zone);
        expect(previousPeriod(cadence, first, zone)).toBeNull();
        expect(nextPeriod(cadence, last, zone)).toBeNull();

        const period = periodContaining(cadence, instant, zone);
        if (instant < first.start || instant >= last.end) {
          expect(period).toBeNull();
          return;
        }
        expect(period).not.toBeNull();
        expect(period!.start.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(period!.end.getTime()).toBeGreaterThan(instant.getTime());
        // The milestone day itself is the last day of its period.
        expect(localDate(new Date(period!.end.getTime() - 1), zone)).toBe(period!.key.slice(2));
        const next = nextPeriod(cadence, period!, zone);
        if (next) expect(next.start).toEqual(period!.end);
      }),
      { numRuns: 200 },
    );
  });
});

describe('weekly periods', () => {
  it('the week of the Berlin spring-forward is an hour short', () => {
    const period = periodContaining(WEEKLY, new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    expect(iso(period)).toEqual({
      key: '2026-W13',
      start: '2026-03-22T23:00:00.000Z',
      end: '2026-03-29T22:00:00.000Z',
    });
    expect(hours(period)).toBe(167);
  });

  it('the week of the Berlin fall-back is an hour long', () => {
    const period = periodContaining(WEEKLY, new Date('2026-10-25T12:00:00Z'), 'Europe/Berlin');
    expect(iso(period)).toEqual({
      key: '2026-W43',
      start: '2026-10-18T22:00:00.000Z',
      end: '2026-10-25T23:00:00.000Z',
    });
    expect(hours(period)).toBe(169);
  });

  it('follows ISO week-year rules at the turn of the year', () => {
    const weekOf = (date: string) => periodContaining(WEEKLY, new Date(`${date}T12:00:00Z`), 'UTC').key;
    // 2026 starts on a Thursday, so it has 53 weeks and its last week runs into 2027.
    expect(weekOf('2026-12-31')).toBe('2026-W53');
    expect(weekOf('2027-01-03')).toBe('2026-W53');
    expect(weekOf('2027-01-04')).toBe('2027-W01');
    expect(weekOf('2025-12-29')).toBe('2026-W01');
    expect(weekOf('2024-12-30')).toBe('2025-W01');
  });

  it('finds week 53 only in years that have one', () => {
    expect(periodByKey(WEEKLY, '2020-W53', 'UTC').start.toISOString()).toBe('2020-12-28T00:00:00.000Z');
    expect(periodByKey(WEEKLY, '2026-W53', 'UTC').start.toISOString()).toBe('2026-12-28T00:00:00.000Z');
    expect(() => periodByKey(WEEKLY, '2025-W53', 'UTC')).toThrow('2025-W53 does not exist: 2025 has 52 ISO weeks.');
  });
});

describe('monthly periods', () => {
  it('includes the leap day in February 2024', () => {
    const period = periodContaining(MONTHLY, new Date('2024-02-29T22:30:00Z'), 'Europe/Berlin');
    expect(iso(period)).toEqual({ key: '2024-02', start: '2024-01-31T23:00:00.000Z', end: '2024-02-29T23:00:00.000Z' });
    expect(hours(period)).toBe(29 * 24);
    expect(periodContaining(MONTHLY, new Date('2024-02-29T23:30:00Z'), 'Europe/Berlin').key).toBe('2024-03');
  });

  it('turns the month at local midnight', () => {
    const instant = new Date('2026-10-31T23:30:00Z');
    expect(periodContaining(MONTHLY, instant, 'Europe/Berlin').key).toBe('2026-11');
    expect(periodContaining(MONTHLY, instant, 'America/New_York').key).toBe('2026-10');
    expect(periodByKey(MONTHLY, '2026-11', 'Asia/Kolkata').start.toISOString()).toBe('2026-10-31T18:30:00.000Z');
  });
});

describe('quarterly periods', () => {
  it('parses quarter keys', () => {
    expect(iso(periodByKey(QUARTERLY, '2026-Q4', 'UTC'))).toEqual({
      key: '2026-Q4',
      start: '2026-10-01T00:00:00.000Z',
      end: '2027-01-01T00:00:00.000Z',
    });
    expect(periodByKey(QUARTERLY, '2024-Q1', 'Australia/Sydney').start.toISOString()).toBe('2023-12-31T13:00:00.000Z');
    expect(periodContaining(QUARTERLY, new Date('2024-02-29T12:00:00Z'), 'UTC').key).toBe('2024-Q1');
  });
});

describe('periodByKey', () => {
  it.each([
    [QUARTERLY, '2026-Q5', 'e.g. 2026-Q4'],
    [QUARTERLY, '2026-Q0', 'e.g. 2026-Q4'],
    [QUARTERLY, '2026Q4', 'e.g. 2026-Q4'],
    [MONTHLY, '2026-13', 'e.g. 2026-11'],
    [MONTHLY, '2026-00', 'e.g. 2026-11'],
    [MONTHLY, '2026-1', 'e.g. 2026-11'],
    [MONTHLY, '2026-Q4', 'e.g. 2026-11'],
    [WEEKLY, '2026-W00', 'e.g. 2026-W48'],
    [WEEKLY, '2026-11', 'e.g. 2026-W48'],
  ] as const)('rejects %o key %s with an example of the right form', (cadence, key, example) => {
    expect(() => periodByKey(cadence, key, 'UTC')).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => periodByKey(cadence, key, 'UTC')).toThrow(example);
  });
});

describe('milestone periods', () => {
  const cadence: Cadence = { type: 'milestones', dates: ['2026-12-15', '2026-06-30', '2026-06-30'] };

  it('run from the day after the previous milestone through the milestone day', () => {
    expect(iso(periodByKey(cadence, 'M-2026-12-15', 'UTC'))).toEqual({
      key: 'M-2026-12-15',
      start: '2026-07-01T00:00:00.000Z',
      end: '2026-12-16T00:00:00.000Z',
    });
  });

  it('give the first milestone the 30 days ending with it', () => {
    const first = periodByKey(cadence, 'M-2026-06-30', 'UTC');
    expect(iso(first)).toEqual({
      key: 'M-2026-06-30',
      start: '2026-06-01T00:00:00.000Z',
      end: '2026-07-01T00:00:00.000Z',
    });
  });

  it('have no period outside the milestones', () => {
    expect(periodContaining(cadence, new Date('2026-05-31T23:59:59Z'), 'UTC')).toBeNull();
    expect(periodContaining(cadence, new Date('2026-12-16T00:00:00Z'), 'UTC')).toBeNull();
  });

  it('reject a key that is not one of the milestones, naming them', () => {
    expect(() => periodByKey(cadence, 'M-2026-07-01', 'UTC')).toThrow(
      "2026-07-01 is not one of this KPI's milestones (2026-06-30, 2026-12-15).",
    );
    expect(() => periodByKey(cadence, 'M-2026-02-30', 'UTC')).toThrow('e.g. M-2026-12-15');
  });

  it('reject an empty or invalid list of dates', () => {
    expect(() => periodContaining({ type: 'milestones', dates: [] }, new Date(), 'UTC')).toThrow(
      'at least one milestone',
    );
    expect(() => periodContaining({ type: 'milestones', dates: ['2026-02-30'] }, new Date(), 'UTC')).toThrow(
      '"2026-02-30" is not a valid milestone date',
    );
  });
});

describe('periodsBetween', () => {
  it('lists the periods overlapping [from, to)', () => {
    const from = new Date('2026-01-15T00:00:00Z');
    const to = periodByKey(MONTHLY, '2026-04', 'Europe/Berlin').start;
    expect(periodsBetween(MONTHLY, from, to, 'Europe/Berlin').map((period) => period.key)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
  });

  it('is empty for an empty or reversed range', () => {
    const at = new Date('2026-01-15T00:00:00Z');
    expect(periodsBetween(WEEKLY, at, at, 'UTC')).toEqual([]);
    expect(periodsBetween(WEEKLY, at, new Date('2026-01-01T00:00:00Z'), 'UTC')).toEqual([]);
  });

  it('lists only the milestones in range', () => {
    const cadence: Cadence = { type: 'milestones', dates: ['2026-03-31', '2026-06-30', '2026-09-30'] };
    const keys = periodsBetween(cadence, new Date('2026-04-10T00:00:00Z'), new Date('2027-01-01T00:00:00Z'), 'UTC').map(
      (period) => period.key,
    );
    expect(keys).toEqual(['M-2026-06-30', 'M-2026-09-30']);
  });

  it('tiles the range without gaps', () => {
    fc.assert(
      fc.property(cadences, zones, instants, fc.integer({ min: 1, max: 400 }), (cadence, zone, from, days) => {
        const to = new Date(from.getTime() + days * 86_400_000);
        const periods = periodsBetween(cadence, from, to, zone);
        expect(periods[0]!.start.getTime()).toBeLessThanOrEqual(from.getTime());
        expect(periods.at(-1)!.end.getTime()).toBeGreaterThanOrEqual(to.getTime());
        for (let index = 1; index < periods.length; index++)
          expect(periods[index]!.start).toEqual(periods[index - 1]!.end);
      }),
      { numRuns: 50 },
    );
  });
});

describe('checkinDueAt', () => {
  it('is due at the prompt hour on the first local day after the period', () => {
    const november = periodByKey(MONTHLY, '2026-11', 'Europe/Berlin');
    expect(checkinDueAt(november, 'Europe/Berlin', 9).toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });

  it('moves a prompt hour skipped by spring-forward to the end of the gap (New York, 2026-03-08 02:00)', () => {
    const period = periodByKey({ type: 'milestones', dates: ['2026-03-07'] }, 'M-2026-03-07', 'America/New_York');
    const due = checkinDueAt(period, 'America/New_York', 2);
    expect(due.toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(localDateTime(due, 'America/New_York')).toMatchObject({ date: '2026-03-08', hour: 3, minute: 0 });
  });

  it('uses the first occurrence of a prompt hour repeated at fall-back', () => {
    const period = periodByKey({ type: 'milestones', dates: ['2026-10-31'] }, 'M-2026-10-31', 'America/New_York');
    expect(checkinDueAt(period, 'America/New_York', 1).toISOString()).toBe('2026-11-01T05:00:00.000Z');
  });

  it('rejects a prompt hour that is not a whole hour of the day', () => {
    const period = periodByKey(MONTHLY, '2026-11', 'UTC');
    for (const hour of [-1, 24, 9.5, Number.NaN]) {
      expect(() => checkinDueAt(period, 'UTC', hour)).toThrow(expect.objectContaining({ code: 'validation' }));
    }
  });

  it('lands exactly on the prompt hour, or on the first instant after it when the hour is skipped', () => {
    fc.assert(
      fc.property(cadences, zones, instants, fc.integer({ min: 0, max: 23 }), (cadence, zone, instant, promptHour) => {
        const period = periodContaining(cadence, instant, zone);
        const due = checkinDueAt(period, zone, promptHour);
        const dayAfter = localDate(period.end, zone);
        const wanted = Date.parse(`${dayAfter}T00:00:00Z`) + promptHour * 3_600_000;

        expect(localDate(due, zone)).toBe(dayAfter);
        expect(due.getTime()).toBeGreaterThanOrEqual(period.end.getTime());
        // The earliest instant whose wall clock has reached the prompt hour: on it when it exists,
        // just past the gap when it does not, and never the second occurrence of a repeated hour.
        expect(wallClock(due, zone)).toBeGreaterThanOrEqual(wanted);
        expect(wallClock(new Date(due.getTime() - 60_000), zone)).toBeLessThan(wanted);
        if (wallClock(due, zone) !== wanted) expect(localDateTime(due, zone).hour).toBeGreaterThan(promptHour);
      }),
      { numRuns: 300 },
    );
  });

  it('lands on the prompt hour or just past the gap on the days clocks change', () => {
    // Calendar periods rarely end the day before a DST change, so aim milestones at those days.
    const changeDays = ZONES.flatMap((zone) => dstChangeDays(zone).map((day) => ({ zone, day })));
    expect(changeDays.length).toBeGreaterThan(100);
    fc.assert(
      fc.property(fc.constantFrom(...changeDays), fc.integer({ min: 0, max: 23 }), ({ zone, day }, promptHour) => {
        const milestone = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        const period = periodByKey({ type: 'milestones', dates: [milestone] }, `M-${milestone}`, zone);
        const due = checkinDueAt(period, zone, promptHour);
        const wanted = Date.parse(`${day}T00:00:00Z`) + promptHour * 3_600_000;
        expect(localDate(due, zone)).toBe(day);
        expect(wallClock(due, zone)).toBeGreaterThanOrEqual(wanted);
        expect(wallClock(new Date(due.getTime() - 60_000), zone)).toBeLessThan(wanted);
      }),
      { numRuns: 500 },
    );
  });

  it('gives one due time per period, however the period was found', () => {
    fc.assert(
      fc.property(cadences, zones, instants, fc.integer({ min: 0, max: 23 }), (cadence, zone, instant, promptHour) => {
        const period = periodContaining(cadence, instant, zone);
        const sameFromStart = periodContaining(cadence, period.start, zone);
        const sameFromEnd = periodContaining(cadence, new Date(period.end.getTime() - 1), zone);
        const sameFromKey = periodByKey(cadence, period.key, zone);
        const dueTimes = new Set(
          [period, sameFromStart, sameFromEnd, sameFromKey].map((found) =>
            checkinDueAt(found, zone, promptHour).getTime(),
          ),
        );
        expect(dueTimes.size).toBe(1);
      }),
      { numRuns: 100 },
    );
  });
});

describe('nextWorkingSlot', () => {
  const zone = 'Europe/Berlin';
  const fridayAfterNine = new Date('2026-11-27T09:00:00Z'); // 10:00 in Berlin

  it('skips the weekend once the day’s slot has passed', () => {
    expect(nextWorkingSlot(fridayAfterNine, zone, 9, []).toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('skips holidays too', () => {
    expect(nextWorkingSlot(fridayAfterNine, zone, 9, ['2026-11-30']).toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });

  it('may land on a weekend when asked to', () => {
    expect(nextWorkingSlot(fridayAfterNine, zone, 9, [], false).toISOString()).toBe('2026-11-28T08:00:00.000Z');
  });

  it('keeps today when the slot is still ahead or exactly now', () => {
    expect(nextWorkingSlot(new Date('2026-11-27T06:00:00Z'), zone, 9, []).toISOString()).toBe(
      '2026-11-27T08:00:00.000Z',
    );
    expect(nextWorkingSlot(new Date('2026-11-27T08:00:00Z'), zone, 9, []).toISOString()).toBe(
      '2026-11-27T08:00:00.000Z',
    );
  });

  it('moves a skipped prompt hour to the end of the DST gap', () => {
    expect(nextWorkingSlot(new Date('2026-03-08T00:00:00Z'), 'America/New_York', 2, [], false).toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
  });

  it('always returns a working day at the prompt hour, not before the given instant', () => {
    const holidays = fc.uniqueArray(
      fc
        .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10)),
      { maxLength: 40 },
    );
    const during2026 = fc.date({
      min: new Date('2026-01-01T00:00:00Z'),
      max: new Date('2026-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(zones, during2026, fc.integer({ min: 0, max: 23 }), holidays, (tz, instant, hour, days) => {
        const slot = nextWorkingSlot(instant, tz, hour, days);
        const local = localDateTime(slot, tz);
        expect(slot.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        expect(local.weekday).toBeLessThanOrEqual(5);
        expect(days).not.toContain(local.date);
        expect(local.hour).toBeGreaterThanOrEqual(hour);
      }),
      { numRuns: 100 },
    );
  });
});

describe('graceEndsAt', () => {
  it('counts elapsed hours, across a DST change too', () => {
    expect(graceEndsAt(new Date('2026-10-24T07:00:00Z'), 48).toISOString()).toBe('2026-10-26T07:00:00.000Z');
  });

  it('rejects negative grace', () => {
    expect(() => graceEndsAt(new Date('2026-10-24T07:00:00Z'), -1)).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
  });
});
