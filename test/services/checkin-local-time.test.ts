import type { Connection } from 'mongoose';
import { ChatSurfaces } from '../../src/chat/chat-surface';
import { fixedClock } from '../../src/domain/clock';
import { localDateTime } from '../../src/domain/local-time';
import type { Contract, KpiDefinition, Person } from '../../src/domain/types';
import { createLogger } from '../../src/logger';
import { createServices, DEFAULT_SERVICE_SETTINGS } from '../../src/services';
import { createStore } from '../../src/store';
import { useTestDatabase } from '../support/database';
import { RecordingSurface } from '../support/recording-surface';

/**
 * Guarantee: prompts go out at the prompt hour (09:00) in the respondent's own timezone (their Slack profile),
 * else the contract's; weekends and the answering side's holidays are skipped; a snooze moves to the next
 * working slot; and daylight-saving changes neither skip nor double a prompt. The clock moves hour by hour
 * and every prompt is counted.
 */
const database = useTestDatabase();
const HOUR = 3_600_000;

/** A chat surface that knows people's timezones, like Slack's profiles. */
class SurfaceWithZones extends RecordingSurface {
  constructor(private readonly zones: Record<string, string>) {
    super('slack');
  }

  async personTimezone(person: Person): Promise<string | null> {
    return (person.slackUserId && this.zones[person.slackUserId]) || null;
  }
}

const owner: Person = { name: 'Olivia', slackUserId: 'U0OWNER', slackTeamId: 'T0BUYER' };
const vendor: Person = { name: 'Victor', slackUserId: 'U0VENDOR', slackTeamId: 'T0VENDOR' };

function kpi(overrides: Partial<KpiDefinition>): KpiDefinition {
  return {
    name: 'Availability',
    unit: '%',
    kind: 'percent',
    direction: 'higher-is-better',
    baseline: 98,
    target: 99.5,
    warningThreshold: 99,
    breachThreshold: 98,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'vendor',
    evidenceRequired: false,
    vendorVisible: true,
    ...overrides,
  };
}

async function setup(
  connection: Connection,
  start: string,
  options: {
    zones?: Record<string, string>;
    contracts: Array<{ contract: Partial<Contract>; kpis: Record<string, Partial<KpiDefinition>> }>;
  },
) {
  const clock = fixedClock(start);
  const store = createStore(connection, clock);
  await store.ensureIndexes();
  const surface = new SurfaceWithZones(options.zones ?? {});
  const surfaces = new ChatSurfaces();
  surfaces.register(surface);
  const services = createServices({
    store,
    surfaces,
    clock,
    logger: createLogger('silent'),
    settings: { ...DEFAULT_SERVICE_SETTINGS, defaultTimezone: 'UTC' },
    instanceId: 'local-time',
  });
  for (const { contract, kpis } of options.contracts) {
    const reference = contract.reference!;
    await store.contracts.create(
      {
        reference,
        title: reference,
        vendor: { name: `${reference} vendor`, contacts: [vendor] },
        value: { amount: 1000, currency: 'EUR' },
        startDate: '2025-01-01',
        endDate: '2028-12-31',
        status: 'active',
        timezone: 'Europe/Berlin',
        governance: { owner: [owner] },
        escalationPath: [],
        channels: [
          { surface: 'slack', channelId: `C-${reference}-vendor`, purpose: 'vendor' },
          { surface: 'slack', channelId: `C-${reference}-internal`, purpose: 'internal' },
        ],
        holidays: { buyer: [], vendor: [] },
        ...contract,
      },
      Object.entries(kpis).map(([key, overrides]) => ({ key, definition: kpi(overrides) })),
      { by: owner },
    );
  }
  // The file's tests share a database: each counts the prompts of its own contracts only.
  const mine = new Set(options.contracts.map(({ contract }) => contract.reference));
  /** Moves the clock an hour at a time to `until`, ticking the scheduler's check-in jobs at every hour. */
  const run = async (until: string) => {
    const prompts: Array<{ at: Date; contractRef: string; kpiKey: string; periodKey: string }> = [];
    while (clock() <= new Date(until)) {
      await services.checkins.createDueCheckins(clock());
      const before = surface.ofKind('prompt').length;
      await services.checkins.dispatchDue(clock());
      for (const post of surface.ofKind('prompt').slice(before)) {
        for (const item of post.prompt.items.filter((i) => mine.has(i.contractRef))) {
          prompts.push({ at: clock(), contractRef: item.contractRef, kpiKey: item.kpi.key, periodKey: item.periodKey });
        }
      }
      clock.advance(HOUR);
    }
    return prompts;
  };
  return { clock, store, services, surface, run };
}

const local = (at: Date, zone: string) => {
  const t = localDateTime(at, zone);
  return `${t.date} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')} ${['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][t.weekday]}`;
};

describe('check-ins at local time', () => {
  it("prompts at 09:00 in the respondent's own timezone, else the contract's", async () => {
    const { run } = await setup(database.connection(), '2026-03-01T20:00:00Z', {
      zones: { U0VENDOR: 'America/New_York' },
      contracts: [
        {
          contract: { reference: 'TZ-2026-001' },
          kpis: { uptime: { respondent: 'vendor' }, margin: { respondent: 'owner' } },
        },
      ],
    });
    const prompts = await run('2026-03-03T06:00:00Z');
    expect(prompts.map((p) => [p.kpiKey, p.periodKey, p.at.toISOString()]).sort()).toEqual([
      // The owner has no timezone on their profile: the contract's (Berlin), Monday 2 March 09:00 = 08:00Z.
      ['margin', '2026-02', '2026-03-02T08:00:00.000Z'],
      // The vendor's profile says New York: 09:00 there = 14:00Z.
      ['uptime', '2026-02', '2026-03-02T14:00:00.000Z'],
    ]);
  });

  it("skips weekends and the answering side's own holidays", async () => {
    // May 2026 ends on a Sunday. The vendor is off on Monday 1 June; the buyer on Monday and Tuesday.
    const { run } = await setup(database.connection(), '2026-05-31T00:00:00Z', {
      contracts: [
        {
          contract: {
            reference: 'HOL-2026-001',
            holidays: { vendor: ['2026-06-01'], buyer: ['2026-06-01', '2026-06-02'] },
          },
          kpis: { uptime: { respondent: 'vendor' }, margin: { respondent: 'owner' } },
        },
      ],
    });
    const prompts = (await run('2026-06-05T00:00:00Z')).filter((p) => p.periodKey === '2026-05');
    expect(prompts.map((p) => [p.kpiKey, local(p.at, 'Europe/Berlin')]).sort()).toEqual([
      ['margin', '2026-06-03 09:00 Wed'],
      ['uptime', '2026-06-02 09:00 Tue'],
    ]);
  });

  it('moves a snoozed check-in to the next working slot of the respondent, past the weekend and holidays', async () => {
    // Friday 6 March 2026, 10:00 in New York; Monday 9 March is a vendor holiday.
    const { services, store, clock, run } = await setup(database.connection(), '2026-03-02T13:00:00Z', {
      zones: { U0VENDOR: 'America/New_York' },
      contracts: [
        {
          contract: { reference: 'SNZ-2026-001', holidays: { vendor: ['2026-03-09'], buyer: [] } },
          kpis: { uptime: {} },
        },
      ],
    });
    const [first] = await run('2026-03-02T15:00:00Z');
    expect(local(first!.at, 'America/New_York')).toBe('2026-03-02 09:00 Mon');
    const checkin = (await store.checkins.listForContract('SNZ-2026-001'))[0]!;
    clock.set('2026-03-06T15:00:00Z');
    await services.checkins.snooze({ person: vendor, surface: 'slack', external: true }, checkin.id);
    const snoozed = await store.checkins.require(checkin.id);
    // Saturday, Sunday and the Monday holiday skipped; US daylight saving began on Sunday 8 March (EDT).
    expect(local(snoozed.snoozedUntil!, 'America/New_York')).toBe('2026-03-10 09:00 Tue');
    expect(snoozed.snoozedUntil!.toISOString()).toBe('2026-03-10T13:00:00.000Z');

    // Early on a working day, before the prompt hour: "Snooze 1 day" means tomorrow, not 09:00 today.
    clock.set('2026-03-10T10:30:00Z'); // Tuesday 06:30 in New York
    await services.checkins.snooze({ person: vendor, surface: 'slack', external: true }, checkin.id);
    const early = await store.checkins.require(checkin.id);
    expect(local(early.snoozedUntil!, 'America/New_York')).toBe('2026-03-11 09:00 Wed');
  });

  it('neither skips nor doubles a prompt across the daylight-saving changes in Berlin and New York', async () => {
    // Weekly KPIs, due Mondays at 09:00 local. Spring: New York on 8 March, Berlin on 29 March 2026.
    const contracts = [
      {
        contract: { reference: 'DST-BER', timezone: 'Europe/Berlin' },
        kpis: { weekly: { cadence: { type: 'weekly' as const } } },
      },
      {
        contract: { reference: 'DST-NYC', timezone: 'America/New_York' },
        kpis: { weekly: { cadence: { type: 'weekly' as const } } },
      },
    ];
    const spring = await setup(database.connection(), '2026-03-06T00:00:00Z', { contracts });
    // The first tick catches up on the week before the window; what is counted starts after it.
    await spring.run('2026-03-06T00:00:00Z');
    const springPrompts = await spring.run('2026-04-01T00:00:00Z');
    // Autumn: Berlin on 25 October, New York on 1 November 2026.
    spring.clock.set('2026-10-23T00:00:00Z');
    await spring.run('2026-10-23T00:00:00Z');
    const autumnPrompts = await spring.run('2026-11-04T00:00:00Z');

    for (const [reference, zone] of [
      ['DST-BER', 'Europe/Berlin'],
      ['DST-NYC', 'America/New_York'],
    ] as const) {
      const mine = [...springPrompts, ...autumnPrompts].filter((p) => p.contractRef === reference);
      // One prompt per week, every week, each on Monday at 09:00 local, before and after each change.
      expect(mine.map((p) => p.periodKey)).toEqual([
        '2026-W10',
        '2026-W11',
        '2026-W12',
        '2026-W13',
        '2026-W43',
        '2026-W44',
      ]);
      expect(new Set(mine.map((p) => p.periodKey)).size).toBe(mine.length);
      for (const prompt of mine) expect(local(prompt.at, zone)).toMatch(/ 09:00 Mon$/);
    }
  }, 60_000);
});
