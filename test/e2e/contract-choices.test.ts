import { percentKpis, plainContract } from '../../scripts/portfolio-fixtures';
import type { Contract } from '../../src/domain/types';
import type { AdaptiveCard } from '../../src/teams/cards/adaptive-card';
import { cpmDriver, type Person } from '../slack/cpm-e2e-driver';
import { useTestDatabase } from '../support/database';
import { buttonsIn } from '../support/slack-e2e';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';
import { cardActionInvoke, messageActivity, postActivity } from '../support/teams-activities';
import { cardOf, cardText } from '../support/teams-connector';
import { nodes } from '../teams/cards/card-assertions';
import { type RealTeamsHarness, startRealTeamsHarness, TESS } from '../teams/real-services-harness';

/**
 * Nobody remembers PORT-2026-046: a command that names one contract, given none, a word of its title, or a
 * reference that does not exist, answers with the contracts it may mean as buttons, and a button runs the command
 * for the one chosen. A vendor is offered only their own contracts.
 */
const OWNER: Person = { id: TEST_WORKSPACE.user.id, team: TEST_WORKSPACE.teamId };
const VENDOR: Person = { id: 'U0VENDOR', team: 'T0PARTNER' };
const CHANNEL = 'C0CHOICES';
const SHARED = 'C0PARTNER';

function contracts(owner: Contract['vendor']['contacts'][number], vendorContact: Contract['vendor']['contacts']) {
  const make = (reference: string, title: string, contacts: Contract['vendor']['contacts'] = []) => ({
    contract: { ...plainContract(reference, owner), title, vendor: { name: 'Acme', contacts } },
    kpis: percentKpis(1),
  });
  return [
    make('CAT-2026-001', 'Catering, head office', vendorContact),
    make('CAT-2026-002', 'Catering, warehouse'),
    make('NET-2026-001', 'Managed network'),
    make('NET-2026-002', 'Network (backup) [lines]'),
  ];
}

describe('contract choices on Slack', () => {
  let standin: SlackStandin;
  let steward: StewardUnderTest;
  let slack: ReturnType<typeof cpmDriver>;

  beforeAll(async () => {
    standin = await startSlackStandin({
      users: [{ id: VENDOR.id, team_id: VENDOR.team, name: 'vera', real_name: 'Vera Vendor' }],
      channels: [
        { id: CHANNEL, name: 'choices', members: [OWNER.id, TEST_WORKSPACE.botUserId] },
        { id: SHARED, name: 'partner', is_ext_shared: true, members: [OWNER.id, VENDOR.id, TEST_WORKSPACE.botUserId] },
      ],
    });
    steward = await startStewardWithSlack({ standin, start: '2026-03-02T08:00:00Z' });
    slack = cpmDriver(steward, standin, CHANNEL);
    await steward.app.store.contracts.createMany(
      contracts({ name: 'Olivia', slackUserId: OWNER.id, slackTeamId: OWNER.team }, [
        { name: 'Vera Vendor', slackUserId: VENDOR.id, slackTeamId: VENDOR.team },
      ]),
    );
  }, 60_000);

  afterAll(async () => {
    await steward?.stop();
    await standin?.close();
  });

  const answer = async (command: string, who: Person = OWNER, where = CHANNEL) =>
    JSON.parse(await slack.command(command, who, where)) as { text: string; blocks: unknown[] };
  const offered = (reply: { blocks: unknown[] }) =>
    buttonsIn(reply.blocks).map((b) => (JSON.parse(b.value ?? '{}') as { r: string }).r);

  it('answers "scorecard catering" with the catering contracts, and "Open" shows the scorecard', async () => {
    const choices = await answer('scorecard catering');
    expect(choices.text).toContain('Which contract? 2 matching "catering"');
    expect(offered(choices).sort()).toEqual(['CAT-2026-001', 'CAT-2026-002']);
    const open = buttonsIn(choices.blocks).find((b) => (b.value ?? '').includes('CAT-2026-002'))!;
    expect(open.text.text).toBe('Open');
    const scorecard = await slack.reply(await slack.click(open.action_id, open.value ?? '', OWNER));
    expect(scorecard).toContain('Scorecard for CAT-2026-002');
  });

  it('offers every contract for a command given no reference, and the closest for one that does not exist', async () => {
    const all = await answer('kpis');
    expect(all.text).toContain('Which contract? 4, worst first');
    expect(offered(all)).toHaveLength(4);

    const closest = await answer('scorecard NET-2026-009');
    expect(closest.text).toContain('There is no contract NET-2026-009. The closest');
    expect(offered(closest).sort()).toEqual(['NET-2026-001', 'NET-2026-002']);

    // Nothing close: the plain "no such contract", never an error.
    expect((await answer('scorecard ZZZ-9999')).text).toContain('There is no contract with the reference ZZZ-9999');
    // Words that are no reference, searched as text.
    expect(offered(await answer('risks (backup) [lines]'))).toEqual(['NET-2026-002']);
  });

  it('offers a vendor in the shared channel only their own contracts', async () => {
    const theirs = await answer('scorecard', VENDOR, SHARED);
    expect(offered(theirs)).toEqual(['CAT-2026-001']);
    expect(theirs.text).toContain('Which contract? 1,');
    const none = await answer('scorecard network', VENDOR, SHARED);
    expect(JSON.stringify(none)).not.toContain('NET-2026');
  });

  it('answers a tampered choice with a plain message, not an error', async () => {
    const id = await slack.click('contract_pick', '{"c":"status","r":"CAT-2026-001"}', OWNER);
    expect(await slack.reply(id)).toContain('That choice has expired');
  });
});

describe('contract choices on Teams', () => {
  const database = useTestDatabase();
  let h: RealTeamsHarness;

  beforeAll(async () => {
    h = await startRealTeamsHarness(database.connection(), 'TEAMS-2026-000');
    await h.store.contracts.createMany(contracts(TESS.actor.person, []));
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  async function reply(text: string): Promise<AdaptiveCard> {
    const before = h.connector.requests.length;
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, text, { from: TESS.account }));
    const posted = await h.connector.waitFor((r) => h.connector.requests.indexOf(r) >= before && r.kind === 'create');
    return cardOf(posted) as unknown as AdaptiveCard;
  }
  const opens = (card: AdaptiveCard) =>
    nodes(card).filter((n) => n.type === 'Action.Execute' && n.title === 'Open') as unknown as Array<{
      data: Record<string, unknown>;
    }>;

  it('answers "steward scorecard catering" with buttons, and "Open" refreshes the card into the scorecard', async () => {
    const card = await reply('steward scorecard catering');
    expect(cardText(card)).toContain('Which contract? 2 matching "catering"');
    const buttons = opens(card);
    expect(buttons).toHaveLength(2);
    const chosen = buttons.find((b) => String(b.data.choice).includes('CAT-2026-001'))!;
    const response = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, chosen.data, { from: TESS.account }),
    );
    const scorecard = (response.body as { value: unknown }).value as AdaptiveCard;
    expect(cardText(scorecard)).toContain('CAT-2026-001');
    expect(cardText(scorecard)).toContain('Catering, head office');
  });

  it('offers the closest to a reference that does not exist', async () => {
    const card = await reply('steward kpis NET-2026-404');
    expect(cardText(card)).toContain('There is no contract NET-2026-404. The closest');
    expect(opens(card)).toHaveLength(2);
  });
});
