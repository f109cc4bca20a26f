import { type SeededCheckins, seedDueCheckins } from '../../scripts/seed-due-checkins';
import type { Person } from '../../src/domain/types';
import { promptedIds } from '../support/replicas';
import { eventEnvelope } from '../support/slack-requests';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * An owner Slack does not know (deactivated, deleted: `user_not_found`) named on 600 contracts during the
 * value check-in window (days 1–7 after the prompt hour). Before, the value job asked Slack for a DM with them
 * for every contract on every tick and starved the check-in fan-out. Now: one lookup an hour, one notice.
 */
const CONTRACTS = Number(process.env.UNREACHABLE_CONTRACTS ?? 600);
const OWNER: Person = { name: 'Olivia Owner', slackUserId: 'U0OWNER', slackTeamId: 'T0STEWARD' };
const MANAGER: Person = { name: 'Paula Procurement', slackUserId: 'U0PAULA', slackTeamId: 'T0STEWARD' };
const MINUTE = 60_000;

let steward: StewardUnderTest;
let seeded: SeededCheckins;

beforeAll(async () => {
  steward = await startStewardWithSlack({
    // 1 January, 10:00 UTC: inside the value window, after the prompt hour, in the contracts' timezone.
    start: '2027-01-01T10:00:00Z',
    env: {
      TZ_DEFAULT: 'UTC',
      GROUP_PROMPTS: 'false',
      // The fan-out and the value job (the review digests of the 1st are another test's business); the cron
      // never fires during the test: the test ticks the scheduler by hand.
      SCHEDULER_ENABLED: 'true',
      SCHEDULER_TICK_CRON: '0 0 1 1 *',
      SCHEDULER_JOBS: 'create-due-checkins,dispatch-checkins,value-checkins',
    },
  });
  steward.slack.addUser({ id: 'U0PAULA', name: 'paula', real_name: 'Paula Procurement', team_id: 'T0STEWARD' });
  seeded = await seedDueCheckins(steward.app.store, {
    contracts: CONTRACTS,
    kpisPerContract: 1,
    dueAt: new Date(steward.clock().getTime() - MINUTE),
    prefix: 'VALUE',
    governance: { owner: [OWNER], procurement: [MANAGER] },
  });
}, 120_000);

afterAll(async () => {
  await steward?.stop();
});

const opensFor = (userId: string) =>
  steward.slack.calls.filter((call) => call.method === 'conversations.open' && String(call.body.users) === userId);

const noticesAbout = (text: string) =>
  steward.slack.calls.filter(
    (call) => call.method === 'chat.postMessage' && call.ok && String(call.body.text ?? '').includes(text),
  );

async function tick(minutes = 1) {
  steward.clock.advance(minutes * MINUTE);
  await steward.app.scheduler?.tick();
}

describe('an owner Slack cannot reach, named on 600 contracts in the value window', () => {
  it('is looked up once an hour, the managers are told once, and every check-in is still prompted', async () => {
    await steward.app.scheduler?.tick();
    for (let i = 0; i < 5 && (await steward.app.store.checkins.countByStatus()).prompted < CONTRACTS; i += 1) {
      await tick();
    }
    // The fan-out went out in full, each check-in once, in its own channel.
    const prompted = promptedIds(steward.slack.calls);
    expect(new Set(prompted.map((p) => p.id)).size).toBe(seeded.checkinIds.length);
    expect(prompted).toHaveLength(seeded.checkinIds.length);

    // Ten more ticks within the hour: no further lookup of the owner.
    for (let i = 0; i < 10; i += 1) await tick();
    expect(opensFor('U0OWNER')).toHaveLength(1);
    expect(opensFor('U0OWNER')[0]?.error).toBe('user_not_found');

    // The managers heard about it once, by name and with what to do; nobody is shown an id.
    const notices = noticesAbout("Steward can't reach");
    expect(notices).toHaveLength(1);
    const notice = String(notices[0]?.body.text);
    expect(notice).toContain('Olivia Owner');
    expect(notice).toContain('the account does not exist in this workspace');
    expect(notice).toContain('/steward roles VALUE-');
    expect(notice).not.toContain('U0OWNER');
    expect(opensFor('U0PAULA')).toHaveLength(1);

    // An hour later: one more lookup for the owner, whatever the number of contracts; no second notice.
    await tick(60);
    for (let i = 0; i < 3; i += 1) await tick();
    expect(opensFor('U0OWNER')).toHaveLength(2);
    expect(noticesAbout("Steward can't reach")).toHaveLength(1);

    // The manager's Home says it too, for every contract it concerns, within Slack's 100-block limit.
    await steward.send(
      'event',
      eventEnvelope({
        event: { type: 'app_home_opened', user: 'U0PAULA', channel: 'D0PAULA', tab: 'home', event_ts: '1.1' },
      }),
    );
    const publish = await steward.slack.waitFor((c) => c.method === 'views.publish' && c.body.user_id === 'U0PAULA');
    const home = JSON.stringify(publish.body.view);
    expect(home).toContain(`Steward can't reach* (${CONTRACTS})`);
    expect(home).toContain('Olivia Owner on Slack, the account does not exist in this workspace');
    expect(home).not.toContain('U0OWNER');
    expect((publish.body.view as { blocks: unknown[] }).blocks.length).toBeLessThanOrEqual(100);
  }, 240_000);

  it('tries a contract again as soon as its roles change', async () => {
    const reference = 'VALUE-000007';
    const contract = await steward.app.store.contracts.require(reference);
    await steward.app.store.contracts.update(reference, { governance: { ...contract.governance, owner: [MANAGER] } });
    await tick();
    const asked = noticesAbout(`Value check-in for ${reference}`);
    expect(asked).toHaveLength(1);
    // Only that contract: the others still wait for their owner to become reachable.
    expect(noticesAbout('Value check-in for')).toHaveLength(1);
    expect(opensFor('U0OWNER')).toHaveLength(2);
  }, 60_000);
});
