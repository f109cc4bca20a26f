import type { Actor, StewardServices } from '../../src/services/service-api';
import type { Store } from '../../src/store';
import { CARD_ACTION_HANDLERS } from '../../src/teams/handlers/card-actions';
import { handlerFor } from '../../src/teams/handlers/commands';
import { runCardAction } from '../../src/teams/handlers/errors';
import type { CardActionOutcome, Reply } from '../../src/teams/handlers/types';
import { useTestDatabase } from '../support/database';
import { director, owner, setupServices, vendor } from '../support/service-harness';
import { cardText } from '../support/teams-connector';
import { byId, type Node, nodes } from './cards/card-assertions';
import { buildCardActionArgs, buildCommandArgs, buildDeps, type FakeDeps } from './handlers/build-arguments';

/**
 * The Teams forms in front of the real services and store (FerretDB): the services judge what was
 * typed, and a rejected form writes nothing.
 */
const database = useTestDatabase();
const REF = 'TEAMS-2026-001';
const tess: Actor = {
  person: { name: 'Tess Teams', teamsUserId: '6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11' },
  surface: 'teams',
  external: false,
};
let services: StewardServices;
let store: Store;
let deps: FakeDeps;

beforeAll(async () => {
  ({ services, store } = await setupServices(database.connection(), REF));
  // Tess manages the contract from Teams, next to Olivia on Slack.
  await services.contracts.setGovernance(owner, REF, { owner: [owner.person, tess.person] });
  deps = buildDeps({ services } as never);
});

type Card = Parameters<typeof nodes>[0];
const card = (outcome: CardActionOutcome | Reply): Card => {
  if (!('card' in outcome)) throw new Error(`expected a card, got ${JSON.stringify(outcome)}`);
  return outcome.card as Card;
};
const act = (data: Record<string, unknown>) =>
  runCardAction(CARD_ACTION_HANDLERS.get(String(data.action))!, buildCardActionArgs(data, { actor: tess, deps }));
const command = <C extends Parameters<typeof handlerFor>[0]>(c: C) =>
  handlerFor(c)(buildCommandArgs(c, { actor: tess, deps }));
const errorUnder = (c: Card, id: string) => {
  const error = byId(c, `${id}_error`);
  return error ? cardText(error) : undefined;
};
/** What a person would send back: every input of the card with its current value. */
const valuesOf = (c: Card) =>
  Object.fromEntries(
    nodes(c)
      .filter((node: Node) => String(node.type).startsWith('Input.') && node.value !== undefined)
      .map((node: Node) => [node.id as string, String(node.value)]),
  );
const dataOf = (c: Card, title: string) =>
  (nodes(c).find((node) => node.type === 'Action.Execute' && node.title === title) as { data: Record<string, unknown> })
    .data;

describe('contract form', () => {
  const form = {
    action: 'contract_create',
    new_reference: 'teams-2026-002',
    new_title: 'Cleaning',
    new_vendorName: 'Sparkle Ltd',
    new_value: '250000',
    new_currency: 'eur',
    new_startDate: '2027-01-01',
    new_endDate: '2026-12-31',
  };

  it('rejects an end before the start under the end date, and creates nothing', async () => {
    const rejected = card(await act(form));

    expect(errorUnder(rejected, 'new_endDate')).toContain('End date must be on or after the start date (2027-01-01)');
    expect(byId(rejected, 'new_reference')?.value).toBe('teams-2026-002');
    expect(await store.contracts.get('TEAMS-2026-002')).toBeNull();
  });

  it('creates the contract with the Teams user as its owner', async () => {
    const done = card(await act({ ...form, new_endDate: '2027-12-31' }));

    expect(cardText(done)).toContain('Created TEAMS-2026-002 · Cleaning');
    expect((await store.contracts.get('TEAMS-2026-002'))?.governance.owner).toEqual([tess.person]);
  });
});

describe('KPI form', () => {
  it('prefills the KPI, and a threshold out of order comes back under its field with the KPI unchanged', async () => {
    const form = card(await command({ name: 'kpi', reference: REF, kpiKey: 'availability' }));
    expect(byId(form, 'kpi_target')?.value).toBe(99.5);

    const rejected = card(await act({ ...dataOf(form, 'Save KPI'), ...valuesOf(form), kpi_warningThreshold: '99.9' }));

    expect(errorUnder(rejected, 'kpi_warningThreshold')).toMatch(/warning/i);
    expect(byId(rejected, 'kpi_warningThreshold')?.value).toBe(99.9);
    expect((await store.kpis.get(REF, 'availability'))?.version).toBe(1);
  });
});

describe('roles form', () => {
  it('is prefilled from the contract, and saved unchanged keeps every person exactly as they were', async () => {
    const before = (await store.contracts.require(REF)).governance;
    const form = card(await command({ name: 'roles', reference: REF }));

    expect(byId(form, 'role_owner')?.value).toBe(`U0OWNER, ${tess.person.teamsUserId}`);
    const done = card(await act({ ...dataOf(form, 'Save roles'), ...valuesOf(form) }));

    expect(cardText(done)).toContain(`Saved the governance roles of ${REF}`);
    expect((await store.contracts.require(REF)).governance).toEqual(before);
  });

  it('is not shown in a place shared with the vendor', async () => {
    const inShared = {
      ...tess,
      channel: { surface: 'teams' as const, channelId: '19:shared@thread.tacv2', shared: true },
    };

    await expect(
      handlerFor({ name: 'roles' as const, reference: REF })(
        buildCommandArgs({ name: 'roles' as const, reference: REF }, { actor: inShared, deps }),
      ),
    ).rejects.toThrow('This place is shared with the vendor');
  });

  it('names a bad id under its role and changes nothing', async () => {
    const before = await store.contracts.require(REF);
    const form = card(await command({ name: 'roles', reference: REF }));

    const rejected = card(
      await act({ ...dataOf(form, 'Save roles'), ...valuesOf(form), role_legal: 'lee@example.com lee@' }),
    );

    expect(errorUnder(rejected, 'role_legal')).toContain('"lee@":');
    expect((await store.contracts.require(REF)).revision).toBe(before.revision);
  });
});

describe('escalation path form', () => {
  it('places levels.1.ackWithinHours under the second level’s hours and keeps the path', async () => {
    const before = (await store.contracts.require(REF)).escalationPath;
    const form = card(await command({ name: 'path', reference: REF }));
    expect(byId(form, 'path_1_role')?.value).toBe('owner');
    expect(byId(form, 'path_2_people')?.value).toBe(director.person.slackUserId);

    const rejected = card(await act({ ...dataOf(form, 'Save escalation path'), ...valuesOf(form), path_2_hours: '0' }));

    expect(errorUnder(rejected, 'path_2_hours')).toContain('Time to acknowledge must be a whole number of hours');
    expect(byId(rejected, 'path_2_hours')?.value).toBe(0);
    expect((await store.contracts.require(REF)).escalationPath).toEqual(before);
  });

  it('saves a third level', async () => {
    const form = card(await command({ name: 'path', reference: REF }));

    await act({
      ...dataOf(form, 'Save escalation path'),
      ...valuesOf(form),
      path_3_people: 'cfo@example.com',
      path_3_hours: '72',
    });

    const path = (await store.contracts.require(REF)).escalationPath;
    expect(path.map((level) => [level.level, level.ackWithinHours])).toEqual([
      [1, 24],
      [2, 48],
      [3, 72],
    ]);
    expect(path[1]?.people).toEqual([director.person]);
    expect(path[2]?.people).toEqual([{ email: 'cfo@example.com' }]);
  });
});

describe('score correction', () => {
  it('opens the form for a manager, refuses a correction without a reason under its input, then corrects', async () => {
    await services.checkins.sendNow(owner, REF, 'availability');
    const [checkin] = await store.checkins.listForContract(REF, { kpiKey: 'availability' });
    const answer = await services.checkins.submitScore(vendor, checkin!.id, { value: '99.7' });
    const target = { checkinId: checkin!.id, scoreId: answer.scoreId, slot: 0 };

    const form = card(await act({ action: 'score_correct', ...target }));
    expect(byId(form, 'corr_value')?.value).toBe(99.7);

    // Past the range: the card does not clamp it, the service says so under the input and keeps what was typed.
    const tooHigh = card(
      await act({ ...dataOf(form, 'Save correction'), ...valuesOf(form), corr_value: '150', corr_reason: 'x' }),
    );
    expect(errorUnder(tooHigh, 'corr_value')).toMatch(/100/);
    expect(byId(tooHigh, 'corr_value')?.value).toBe(150);

    const rejected = card(await act({ ...dataOf(form, 'Save correction'), ...valuesOf(form), corr_value: '97' }));
    expect(errorUnder(rejected, 'corr_reason')).toContain('Reason for the correction is required.');
    expect(byId(rejected, 'corr_value')?.value).toBe(97);
    expect(await store.scores.forCheckin(checkin!.id)).toMatchObject({ value: 99.7 });

    const corrected = card(
      await act({
        ...dataOf(form, 'Save correction'),
        ...valuesOf(form),
        corr_value: '97',
        corr_reason: 'Revised report',
      }),
    );
    expect(cardText(corrected)).toContain('✏️ Corrected');
    expect(cardText(corrected)).toContain('🔴 Red');
    expect(await store.scores.forCheckin(checkin!.id)).toMatchObject({ value: 97, rag: 'red' });
  });
});
