import fc from 'fast-check';
import {
  instantAtLocalTime,
  isValidIsoDate,
  isValidTimezone,
  localDate,
  localDateTime,
  startOfLocalDay,
} from '../../src/domain/local-time';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham'];

describe('isValidIsoDate', () => {
  it.each(['2024-02-29', '2026-12-31', '2026-01-01'])('accepts %s', (date) => {
    expect(isValidIsoDate(date)).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-1-5',
    '26-01-05',
    '2026-01-05T00:00',
    '',
    '0999-01-01',
  ])('rejects %s', (date) => {
    expect(isValidIsoDate(date)).toBe(false);
  });

  it('rejects values that are not strings', () => {
    expect(isValidIsoDate(20260101)).toBe(false);
    expect(isValidIsoDate(undefined)).toBe(false);
  });
});

describe('isValidTimezone', () => {
  it.each(['Europe/Berlin', 'Pacific/Chatham', 'UTC'])('accepts %s', (zone) => {
    expect(isValidTimezone(zone)).toBe(true);
  });

  it.each(['Mars/Olympus', '', '+05:30', 'Berlin'])('rejects %s', (zone) => {
    expect(isValidTimezone(zone)).toBe(false);
  });
});

describe('localDate', () => {
  it('reads the calendar day in the zone, not in UTC', () => {
    const instant = new Date('2026-10-31T23:30:00Z');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-11-01');
    expect(localDate(instant, 'America/New_York')).toBe('2026-10-31');
  });

  it('throws a validation error for an unknown zone', () => {
    expect(() => localDate(new Date('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
  });
});

describe('instantAtLocalTime', () => {
  it('converts an ordinary wall time', () => {
    expect(instantAtLocalTime('2026-11-02', 9, 0, 'Europe/Berlin').toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(instantAtLocalTime('2026-11-02', 9, 0, 'Asia/Kolkata').toISOString()).toBe('2026-11-02T03:30:00.000Z');
  });

  it('moves a wall time skipped by spring-forward to the end of the gap', () => {
    // Berlin skips 02:00–03:00 on 2026-03-29.
    expect(instantAtLocalTime('2026-03-29', 2, 30, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    // Chatham skips 02:45–03:45 on 2026-09-27, so 03:00 becomes 03:45 (+13:45), not 04:00.
    expect(instantAtLocalTime('2026-09-27', 3, 0, 'Pacific/Chatham').toISOString()).toBe('2026-09-26T14:00:00.000Z');
  });

  it('takes the first of two occurrences at fall-back', () => {
    // New York shows 01:30 twice on 2026-11-01: first in EDT (−4), then in EST (−5).
    expect(instantAtLocalTime('2026-11-01', 1, 30, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('starts a day whose midnight is skipped at the end of the gap', () => {
    // Santiago moves clocks from 24:00 to 01:00 on the night into 2026-09-06.
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(localDateTime(start, 'America/Santiago')).toMatchObject({ date: '2026-09-06', hour: 1, minute: 0 });
    expect(localDate(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2026-09-05');
  });

  it('does not depend on the timezone of the machine it runs on', () => {
    const original = process.env.TZ;
    const cases = () => [
      instantAtLocalTime('2026-03-08', 2, 30, 'Europe/Berlin').toISOString(),
      localDateTime(new Date('2026-03-08T01:30:00Z'), 'Europe/Berlin').hour,
      instantAtLocalTime('2026-10-25', 2, 30, 'Europe/Berlin').toISOString(),
    ];
    try {
      process.env.TZ = 'UTC';
      const onUtcHost = cases();
      // 2026-03-08 02:30 does not exist in New York, which trips libraries that parse through the host zone.
      process.env.TZ = 'America/New_York';
      expect(cases()).toEqual(onUtcHost);
      expect(onUtcHost).toEqual(['2026-03-08T01:30:00.000Z', 2, '2026-10-25T00:30:00.000Z']);
    } finally {
      process.env.TZ = original;
    }
  });

  it('round-trips every instant on a whole minute: its local wall time maps back to it unless that time repeats', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2019, 0, 1) / 60_000, max: Date.UTC(2031, 11, 31) / 60_000 }),
        (zone, minutes) => {
          const instant = new Date(minutes * 60_000);
          const local = localDateTime(instant, zone);
          const back = instantAtLocalTime(local.date, local.hour, local.minute, zone);
          // At fall-back the second occurrence maps to the first, which is up to an hour earlier.
          expect(back.getTime() === instant.getTime() || back.getTime() < instant.getTime()).toBe(true);
          expect(localDateTime(back, zone)).toEqual(local);
        },
      ),
    );
  });
});
