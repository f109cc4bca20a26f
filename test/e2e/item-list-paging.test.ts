import { percentKpis, plainContract } from '../../scripts/portfolio-fixtures';
import type { AdaptiveCard } from '../../src/teams/cards/adaptive-card';
import { actorOf, cpmDriver, type Person } from '../slack/cpm-e2e-driver';
import { useTestDatabase } from '../support/database';
import { buttonLabelled, buttonsIn } from '../support/slack-e2e';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';
import { cardActionInvoke, messageActivity, postActivity } from '../support/teams-activities';
import { cardOf, cardText } from '../support/teams-connector';
import { nodes } from '../teams/cards/card-assertions';
import { type RealTeamsHarness, startRealTeamsHarness, TESS } from '../teams/real-services-harness';

/**
 * Escalation, obligation and risk lists that outgrow one message: the heading says which part of how many
 * ("21–40 of 45"), and "Next ›" / "‹ Previous" walk the whole list, each item exactly once, to the last, on both
 * surfaces. The total is the length of the whole list the service read, never of what one page shows.
 */
const OWNER: Person = { id: TEST_WORKSPACE.user.id, team: TEST_WORKSPACE.teamId };
const CHANNEL = 'C0ITEMS';
const ESCALATIONS = 45;
const OBLIGATIONS = 25;
const RISKS = 41;

/** Fills a contract with as many escalations, obligations and risks as the test pages through. */
async function fill(
  app: {
    store: StewardUnderTest['app']['store'];
    services: StewardUnderTest['app']['services'];
  },
  reference: string,
  actor: Parameters<StewardUnderTest['app']['services']['risks']['create']>[0],
  owner: object,
) {
  for (let i = 1; i <= ESCALATIONS; i += 1) {
    await app.store.escalations.open({
      contractRef: reference,
      sourceKey: `test:${reference}:${i}`,
      trigger: 'red-score',
      summary: `Escalation ${i}`,
      kpiKey: `esc-${String(i).padStart(2, '0')}`,
    });
  }
  for (let i = 1; i <= OBLIGATIONS; i += 1) {
    await app.services.obligations.create(actor, reference, {
      kind: 'report',
      title: `Report ${String(i).padStart(2, '0')}`,
      owner,
      dueDate: `2026-${String(4 + (i % 6)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`,
    });
  }
  for (let i = 1; i <= RISKS; i += 1) {
    await app.services.risks.create(actor, reference, {
      title: `Risk ${String(i).padStart(2, '0')}`,
      likelihood: 1 + (i % 5),
      impact: 1 + ((i * 3) % 5),
      owner,
      reviewDate: '2026-06-30',
    });
  }
}

describe('escalation, obligation and risk lists page on Slack', () => {
  const REF = 'ITEM-2026-001';
  let standin: SlackStandin;
  let steward: StewardUnderTest;
  let slack: ReturnType<typeof cpmDriver>;

  beforeAll(async () => {
    standin = await startSlackStandin({
      channels: [{ id: CHANNEL, name: 'items', members: [OWNER.id, TEST_WORKSPACE.botUserId] }],
    });
    steward = await startStewardWithSlack({ standin, start: '2026-03-02T08:00:00Z' });
    slack = cpmDriver(steward, standin, CHANNEL);
    const owner = { name: 'Olivia', slackUserId: OWNER.id, slackTeamId: OWNER.team };
    await steward.app.store.contracts.createMany([{ contract: plainContract(REF, owner), kpis: percentKpis(1) }]);
    await fill(steward.app, REF, actorOf(OWNER), { slackUserId: OWNER.id });
  }, 120_000);

  afterAll(async () => {
    await steward?.stop();
    await standin?.close();
  });

  type Message = { text: string; blocks: Array<{ type: string; block_id?: string; text?: { text: string } }> };

  /** Walks a list from its first page to its last with "Next ›", then one step back; returns every page. */
  async function walk(command: string): Promise<Message[]> {
    const pages = [JSON.parse(await slack.command(command, OWNER)) as Message];
    for (;;) {
      const last = pages.at(-1)!;
      if (!buttonsIn(last.blocks).some((b) => b.text.text === 'Next ›')) break;
      const next = buttonLabelled(last.blocks, 'Next ›');
      const reply = JSON.parse(await slack.reply(await slack.click(next.action_id, next.value, OWNER))) as Message & {
        replace_original?: boolean;
      };
      expect(reply.replace_original).toBe(true);
      expect(reply.blocks.length).toBeLessThanOrEqual(50);
      pages.push(reply);
      expect(pages.length).toBeLessThan(10);
    }
    return pages;
  }
  const heading = (page: Message) => page.blocks[0]?.text?.text ?? '';

  it(`pages ${RISKS} risks by 20: "1–20 of ${RISKS}", "21–40", "41–41", each risk once, and back`, async () => {
    const pages = await walk(`risks ${REF}`);
    expect(pages.map(heading)).toEqual([
      `*Risk register of ${REF}* · ${RISKS} open · 1–20 of ${RISKS}`,
      `*Risk register of ${REF}* · ${RISKS} open · 21–40 of ${RISKS}`,
      `*Risk register of ${REF}* · ${RISKS} open · 41 of ${RISKS}`,
    ]);
    const ids = pages.flatMap((page) =>
      page.blocks.flatMap((b) => (b.block_id?.startsWith('risk:') ? [b.block_id] : [])),
    );
    expect(ids).toHaveLength(RISKS);
    expect(new Set(ids).size).toBe(RISKS);
    const back = buttonLabelled(pages.at(-1)!.blocks, '‹ Previous');
    const previous = JSON.parse(await slack.reply(await slack.click(back.action_id, back.value, OWNER))) as Message;
    expect(heading(previous)).toContain(`21–40 of ${RISKS}`);
  });

  it(`pages ${OBLIGATIONS} obligations by 10 with their buttons, overdue and soonest first`, async () => {
    const pages = await walk(`obligations ${REF}`);
    expect(pages.map(heading)).toEqual(
      ['1–10', '11–20', '21–25'].map(
        (range) => `*Obligations of ${REF}* · ${OBLIGATIONS} open, 0 closed · ${range} of ${OBLIGATIONS}`,
      ),
    );
    const items = pages.flatMap((page) => page.blocks.filter((b) => b.block_id?.endsWith(':item')));
    expect(new Set(items.map((b) => b.block_id)).size).toBe(OBLIGATIONS);
    const dues = items.map((b) => /due (\d{4}-\d{2}-\d{2})/.exec(b.text?.text ?? '')?.[1] ?? '');
    expect(dues).toEqual([...dues].sort());
    // Every open obligation on every page keeps its buttons.
    expect(pages.flatMap((page) => buttonsIn(page.blocks)).filter((b) => b.text.text === 'Add evidence')).toHaveLength(
      OBLIGATIONS,
    );
  });

  it(`pages ${ESCALATIONS} open escalations, of one contract and of everything the person can see`, async () => {
    for (const command of [`escalations ${REF}`, 'escalations']) {
      const pages = await walk(command);
      expect(pages.map((page) => /\d+(–\d+)? of \d+/.exec(heading(page))?.[0])).toEqual([
        `1–20 of ${ESCALATIONS}`,
        `21–40 of ${ESCALATIONS}`,
        `41–45 of ${ESCALATIONS}`,
      ]);
      expect(heading(pages[0]!)).toContain(`*${ESCALATIONS} open escalations*`);
      const keys = pages.flatMap((page) => [...JSON.stringify(page.blocks).matchAll(/esc-\d\d/g)].map((m) => m[0]));
      expect(new Set(keys).size).toBe(ESCALATIONS);
    }
  });

  it('answers a tampered page button with a plain message', async () => {
    const id = await slack.click('contract_list_next', '{"l":"risks","r":"<!channel>","at":20}', OWNER);
    expect(await slack.reply(id)).toContain('That list has expired');
  });
});

describe('escalation, obligation and risk lists page on Teams', () => {
  const REF = 'TITEM-2026-001';
  const database = useTestDatabase();
  let h: RealTeamsHarness;

  beforeAll(async () => {
    h = await startRealTeamsHarness(database.connection(), REF);
    await fill(h, REF, TESS.actor, TESS.actor.person);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  /** The list's card, after anything posted before it (the risk heat map goes first). */
  async function reply(text: string, heading: string): Promise<AdaptiveCard> {
    const before = h.connector.requests.length;
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, text, { from: TESS.account }));
    const posted = await h.connector.waitFor(
      (r) =>
        h.connector.requests.indexOf(r) >= before && r.kind === 'create' && cardText(cardOf(r) ?? {}).includes(heading),
    );
    return cardOf(posted) as unknown as AdaptiveCard;
  }
  const button = (card: AdaptiveCard, title: string) =>
    nodes(card).find((n) => n.type === 'Action.Execute' && n.title === title) as
      | { data: Record<string, unknown> }
      | undefined;

  async function walk(command: string, heading: string): Promise<AdaptiveCard[]> {
    const pages = [await reply(command, heading)];
    for (;;) {
      const next = button(pages.at(-1)!, 'Next ›');
      if (!next) break;
      const response = await postActivity(
        h.endpoint,
        cardActionInvoke(h.connector.serviceUrl, next.data, { from: TESS.account }),
      );
      pages.push((response.body as { value: AdaptiveCard }).value);
      expect(pages.length).toBeLessThan(10);
    }
    return pages;
  }

  it('pages risks, obligations and escalations to the last with the true total in each heading', async () => {
    const risks = await walk(`steward risks ${REF}`, 'Risks of');
    expect(risks.map((card) => /Risks of \S+ \(\d+ open\) · [\d–]+ of \d+/.exec(cardText(card))?.[0])).toEqual([
      `Risks of ${REF} (${RISKS} open) · 1–20 of ${RISKS}`,
      `Risks of ${REF} (${RISKS} open) · 21–40 of ${RISKS}`,
      `Risks of ${REF} (${RISKS} open) · 41 of ${RISKS}`,
    ]);
    const titles = risks.flatMap((card) => [...cardText(card).matchAll(/Risk \d\d/g)].map((m) => m[0]));
    expect(new Set(titles).size).toBe(RISKS);

    const obligations = await walk(`steward obligations ${REF}`, 'Obligations of');
    expect(obligations.map((card) => /· [\d–]+ of \d+/.exec(cardText(card))?.[0])).toEqual([
      `· 1–10 of ${OBLIGATIONS}`,
      `· 11–20 of ${OBLIGATIONS}`,
      `· 21–25 of ${OBLIGATIONS}`,
    ]);
    const reports = obligations.flatMap((card) => [...cardText(card).matchAll(/Report \d\d/g)].map((m) => m[0]));
    expect(new Set(reports).size).toBe(OBLIGATIONS);

    const escalations = await walk(`steward escalations ${REF}`, 'Open escalations');
    expect(escalations).toHaveLength(3);
    expect(cardText(escalations[2]!)).toContain(`(${ESCALATIONS}) · 41–45 of ${ESCALATIONS}`);
    const back = button(escalations[2]!, '‹ Previous')!;
    const response = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, back.data, { from: TESS.account }),
    );
    expect(cardText((response.body as { value: AdaptiveCard }).value)).toContain(`21–40 of ${ESCALATIONS}`);
  });
});
