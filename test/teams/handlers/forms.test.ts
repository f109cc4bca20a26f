import { StewardError } from '../../../src/domain/errors';
import type { ScoreResult } from '../../../src/services/service-api';
import { CARD_ACTION_HANDLERS } from '../../../src/teams/handlers/card-actions';
import { handlerFor } from '../../../src/teams/handlers/commands';
import { runCardAction } from '../../../src/teams/handlers/errors';
import type { CardActionOutcome, Reply } from '../../../src/teams/handlers/types';
import { cannedCheckin } from '../../support/fake-steward-services';
import { cardText } from '../../support/teams-connector';
import { byId, type nodes } from '../cards/card-assertions';
import { buildCardActionArgs, buildCommandArgs, buildDeps } from './build-arguments';

const handler = (id: string) => {
  const found = CARD_ACTION_HANDLERS.get(id);
  if (!found) throw new Error(`no handler ${id}`);
  return found;
};

function cardOf(outcome: CardActionOutcome | Reply) {
  if (!('card' in outcome)) throw new Error(`expected a card, got ${JSON.stringify(outcome)}`);
  return outcome.card as Parameters<typeof nodes>[0];
}

/** The message right under an input, if any. */
function errorUnder(card: Parameters<typeof nodes>[0], inputId: string): string | undefined {
  const error = byId(card, `${inputId}_error`);
  return error ? cardText(error) : undefined;
}

const validation = (fieldErrors: Record<string, string>, message = Object.values(fieldErrors).join(' ')) =>
  new StewardError('validation', message, { fieldErrors });

describe('form commands', () => {
  it('answers "steward new" with the contract form and calls no service', async () => {
    const args = buildCommandArgs({ name: 'new' as const }, { deps: buildDeps({ defaultTimezone: 'Europe/Berlin' }) });

    const card = cardOf(await handlerFor(args.command)(args));

    expect(byId(card, 'new_reference')).toBeDefined();
    expect(byId(card, 'new_timezone')?.value).toBe('Europe/Berlin');
    expect(byId(card, 'new_startDate')?.value).toBe('2026-12-01');
    expect(args.deps.services.calls).toEqual([]);
  });

  it('prefills "steward kpi REF KEY" from the contract’s KPIs, and refuses an unknown key', async () => {
    const known = buildCommandArgs({ name: 'kpi' as const, reference: 'ACME-2026-001', kpiKey: 'uptime' });
    const unknown = buildCommandArgs({ name: 'kpi' as const, reference: 'ACME-2026-001', kpiKey: 'latency' });

    const card = cardOf(await handlerFor(known.command)(known));

    expect(byId(card, 'kpi_name')?.value).toBe('Network uptime');
    expect(known.deps.services.callsTo('contracts.kpis')[0]?.args).toEqual(['ACME-2026-001']);
    await expect(handlerFor(unknown.command)(unknown)).rejects.toThrow(
      'ACME-2026-001 has no KPI with the key "latency"',
    );
  });

  it('refuses the roles and escalation path forms to someone who may not change the contract, saying why', async () => {
    for (const name of ['roles', 'path'] as const) {
      const args = buildCommandArgs({ name, reference: 'ACME-2026-001' });
      const contracts = args.deps.services.contracts as unknown as Record<string, unknown>;
      contracts.requireManager = async () => {
        throw new StewardError('forbidden', 'Only ACME-2026-001’s owner or governance roles can change it.');
      };

      // Refused, not a form (an unreadable current setup would still have given an empty form).
      await expect(handlerFor(args.command)(args)).rejects.toThrow('owner or governance roles can change it');
    }
  });

  it('opens the roles form empty, with a warning, when the current roles cannot be read', async () => {
    const args = buildCommandArgs({ name: 'roles' as const, reference: 'ACME-2026-001' });
    (args.deps.services as unknown as Record<string, unknown>).kickoff = {
      checklist: async () => {
        throw new Error('database down');
      },
    };

    const card = cardOf(await handlerFor(args.command)(args));

    expect(cardText(card)).toContain('could not load the current roles');
    expect(byId(card, 'role_owner')?.value).toBeUndefined();
  });
});

describe('creating a contract from the card', () => {
  const typed = {
    action: 'contract_create',
    new_reference: ' acme-2026-009 ',
    new_title: 'Facilities',
    new_vendorName: 'Acme',
    new_value: '1200000',
    new_currency: 'EUR',
    new_startDate: '2026-12-01',
    new_endDate: '2026-01-01',
    new_timezone: '',
    new_vendorContacts: 'vic@acme.example, 6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11',
  };

  it('sends what was typed to contracts.create and replaces the form with a confirmation', async () => {
    const args = buildCardActionArgs({ ...typed, new_endDate: '2027-12-31' });

    const card = cardOf(await runCardAction(handler('contract_create'), args));

    expect(args.deps.services.callsTo('contracts.create')[0]?.args).toEqual([
      {
        reference: 'acme-2026-009',
        title: 'Facilities',
        vendorName: 'Acme',
        value: '1200000',
        currency: 'EUR',
        startDate: '2026-12-01',
        endDate: '2027-12-31',
        vendorContacts: ['vic@acme.example', '6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11'],
      },
    ]);
    expect(cardText(card)).toContain('✅ Created ACME-2026-001');
    expect(byId(card, 'new_reference')).toBeUndefined();
  });

  it('re-renders a rejected form with the typed values and the message under the field; nothing else is called', async () => {
    const args = buildCardActionArgs(typed);
    args.deps.services.failNext(
      'contracts.create',
      validation({
        endDate: 'End date must be on or after the start date (2026-12-01).',
        'vendorContacts.0': 'Choose a person: pick a Slack or Teams user, or give an email address.',
        'value.amount': 'Contract value must be a number of 0 or more, like 1200000.',
      }),
    );

    const card = cardOf(await runCardAction(handler('contract_create'), args));

    expect(errorUnder(card, 'new_endDate')).toContain('End date must be on or after the start date');
    expect(errorUnder(card, 'new_vendorContacts')).toContain('"vic@acme.example": Choose a person');
    expect(errorUnder(card, 'new_value')).toContain('Contract value must be a number');
    expect(byId(card, 'new_reference')?.value).toBe('acme-2026-009');
    expect(byId(card, 'new_endDate')?.value).toBe('2026-01-01');
    expect(args.deps.services.calls.map((call) => call.method)).toEqual(['contracts.create']);
  });

  it('shows any other refusal as a message and leaves the form as it was', async () => {
    const args = buildCardActionArgs(typed);
    args.deps.services.failNext('contracts.create', new StewardError('conflict', 'ACME-2026-009 already exists.'));

    expect(await runCardAction(handler('contract_create'), args)).toEqual({ message: 'ACME-2026-009 already exists.' });
  });
});

describe('saving a KPI from the card', () => {
  const typed = {
    action: 'kpi_save',
    reference: 'ACME-2026-001',
    kpi_key: 'Latency',
    kpi_name: 'Latency',
    kpi_unit: 'ms',
    kpi_kind: 'number',
    kpi_direction: 'lower-is-better',
    kpi_baseline: '40',
    kpi_target: '20',
    kpi_warningThreshold: '10',
    kpi_breachThreshold: '50',
    kpi_weight: '1',
    kpi_cadence: 'milestones',
    kpi_milestoneDates: '2026-06-30, 2026-12-31',
    kpi_respondent: 'owner',
    kpi_evidenceRequired: 'false',
    kpi_vendorVisible: 'true',
  };

  it('passes every field as typed, milestones as a list', async () => {
    const args = buildCardActionArgs(typed);

    await runCardAction(handler('kpi_save'), args);

    expect(args.deps.services.callsTo('contracts.upsertKpi')[0]?.args).toEqual([
      'ACME-2026-001',
      {
        key: 'Latency',
        name: 'Latency',
        unit: 'ms',
        kind: 'number',
        direction: 'lower-is-better',
        baseline: '40',
        target: '20',
        warningThreshold: '10',
        breachThreshold: '50',
        weight: '1',
        cadence: { type: 'milestones', dates: ['2026-06-30', '2026-12-31'] },
        respondent: 'owner',
        evidenceRequired: false,
        vendorVisible: true,
      },
    ]);
  });

  it('edits the KPI named by the card, whatever an input says, and re-renders a rejected edit', async () => {
    const args = buildCardActionArgs({ ...typed, kpi_key: 'forged', kpiKey: 'uptime', version: 3 });
    args.deps.services.failNext(
      'contracts.upsertKpi',
      validation({
        warningThreshold: 'For lower-is-better KPIs the warning threshold must lie between target and breach.',
        'cadence.dates.1': 'Milestone date must be a real date written YYYY-MM-DD, like 2026-03-31.',
      }),
    );

    const card = cardOf(await runCardAction(handler('kpi_save'), args));

    expect(args.deps.services.callsTo('contracts.upsertKpi')[0]?.args[1]).toMatchObject({ key: 'uptime' });
    expect(cardText(card)).toContain('Editing uptime (uptime, version 3) on ACME-2026-001');
    expect(errorUnder(card, 'kpi_warningThreshold')).toContain('warning threshold must lie between');
    expect(errorUnder(card, 'kpi_milestoneDates')).toContain('Milestone date must be a real date');
    expect(byId(card, 'kpi_target')?.value).toBe(20);
    expect(byId(card, 'kpi_cadence')?.value).toBe('milestones');
    expect(args.deps.services.calls).toHaveLength(1);
  });
});

describe('governance roles and escalation path from the card', () => {
  it('reads prefilled ids back as the people the contract names today, never from the card', async () => {
    const olivia = { name: 'Olivia', slackUserId: 'U0OWNER', slackTeamId: 'T0BUYER' };
    const args = buildCardActionArgs({
      action: 'contract_roles_save',
      reference: 'ACME-2026-001',
      // A client could add anything to the data; people are not read from it.
      known: JSON.stringify([{ name: 'The CEO', email: 'megan@example.com' }]),
      role_owner: 'u0owner, megan@example.com',
      role_finance: '',
    });
    const checklist = jest.fn(async () => ({
      roles: [{ role: 'owner', people: [olivia] }],
      escalationPath: [],
      vendorContacts: [],
    }));
    (args.deps.services as unknown as Record<string, unknown>).kickoff = { checklist };

    await runCardAction(handler('contract_roles_save'), args);

    expect(checklist).toHaveBeenCalledWith(args.actor, 'ACME-2026-001');
    expect(args.deps.services.callsTo('contracts.setGovernance')[0]?.args).toEqual([
      'ACME-2026-001',
      { owner: [olivia, 'megan@example.com'] },
    ]);
  });

  it('names the rejected person under their role', async () => {
    const args = buildCardActionArgs({
      action: 'contract_roles_save',
      reference: 'ACME-2026-001',
      role_owner: 'megan@example.com',
      role_finance: 'fin@example.com bob@',
    });
    args.deps.services.failNext(
      'contracts.setGovernance',
      validation({ 'finance.1': 'Choose a person: pick a Slack or Teams user, or give an email address.' }),
    );

    const card = cardOf(await runCardAction(handler('contract_roles_save'), args));

    expect(errorUnder(card, 'role_finance')).toBe(
      '⚠️ "bob@": Choose a person: pick a Slack or Teams user, or give an email address.',
    );
    expect(byId(card, 'role_finance')?.value).toBe('fin@example.com bob@');
    expect(args.deps.services.calls).toHaveLength(1);
  });

  it('numbers levels as on the form and places levels.N messages under the level they came from', async () => {
    const data = {
      action: 'escalation_path_save',
      reference: 'ACME-2026-001',
      path_1_role: 'owner',
      path_1_hours: '24',
      path_3_people: 'dana@example.com',
      path_3_hours: '0',
    };
    const args = buildCardActionArgs(data);
    args.deps.services.failNext(
      'contracts.setEscalationPath',
      validation({
        'levels.1.level': 'Levels must be numbered 1, 2, 3… in order; level 2 is missing or out of place.',
        'levels.1.ackWithinHours': 'Time to acknowledge must be a whole number of hours from 1 to 720, like 24.',
      }),
    );

    const card = cardOf(await runCardAction(handler('escalation_path_save'), args));

    expect(args.deps.services.callsTo('contracts.setEscalationPath')[0]?.args).toEqual([
      'ACME-2026-001',
      {
        levels: [
          { level: 1, people: [], role: 'owner', ackWithinHours: '24' },
          { level: 3, people: ['dana@example.com'], ackWithinHours: '0' },
        ],
      },
    ]);
    expect(errorUnder(card, 'path_3_people')).toContain('level 2 is missing');
    expect(errorUnder(card, 'path_3_hours')).toContain('Time to acknowledge must be a whole number');
    expect(errorUnder(card, 'path_2_hours')).toBeUndefined();
    expect(byId(card, 'path_1_role')?.value).toBe('owner');
  });
});

describe('correcting a score from the prompt card', () => {
  const correction = {
    checkinId: 'chk-1',
    scoreId: 'score-1',
    slot: 0,
    corr_value: '98.5',
    corr_comment: 'Revised report',
    corr_reason: '',
  };

  it('opens the correction form through openCorrectionForm, which checks who may correct', async () => {
    const args = buildCardActionArgs({ action: 'score_correct', checkinId: 'chk-1', scoreId: 'score-1', slot: 0 });

    const card = cardOf(await runCardAction(handler('score_correct'), args));

    expect(args.deps.services.callsTo('checkins.openCorrectionForm')[0]?.args).toEqual(['score-1']);
    expect(byId(card, 'corr_reason')).toBeDefined();
  });

  it('re-renders the form with the message under the reason when it is missing; nothing is corrected', async () => {
    const args = buildCardActionArgs({ action: 'score_correct_submit', ...correction });
    args.deps.services.failNext(
      'checkins.correctScore',
      validation({ reason: 'Reason for the correction is required.' }),
    );

    const card = cardOf(await runCardAction(handler('score_correct_submit'), args));

    expect(args.deps.services.callsTo('checkins.correctScore')[0]?.args).toEqual([
      'score-1',
      { value: '98.5', comment: 'Revised report' },
    ]);
    expect(errorUnder(card, 'corr_reason')).toContain('Reason for the correction is required.');
    expect(byId(card, 'corr_value')?.value).toBe(98.5);
    expect(args.deps.services.calls.map((call) => call.method)).toEqual([
      'checkins.correctScore',
      'checkins.openCorrectionForm',
    ]);
  });

  it('brings back the whole prompt card with the corrected score, and Cancel brings it back unchanged', async () => {
    const deps = buildDeps();
    const message = { surface: 'teams' as const, channelId: 'a:personal-alex', messageId: 'm-7' };
    await deps.store.savePrompt(message, {
      items: [cannedCheckin(), cannedCheckin({ checkinId: 'chk-2' })],
      addressees: [],
    });
    deps.services.checkins.correctScore = async (actor, scoreId, input) => {
      deps.services.calls.push({ method: 'checkins.correctScore', actor, args: [scoreId, input] });
      const item = cannedCheckin({
        state: {
          status: 'answered',
          scoreId,
          value: 98.5,
          displayValue: '98.5%',
          rag: 'red',
          answeredBy: actor.person,
          answeredAt: new Date('2026-12-01T10:05:00Z'),
          corrected: true,
        },
      });
      return { scoreId, rag: 'red', displayValue: '98.5%', item, escalationOpened: false } satisfies ScoreResult;
    };

    const saved = cardOf(
      await runCardAction(
        handler('score_correct_submit'),
        buildCardActionArgs(
          { action: 'score_correct_submit', ...correction, corr_reason: 'Report revised' },
          { deps, messageId: 'm-7' },
        ),
      ),
    );
    const cancelled = cardOf(
      await runCardAction(
        handler('score_correct_cancel'),
        buildCardActionArgs(
          { action: 'score_correct_cancel', checkinId: 'chk-1', scoreId: 'score-1' },
          { deps, messageId: 'm-7' },
        ),
      ),
    );

    expect(cardText(saved)).toContain('✏️ Corrected');
    expect(byId(saved, 's1_value')).toBeDefined(); // chk-2 is still open in the same card
    expect(deps.services.calls.at(-1)?.args).toEqual([
      'score-1',
      { value: '98.5', comment: 'Revised report', reason: 'Report revised' },
    ]);
    expect(cardText(cancelled)).toContain('✏️ Corrected');
    expect(deps.services.calls).toHaveLength(1);
  });
});
