import type { Locator } from 'playwright-core';
import { itWithChromium } from '../support/headless-chromium';
import { BROKEN_ANSWER, GUID, openPlaygroundSession, type PlaygroundSession } from '../support/playground-session';

/**
 * Every button of the cards a person acts from, clicked in the Agents Playground as that person would, with the
 * forms behind them filled and sent: the check-in (Snooze, Not applicable, Submit, Correct), the escalation
 * (Add corrective action, Acknowledge, Resolve), the corrective actions, the obligation and the risk register, the
 * scorecard and the list. Each click must change what the person sees (a card updated in place, a form, an
 * answer) and never show an error, a "not supported" notice or a raw id; what was done is in the store. A card
 * that gains a button fails this test until the button is clicked here.
 */
const PLAYGROUND_CHROME = new Set([
  'Show more information',
  'Increment value',
  'Decrement value',
  'Dismiss Invoke Message',
]);

/** The labels of the buttons and links on a card, as a person reads them. */
async function buttonsOf(card: Locator): Promise<string[]> {
  const labels = await card
    .locator('button, [role="link"]')
    .evaluateAll((elements) =>
      elements.map((element) => (element.textContent || element.getAttribute('aria-label') || '').trim()),
    );
  return [...new Set(labels.filter((label) => label && !PLAYGROUND_CHROME.has(label)))];
}

class ButtonSweep {
  readonly pressed = new Map<string, Set<string>>();
  readonly offered = new Map<string, Set<string>>();
  readonly problems: string[] = [];

  constructor(private readonly session: PlaygroundSession) {}

  /** Notes the buttons a card offers, so that the sweep can tell which were never clicked. */
  async offers(cardName: string, card: Locator): Promise<void> {
    const offered = this.offered.get(cardName) ?? new Set<string>();
    for (const label of await buttonsOf(card)) offered.add(label);
    this.offered.set(cardName, offered);
  }

  /**
   * Clicks `label` on the card and waits until the person sees `outcome` (on the card, updated in place, or in a
   * new message); then checks that nothing on screen is broken.
   */
  async press(cardName: string, card: Locator, label: string, outcome: RegExp | string): Promise<void> {
    await this.offers(cardName, card);
    const { page } = this.session;
    // Counted before the click: an outcome already on screen (a header the card draws again) must appear anew.
    const visible = () => page.getByText(outcome).filter({ visible: true }).count();
    const before = await visible();
    await card
      .getByRole('button', { name: label, exact: true })
      .or(card.getByRole('link', { name: label, exact: true }))
      .last()
      .click();
    let seen = false;
    for (const deadline = Date.now() + 30_000; !seen && Date.now() < deadline; ) {
      seen = (await visible()) > before;
      if (!seen) await page.waitForTimeout(100);
    }
    if (!seen) this.problems.push(`${cardName} · "${label}": never showed ${String(outcome)}`);
    this.pressed.set(cardName, (this.pressed.get(cardName) ?? new Set()).add(label));
    await this.checkScreen(`${cardName} · "${label}"`);
  }

  async checkScreen(step: string): Promise<void> {
    const shown = (await this.session.botMessages()).join('\n');
    const broken = BROKEN_ANSWER.exec(shown);
    if (broken) this.problems.push(`${step}: "${broken[0]}" on screen`);
    const id = GUID.exec(shown);
    if (id) this.problems.push(`${step}: the id ${id[0]} on screen`);
  }

  /** Buttons a card offered that the sweep never clicked. */
  unpressed(): string[] {
    return [...this.offered.entries()].flatMap(([cardName, labels]) =>
      [...labels].filter((label) => !this.pressed.get(cardName)?.has(label)).map((label) => `${cardName} · "${label}"`),
    );
  }
}

itWithChromium(
  'every button on the cards a person acts from works when clicked in the Agents Playground',
  async () => {
    const session = await openPlaygroundSession('playground-buttons');
    const { app, page } = session;
    const sweep = new ButtonSweep(session);
    try {
      // A check-in snoozed, then answered red from the same card.
      await session.say('steward checkin DEMO-2026-001 availability');
      let prompt = session.message('Network availability');
      await sweep.press('check-in', prompt, 'Snooze 1 day', /Snoozed until/);
      const [availability] = await app.store.checkins.listForContract('DEMO-2026-001', { kpiKey: 'availability' });
      expect(availability?.snoozedUntil).toBeDefined();
      prompt = session.message('Network availability');
      // Sent empty: the service's words under the input, nothing saved.
      await sweep.press('check-in', prompt, 'Submit score', /Score is required\./);
      expect(await app.store.scores.forCheckin(availability!.id)).toBeNull();
      await session.shot('empty-score');
      prompt = session.message('Network availability');
      await prompt.getByLabel(/Score/).last().fill('97');
      await sweep.press('check-in', prompt, 'Submit score', /Answered: 97%/);
      await session.shot('answered');

      // The answer corrected from the answered card: the form, then the corrected value.
      // Cancel first: the answered card comes back as it was.
      const answered = session.message(/Answered: 97%/);
      await sweep.press('answered check-in', answered, 'Correct…', /Why the correction/);
      const correction = session.message(/Correct a score/);
      await sweep.press('correction form', correction, 'Cancel', /Answered: 97%/);
      await sweep.press('answered check-in', session.message(/Answered: 97%/), 'Correct…', /Why the correction/);
      await session.shot('correct-form');
      await correction.getByLabel(/Score/).last().fill('98');
      await correction
        .getByLabel(/Why the correction/)
        .last()
        .fill('Typed 97 instead of 98');
      await sweep.press('correction form', correction, 'Save correction', /98%/);
      await session.shot('corrected');
      expect(await app.store.scores.forCheckin(availability!.id)).toMatchObject({ value: 98 });

      // Not applicable, with its reason, on another KPI's check-in.
      await session.say('steward checkin DEMO-2026-001 incident-response');
      const other = session.message('Priority-1 response time');
      await sweep.press('check-in', other, 'Not applicable…', /Why does this KPI not apply/);
      await other
        .getByLabel(/Why does this KPI not apply/)
        .last()
        .fill('No priority-1 incident this month');
      await sweep.press('check-in', other, 'Mark not applicable', /Not applicable: /);
      const [incident] = await app.store.checkins.listForContract('DEMO-2026-001', { kpiKey: 'incident-response' });
      expect(incident).toMatchObject({ status: 'not-applicable' });

      // The red score's escalation: a corrective action planned on it, acknowledged, resolved.
      const escalation = session.message(/Escalation · level 1/);
      await escalation.waitFor({ timeout: 30_000 });
      await sweep.press('escalation', escalation, 'Add corrective action…', /What will be done/);
      await escalation
        .getByLabel(/What will be done/)
        .last()
        .fill('Add a second uplink at the main site');
      const dueDate = escalation.getByLabel(/Due/).last();
      await dueDate.fill('2027-01-15');
      await sweep.press('escalation', escalation, 'Add corrective action', /added a corrective action/);
      await session.shot('action-added');
      expect(await app.store.correctiveActions.listForContract('DEMO-2026-001')).toEqual([
        expect.objectContaining({ action: 'Add a second uplink at the main site' }),
      ]);
      await sweep.press('escalation', escalation, 'Acknowledge', /Acknowledged/);
      await sweep.press('escalation', escalation, 'Resolve…', /How was it resolved|Resolution/i);
      await escalation
        .getByLabel(/Resolution|resolved/i)
        .last()
        .fill('Uplink fixed; availability back above target');
      await sweep.press('escalation', escalation, 'Resolve escalation', /Resolved/);
      expect(await app.store.escalations.listActive({ contractRef: 'DEMO-2026-001' })).toEqual([]);
      await session.shot('escalation-resolved');

      // Obligations: evidence added, then one fulfilled, one not fulfilled (and a corrective action planned on
      // it), one waived.
      const owner = session.playground.user;
      const asOwner = { person: owner, surface: 'teams', external: false } as const;
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      for (const title of ['Insurance certificate', 'Annual security audit']) {
        await app.services.obligations.create(asOwner, 'DEMO-2026-001', {
          kind: 'insurance',
          title,
          owner,
          dueDate: tomorrow,
          recurrence: 'none',
        });
      }
      await session.say('steward obligations DEMO-2026-001');
      const obligations = () => session.message(/Obligations of DEMO-2026-001/);
      // The innermost part of the card holding both the obligation's title and its own button: its row.
      const row = (title: string) =>
        obligations()
          .locator('.ac-container')
          .filter({ hasText: title })
          .filter({ has: page.getByRole('button', { name: 'Evidence or outcome…' }) })
          .last();
      await sweep.offers('obligations', obligations());
      await sweep.press('obligations', row('Quarterly service report'), 'Evidence or outcome…', /Evidence link/);
      await row('Quarterly service report')
        .getByLabel(/Evidence link/)
        .last()
        .fill('https://example.com/q4-report.pdf');
      await sweep.press(
        'obligations',
        row('Quarterly service report'),
        'Add evidence',
        /q4-report|1 evidence|evidence/i,
      );
      await sweep.press('obligations', row('Quarterly service report'), 'Evidence or outcome…', /Evidence link/);
      await sweep.press('obligations', row('Quarterly service report'), 'Fulfilled', /is fulfilled on time/);
      await sweep.press('obligations', row('Insurance certificate'), 'Evidence or outcome…', /Evidence link/);
      await sweep.press('obligations', row('Insurance certificate'), 'Not fulfilled', /is not fulfilled/);
      await sweep.press('obligations', row('Annual security audit'), 'Evidence or outcome…', /Why is it waived/);
      await row('Annual security audit')
        .getByLabel(/Why is it waived/)
        .last()
        .fill('Replaced by the ISO certificate');
      await sweep.press('obligations', row('Annual security audit'), 'Waive', /is waived/);
      await session.shot('obligations');
      // The unfulfilled one gets a corrective action planned from its own button (its form: back first, then sent).
      const unfulfilled = () =>
        obligations()
          .locator('.ac-container')
          .filter({ hasText: 'Insurance certificate' })
          .filter({ has: page.getByRole('button', { name: 'Plan corrective action…' }) })
          .last();
      await sweep.press('obligations', unfulfilled(), 'Plan corrective action…', /Corrective action for “Insurance/);
      const plan = () => session.message(/Corrective action for “Insurance certificate”/);
      await sweep.press('plan form', plan(), '‹ Back to obligations', /Obligations of DEMO-2026-001/);
      await sweep.press('obligations', unfulfilled(), 'Plan corrective action…', /Corrective action for “Insurance/);
      await plan()
        .getByLabel(/What will be done/)
        .last()
        .fill('Get the renewed certificate from the broker');
      await sweep.press('plan form', plan(), 'Plan corrective action', /Planned “Get the renewed certificate/);
      await session.shot('action-planned');
      const outcomes = (await app.services.obligations.list(asOwner, 'DEMO-2026-001')).map((o) => [o.title, o.outcome]);
      expect(outcomes).toEqual(
        expect.arrayContaining([
          ['Quarterly service report', expect.stringMatching(/fulfilled/)],
          ['Insurance certificate', 'not-fulfilled'],
          ['Annual security audit', 'waived'],
        ]),
      );

      // Corrective actions from their list: the escalation's taken through every step (reopened once on the
      // way), another (planned above on the unfulfilled obligation) cancelled with its reason.
      await session.say('steward actions DEMO-2026-001');
      const actions = () => session.message(/Corrective actions of DEMO-2026-001/);
      const actionRow = (title: string) =>
        actions()
          .locator('.ac-container')
          .filter({ hasText: title })
          .filter({ has: page.getByRole('button', { name: /^Note/ }) })
          .last();
      const statusOf = async (title: string) =>
        (await app.store.correctiveActions.listForContract('DEMO-2026-001')).find((a) => a.action === title)?.status;
      const uplink = 'Add a second uplink at the main site';
      // Read only once the card is drawn: the message can be on screen before its buttons are.
      await actionRow(uplink).waitFor({ timeout: 30_000 });
      const steps: string[] = [];
      for (let round = 0; round < 10 && (await statusOf(uplink)) !== 'closed'; round += 1) {
        const labels = await buttonsOf(actionRow(uplink));
        const noteLabel = labels.find((label) => label.startsWith('Note'));
        if (noteLabel && !sweep.pressed.get('actions')?.has(noteLabel)) {
          await sweep.press('actions', actionRow(uplink), noteLabel, /Note \(sent/);
          await actionRow(uplink)
            .getByLabel(/Note \(sent/)
            .last()
            .fill(`Step ${round + 1} noted`);
        }
        const steppable = labels.filter((label) => !label.startsWith('Note') && label !== 'Cancel action');
        const next =
          steppable.includes('Reopen') && !steps.includes('Reopen') ? 'Reopen' : steppable.find((l) => l !== 'Reopen');
        if (!next) break;
        const before = await statusOf(uplink);
        await sweep.press('actions', actionRow(uplink), next, /the corrective action “Add a second uplink/);
        if ((await statusOf(uplink)) === before)
          sweep.problems.push(`actions · "${next}": the action stayed ${before}`);
        steps.push(next);
      }
      expect(await statusOf(uplink)).toBe('closed');
      expect(steps).toContain('Reopen');
      const broker = 'Get the renewed certificate from the broker';
      await sweep.press('actions', actionRow(broker), 'Note or cancel…', /required to cancel/);
      await actionRow(broker)
        .getByLabel(/required to cancel/)
        .last()
        .fill('Superseded by the new site contract');
      await sweep.press('actions', actionRow(broker), 'Cancel action', /the corrective action “Get the renewed/);
      expect(await statusOf(broker)).toBe('cancelled');
      await session.shot('actions-done');

      // The risk register: Update opens the risk's form, Save changes it.
      await session.say('steward risks DEMO-2026-001');
      const risks = session.message(/Risks of DEMO-2026-001/);
      await sweep.press('risks', risks, 'Update', /Likelihood/);
      await sweep.press('risk form', session.message(/Likelihood/), '‹ Back to risks', /Risks of DEMO-2026-001/);
      await sweep.press('risks', session.message(/Risks of DEMO-2026-001/), 'Update', /Likelihood/);
      const riskForm = session.message(/Likelihood/);
      await riskForm
        .getByLabel(/Likelihood/)
        .last()
        .fill('4');
      await sweep.press('risk form', riskForm, 'Save', /likelihood 4/);
      const [risk] = await app.services.risks.list(asOwner, 'DEMO-2026-001');
      expect(risk).toMatchObject({ likelihood: 4 });
      await session.shot('risk-saved');

      // Read cards: each button answers in place.
      await session.say('steward scorecard DEMO-2026-001');
      await sweep.press('scorecard', session.message(/📊 DEMO-2026-001/), 'KPIs', /KPIs of DEMO-2026-001/);
      await session.say('steward scorecard DEMO-2026-001');
      await sweep.press('scorecard', session.message(/📊 DEMO-2026-001/), 'Escalations', /Open escalations/);
      await session.say('steward scorecard DEMO-2026-001');
      await sweep.press('scorecard', session.message(/📊 DEMO-2026-001/), 'Charts', /charts of DEMO-2026-001/);
      await session.say('steward list');
      await sweep.press('list', session.message(/Contracts \(/), 'Scorecard', /📊 DEMO-2026-00/);
      await session.say('steward list');
      await sweep.press('list', session.message(/Contracts \(/), 'Charts', /charts of DEMO-2026-00/);
      await session.shot('read-cards');

      await sweep.checkScreen('end');
      expect(sweep.problems).toEqual([]);
      expect(sweep.unpressed()).toEqual([]);
    } catch (error) {
      await session.shot('failed');
      console.error(sweep.problems, (await session.botMessages()).slice(-4));
      throw error;
    } finally {
      await session.close();
    }
    void page;
  },
  600_000,
);
