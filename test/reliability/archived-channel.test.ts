import { seedDueCheckins } from '../../scripts/seed-due-checkins';
import type { Person } from '../../src/domain/types';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * A contract's internal channel was archived: every chat.postMessage there answers `is_archived`. The prompt is not
 * tried on every tick: the channel is remembered for an hour, the managers hear about it once, by name of the
 * contract and in words, and the check-in is tried again when the hour is up.
 */
const OWNER: Person = { name: 'Olivia Owner', slackUserId: 'U0OWNER', slackTeamId: 'T0STEWARD' };
const MANAGER: Person = { name: 'Paula Procurement', slackUserId: 'U0PAULA', slackTeamId: 'T0STEWARD' };
const CHANNEL = 'CARCHIVED000000';
const MINUTE = 60_000;
let steward: StewardUnderTest;

beforeAll(async () => {
  steward = await startStewardWithSlack({
    start: '2027-01-13T10:00:00Z',
    env: {
      TZ_DEFAULT: 'UTC',
      GROUP_PROMPTS: 'false',
      SCHEDULER_ENABLED: 'true',
      SCHEDULER_TICK_CRON: '0 0 1 1 *',
      SCHEDULER_JOBS: 'dispatch-checkins',
    },
  });
  steward.slack.addUser({ id: 'U0PAULA', name: 'paula', real_name: 'Paula Procurement', team_id: 'T0STEWARD' });
  await seedDueCheckins(steward.app.store, {
    contracts: 1,
    kpisPerContract: 1,
    dueAt: new Date(steward.clock().getTime() - MINUTE),
    prefix: 'ARCHIVED',
    respondent: 'owner',
    governance: { owner: [OWNER], procurement: [MANAGER] },
  });
}, 60_000);

afterAll(async () => {
  await steward?.stop();
});

const postsTo = (channel: string) =>
  steward.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.body.channel === channel);
const notices = () =>
  steward.slack.calls.filter(
    (call) => call.method === 'chat.postMessage' && call.ok && String(call.body.text).includes("Steward can't reach"),
  );

it('is tried once an hour, not on every tick, and the managers are told once', async () => {
  steward.slack.failNext('chat.postMessage', { error: 'is_archived' }, 1);
  await steward.app.scheduler?.tick();
  for (let i = 0; i < 10; i += 1) {
    steward.clock.advance(MINUTE);
    await steward.app.scheduler?.tick();
  }
  expect(postsTo(CHANNEL)).toHaveLength(1);
  expect(postsTo(CHANNEL)[0]?.error).toBe('is_archived');
  expect(notices()).toHaveLength(1);
  const text = String(notices()[0]?.body.text);
  expect(text).toContain('one of its channels');
  expect(text).toContain('the channel is archived');
  expect(text).toContain('ARCHIVED-000000');
  expect(text).not.toContain(CHANNEL);
  expect((await steward.app.store.checkins.countByStatus()).pending).toBe(1);

  // The hour is up and the channel was unarchived meanwhile: the prompt goes out, once.
  steward.clock.advance(60 * MINUTE);
  await steward.app.scheduler?.tick();
  expect(postsTo(CHANNEL)).toHaveLength(2);
  expect(postsTo(CHANNEL)[1]?.ok).toBe(true);
  expect((await steward.app.store.checkins.countByStatus()).prompted).toBe(1);
  expect(notices()).toHaveLength(1);
}, 60_000);
