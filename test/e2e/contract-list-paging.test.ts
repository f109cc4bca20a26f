import { percentKpis, plainContract } from '../../scripts/portfolio-fixtures';
import type { AdaptiveCard } from '../../src/teams/cards/adaptive-card';
import { cpmDriver, type Person } from '../slack/cpm-e2e-driver';
import { useTestDatabase } from '../support/database';
import { buttonLabelled } from '../support/slack-e2e';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';
import { cardActionInvoke, messageActivity, postActivity } from '../support/teams-activities';
import { cardOf, cardText } from '../support/teams-connector';
import { nodes } from '../teams/cards/card-assertions';
import { type RealTeamsHarness, startRealTeamsHarness, TESS } from '../teams/real-services-harness';

/**
 * `list` tells the truth at a real portfolio's size: the header says which part of how many ("21–40 of 45"),
 * the total is the database's count for the filter (not what one page fetched), and Previous/Next walk the
 * whole list with the filter kept, to the last contract. A vendor counts only their own contracts.
 */
const OWNER: Person = { id: TEST_WORKSPACE.user.id, team: TEST_WORKSPACE.teamId };
const VENDOR: Person = { id: 'U0VENDOR', team: 'T0PARTNER' };
const CHANNEL = 'C0LISTS';
const ref = (i: number) => `PAGE-2026-${String(i).padStart(3, '0')}`;
/** The references a list shows, in order, each once (a title may repeat its reference). */
const references = (text: string) => [...new Set([...text.matchAll(/T?PAGE-2026-\d{3}/g)].map((m) => m[0]))];

describe('contract lists on Slack', () => {
  let standin: SlackStandin;
  let steward: StewardUnderTest;
  let slack: ReturnType<typeof cpmDriver>;

  beforeAll(async () => {
    standin = await startSlackStandin({
      users: [{ id: VENDOR.id, team_id: VENDOR.team, name: 'vera', real_name: 'Vera Vendor' }],
      channels: [
        { id: CHANNEL, name: 'lists', members: [OWNER.id, TEST_WORKSPACE.botUserId] },
        {
          id: 'C0SHARED',
          name: 'partner',
          is_ext_shared: true,
          members: [OWNER.id, VENDOR.id, TEST_WORKSPACE.botUserId],
        },
      ],
    });
    steward = await startStewardWithSlack({ standin, start: '2026-03-02T08:00:00Z' });
    slack = cpmDriver(steward, standin, CHANNEL);
    const owner = { slackUserId: OWNER.id, slackTeamId: OWNER.team };
    const vendor = { name: 'Vera Vendor', slackUserId: VENDOR.id, slackTeamId: VENDOR.team };
    // 45 contracts, the odd ones active, the last three naming the vendor as a contact.
    await steward.app.store.contracts.createMany(
      Array.from({ length: 45 }, (_, k) => {
        const contract = plainContract(ref(k + 1), owner);
        return {
          contract: {
            ...contract,
            status: k % 2 === 0 ? ('active' as const) : ('draft' as const),
            vendor: { name: 'Vendor', contacts: k >= 42 ? [vendor] : [] },
          },
          kpis: percentKpis(1),
        };
      }),
      { by: owner },
    );
  }, 60_000);

  afterAll(async () => {
    await steward?.stop();
    await standin?.close();
  });

  /** The list's private answer: its text and blocks. */
  const answer = async (command: string, who: Person = OWNER, where = CHANNEL) =>
    JSON.parse(await slack.command(command, who, where)) as { text: string; blocks: unknown[] };

  /** Presses a paging button on a list and returns the list it was replaced with. */
  async function press(list: { blocks: unknown[] }, label: string) {
    const button = buttonLabelled(list.blocks, label);
    const replaced = JSON.parse(await slack.reply(await slack.click(button.action_id, button.value, OWNER))) as {
      text: string;
      blocks: unknown[];
      replace_original?: boolean;
    };
    expect(replaced.replace_original).toBe(true);
    return replaced;
  }

  const shown = (list: { blocks: unknown[] }) => references(JSON.stringify(list.blocks));

  it('counts the whole portfolio and pages through it to the last contract, and back', async () => {
    const first = await answer('list');
    expect(first.text).toBe('1–20 of 45 contracts · worst first');
    expect(shown(first)).toEqual(Array.from({ length: 20 }, (_, k) => ref(k + 1)));
    expect(() => buttonLabelled(first.blocks, '‹ Previous')).toThrow();

    const second = await press(first, 'Next ›');
    expect(second.text).toBe('21–40 of 45 contracts · worst first');
    const last = await press(second, 'Next ›');
    expect(last.text).toBe('41–45 of 45 contracts · worst first');
    expect(shown(last)).toEqual([ref(41), ref(42), ref(43), ref(44), ref(45)]);
    expect(() => buttonLabelled(last.blocks, 'Next ›')).toThrow();

    expect((await press(last, '‹ Previous')).text).toBe('21–40 of 45 contracts · worst first');
  });

  it('keeps the filter across pages and counts what matches it', async () => {
    const active = await answer('list status:active');
    expect(active.text).toBe('1–20 of 23 contracts matching status:active · worst first');
    const rest = await press(active, 'Next ›');
    expect(rest.text).toBe('21–23 of 23 contracts matching status:active · worst first');
    expect(shown(rest)).toEqual([ref(41), ref(43), ref(45)]);
  });

  it('lets a vendor count only their own contracts (the list service; the command is the contract team’s)', async () => {
    const vendor = {
      person: { slackUserId: VENDOR.id, slackTeamId: VENDOR.team },
      surface: 'slack' as const,
      external: true,
    };
    const theirs = await steward.app.services.contracts.list(vendor, {}, { offset: 0 });
    expect(theirs.total).toBe(3);
    expect(theirs.contracts.map((c) => c.reference)).toEqual([ref(43), ref(44), ref(45)]);
    expect(await answer('list', VENDOR, 'C0SHARED')).toMatchObject({
      text: expect.stringContaining('for the contract team'),
    });
  });

  it('answers a tampered page button with a plain message, not an error', async () => {
    const id = await slack.click('contract_list_next', '{"at":-5}', OWNER);
    expect(await slack.reply(id)).toContain('That list has expired');
  });
});

describe('contract lists on Teams', () => {
  const database = useTestDatabase();
  let h: RealTeamsHarness;

  beforeAll(async () => {
    h = await startRealTeamsHarness(database.connection(), 'TPAGE-2026-000');
    const owner = TESS.actor.person;
    await h.store.contracts.createMany(
      Array.from({ length: 44 }, (_, k) => ({ contract: plainContract(ref(k + 1), owner), kpis: percentKpis(1) })),
      { by: owner },
    );
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const button = (card: AdaptiveCard, title: string) =>
    nodes(card).find((node) => node.type === 'Action.Execute' && node.title === title) as
      | { data: Record<string, unknown> }
      | undefined;

  it('pages "steward list owner:me" to the last contract, refreshing the card, with the true total', async () => {
    const before = h.connector.requests.length;
    await postActivity(
      h.endpoint,
      messageActivity(h.connector.serviceUrl, 'steward list owner:me', { from: TESS.account }),
    );
    const reply = await h.connector.waitFor((r) => h.connector.requests.indexOf(r) >= before && r.kind === 'create');
    let card = cardOf(reply) as unknown as AdaptiveCard;
    // The 44 contracts and the harness's own one.
    expect(cardText(card)).toContain('Your contracts (1–20 of 45)');
    const seen: string[] = [];
    for (;;) {
      seen.push(...references(cardText(card)));
      const next = button(card, 'Next ›');
      if (!next) break;
      const response = await postActivity(
        h.endpoint,
        cardActionInvoke(h.connector.serviceUrl, next.data, { from: TESS.account }),
      );
      card = (response.body as { value: unknown }).value as AdaptiveCard;
    }
    expect(cardText(card)).toContain('Your contracts (41–45 of 45)');
    // None is scored yet, so the soonest end comes first: the harness's own contract ends before the 44.
    expect(seen).toEqual(['TPAGE-2026-000', ...Array.from({ length: 44 }, (_, k) => ref(k + 1))]);
    expect(button(card, '‹ Previous')).toBeDefined();
  });
});
