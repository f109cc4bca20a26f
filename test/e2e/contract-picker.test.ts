import { percentKpis, plainContract } from '../../scripts/portfolio-fixtures';
import type { Contract, Person as Person_ } from '../../src/domain/types';
import type { AdaptiveCard } from '../../src/teams/cards/adaptive-card';
import { cpmDriver, type Person } from '../slack/cpm-e2e-driver';
import { useTestDatabase } from '../support/database';
import { selectLabelled } from '../support/slack-e2e';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';
import { cardActionInvoke, messageActivity, postActivity, searchInvoke } from '../support/teams-activities';
import { cardOf, cardText } from '../support/teams-connector';
import { expectSchema15, nodes } from '../teams/cards/card-assertions';
import { GUEST, type RealTeamsHarness, startRealTeamsHarness, TESS } from '../teams/real-services-harness';

/**
 * A manager with 130 contracts types `scorecard` and gets the worst 20 as buttons, and a picker above them that
 * reaches every one by typing part of a reference, title or vendor: Slack's external_select answered by the
 * options handler (at most 100 options), Teams' type-ahead answered through the `application/search` invoke.
 * A vendor is offered only their own contracts; typed text is plain text, never a pattern.
 */
const OWNER: Person = { id: TEST_WORKSPACE.user.id, team: TEST_WORKSPACE.teamId };
const VENDOR: Person = { id: 'U0VENDOR', team: 'T0PARTNER' };
const CHANNEL = 'C0PICKER';
const SHARED = 'C0PARTNER';
const COUNT = 130;
const ref = (k: number) => `PICK-2026-${String(k).padStart(3, '0')}`;
const title = (k: number) =>
  k === 7 ? 'Network (backup) [lines] 🚀' : k % 5 === 0 ? `Catering, site ${k}` : `Cleaning, site ${k}`;
/** The catering contracts, as the portfolio was made. */
const CATERING = Array.from({ length: COUNT }, (_, i) => i + 1)
  .filter((k) => k % 5 === 0)
  .map(ref)
  .sort();
/** The vendor's own: the first three. */
const THEIRS = [ref(1), ref(2), ref(3)];

function portfolio(owner: Person_, vendorContact: Contract['vendor']['contacts']) {
  return Array.from({ length: COUNT }, (_, i) => {
    const k = i + 1;
    return {
      contract: {
        ...plainContract(ref(k), owner),
        title: title(k),
        vendor: { name: k <= 3 ? 'Guest Foods' : 'Acme', contacts: k <= 3 ? vendorContact : [] },
      },
      kpis: percentKpis(1),
    };
  });
}

const HOSTILE = ['.*', '^PICK', '<@U0ALICE>', '&lt;b&gt;', '🚀🚀', `${'x'.repeat(1_000)}`, '$where', '\\'];

describe('the contract picker on Slack', () => {
  let standin: SlackStandin;
  let steward: StewardUnderTest;
  let slack: ReturnType<typeof cpmDriver>;

  beforeAll(async () => {
    standin = await startSlackStandin({
      users: [{ id: VENDOR.id, team_id: VENDOR.team, name: 'vera', real_name: 'Vera Vendor' }],
      channels: [
        { id: CHANNEL, name: 'picker', members: [OWNER.id, TEST_WORKSPACE.botUserId] },
        { id: SHARED, name: 'partner', is_ext_shared: true, members: [OWNER.id, VENDOR.id, TEST_WORKSPACE.botUserId] },
      ],
    });
    steward = await startStewardWithSlack({ standin, start: '2026-03-02T08:00:00Z' });
    slack = cpmDriver(steward, standin, CHANNEL);
    await steward.app.store.contracts.createMany(
      portfolio({ name: 'Olivia', slackUserId: OWNER.id, slackTeamId: OWNER.team }, [
        { name: 'Vera Vendor', slackUserId: VENDOR.id, slackTeamId: VENDOR.team },
      ]),
    );
  }, 90_000);

  afterAll(async () => {
    await steward?.stop();
    await standin?.close();
  });

  const answer = async (command: string, who: Person = OWNER, where = CHANNEL) =>
    JSON.parse(await slack.command(command, who, where)) as { text: string; blocks: unknown[] };

  it('puts a "Contract" picker above the first 20 choices, and typing "catering" offers exactly the catering contracts', async () => {
    const choices = await answer('scorecard');
    expect(choices.text).toContain(`Which contract? The first 20 of ${COUNT}`);
    expect(choices.blocks.length).toBeLessThanOrEqual(50);
    const picker = selectLabelled(choices.blocks, 'Contract');
    expect(picker.placeholder).toBe('Type a reference, title or vendor');
    expect(picker.min_query_length).toBe(0);

    const catering = await slack.suggest(picker, 'catering', OWNER);
    expect(catering.map((o) => o.value).sort()).toEqual(CATERING);
    expect(catering.find((o) => o.value === ref(5))?.text).toBe(`${ref(5)} · Catering, site 5 (Acme)`);
    // Two words narrow: both must appear, in the reference, title or vendor.
    const both = CATERING.filter((r) => r.includes('12') || title(Number(r.slice(-3))).includes('12'));
    expect(both.length).toBeGreaterThan(0);
    expect((await slack.suggest(picker, 'catering 12', OWNER)).map((o) => o.value).sort()).toEqual(both);
  });

  it('opens with the 100 worst of all 130 (Slack shows no more), and reaches the 130th by typing', async () => {
    const choices = await answer('kpis');
    const picker = selectLabelled(choices.blocks, 'Contract');
    const opened = await slack.suggest(picker, '', OWNER);
    expect(opened).toHaveLength(100);
    expect(new Set(opened.map((o) => o.value)).size).toBe(100);
    const last = await slack.suggest(picker, ref(COUNT).toLowerCase(), OWNER);
    expect(last.map((o) => o.value)).toEqual([ref(COUNT)]);
  });

  it('runs the command for the contract chosen', async () => {
    const choices = await answer('scorecard');
    const picker = selectLabelled(choices.blocks, 'Contract');
    const [option] = await slack.suggest(picker, ref(125), OWNER);
    expect(option?.value).toBe(ref(125));
    const scorecard = await slack.reply(await slack.choose(picker, option!, OWNER));
    expect(scorecard).toContain(`Scorecard for ${ref(125)}`);
  });

  it('offers a vendor in the shared channel only their own contracts, whatever they type', async () => {
    const picker = selectLabelled((await answer('scorecard')).blocks, 'Contract');
    const opened = await slack.suggest(picker, '', VENDOR, SHARED);
    expect(opened.map((o) => o.value).sort()).toEqual(THEIRS);
    expect(await slack.suggest(picker, 'catering', VENDOR, SHARED)).toEqual([]);
    expect((await slack.suggest(picker, 'pick-2026', VENDOR, SHARED)).map((o) => o.value).sort()).toEqual(THEIRS);
  });

  it('answers quotes, regex characters, Slack escapes, emoji and 1,000 characters with plain options, quickly', async () => {
    const picker = selectLabelled((await answer('scorecard')).blocks, 'Contract');
    for (const typed of HOSTILE) {
      const started = Date.now();
      // None of these appears in any reference, title or vendor as typed: nothing is offered, nothing fails.
      expect(await slack.suggest(picker, typed, OWNER)).toEqual([]);
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    // Quotes are dropped, as in a command: '"catering"' is catering, and '"' alone is everything.
    expect((await slack.suggest(picker, '"catering"', OWNER)).map((o) => o.value).sort()).toEqual(CATERING);
    expect(await slack.suggest(picker, '"', OWNER)).toHaveLength(100);
    expect((await slack.suggest(picker, '(backup) [lines]', OWNER)).map((o) => o.value)).toEqual([ref(7)]);
    expect((await slack.suggest(picker, '🚀', OWNER)).map((o) => o.value)).toEqual([ref(7)]);
  });

  it('answers a tampered choice with a plain message, not an error', async () => {
    const id = await slack.choose(
      { block_id: 'contract_picker:status', action_id: 'contract_picker' },
      { text: 'x', value: ref(1) },
      OWNER,
    );
    expect(await slack.reply(id)).toContain('That choice has expired');
  });
});

describe('the contract picker on Teams', () => {
  const database = useTestDatabase();
  let h: RealTeamsHarness;

  beforeAll(async () => {
    h = await startRealTeamsHarness(database.connection(), 'TEAMS-2026-000');
    await h.store.contracts.createMany(
      portfolio(TESS.actor.person, [{ name: GUEST.name, teamsUserId: GUEST.aadObjectId }]),
    );
  }, 90_000);

  afterAll(async () => {
    await h?.close();
  });

  async function reply(text: string): Promise<AdaptiveCard> {
    const before = h.connector.requests.length;
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, text, { from: TESS.account }));
    const posted = await h.connector.waitFor((r) => h.connector.requests.indexOf(r) >= before && r.kind === 'create');
    return cardOf(posted) as unknown as AdaptiveCard;
  }

  /** The picker as a person sees it: the input labelled "Contract". */
  function pickerOn(card: AdaptiveCard) {
    const found = nodes(card).filter((n) => n.type === 'Input.ChoiceSet' && n.label === 'Contract');
    expect(found).toHaveLength(1);
    return found[0] as unknown as { id: string; 'choices.data': { type: string; dataset: string } };
  }

  async function search(dataset: string, queryText: string, from: object = TESS.account, skip = 0) {
    const response = await postActivity(
      h.endpoint,
      searchInvoke(h.connector.serviceUrl, { dataset, queryText, skip, top: 15 }, { from }),
    );
    expect(response.status).toBe(200);
    const body = response.body as { type: string; value: { results: Array<{ title: string; value: string }> } };
    expect(body.type).toBe('application/vnd.microsoft.search.searchResponse');
    return body.value.results;
  }

  it('puts a type-ahead "Contract" picker on the choices card, answered through application/search', async () => {
    const card = await reply('steward scorecard');
    expect(cardText(card)).toContain(`Which contract? The first 20 of ${COUNT + 1}`);
    expectSchema15(card);
    const picker = pickerOn(card);
    expect(picker['choices.data'].type).toBe('Data.Query');
    // Without type-ahead (the Agents Playground) the contracts on the card are still there to choose.
    expect((picker as unknown as { choices: unknown[] }).choices).toHaveLength(20);

    const catering = await search(picker['choices.data'].dataset, 'catering');
    expect(catering).toHaveLength(15); // Teams shows 15 at a time
    const rest = await search(picker['choices.data'].dataset, 'catering', TESS.account, 15);
    expect([...catering, ...rest].map((r) => r.value).sort()).toEqual(CATERING);
    expect(await search(picker['choices.data'].dataset, 'catering', TESS.account, 30)).toEqual([]);
  });

  it('"Open" runs the command for the contract chosen, and says so when none was', async () => {
    const card = await reply('steward scorecard');
    const picker = pickerOn(card);
    const open = nodes(card).find(
      (n) => n.type === 'Action.Execute' && n.title === 'Open' && !('choice' in (n.data as object)),
    );
    const data = (open as { data: Record<string, unknown> }).data;
    const [chosen] = await search(picker['choices.data'].dataset, ref(125));
    const response = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, { ...data, [picker.id]: chosen!.value }, { from: TESS.account }),
    );
    const scorecard = (response.body as { value: unknown }).value as AdaptiveCard;
    expect(cardText(scorecard)).toContain(ref(125));
    expect(cardText(scorecard)).toContain('Catering, site 125');

    const empty = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, data, { from: TESS.account }),
    );
    expect(JSON.stringify(empty.body)).toContain('Choose a contract first');
  });

  it('offers a guest from the vendor only their own contracts, and a dataset it did not make nothing', async () => {
    const theirs = await search('steward.contracts', '', GUEST);
    expect(theirs.map((r) => r.value).sort()).toEqual(THEIRS);
    expect(await search('steward.contracts', 'catering', GUEST)).toEqual([]);
    expect(await search('graph.microsoft.com/users', 'catering')).toEqual([]);
    for (const typed of HOSTILE) expect(await search('steward.contracts', typed)).toEqual([]);
  });
});
