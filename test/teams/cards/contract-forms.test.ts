import { checkinPromptCard } from '../../../src/teams/cards/checkin-card';
import {
  contractCreateCard,
  escalationPathCard,
  kpiFormCard,
  rolesFormCard,
} from '../../../src/teams/cards/contract-forms';
import { scoreCorrectionCard } from '../../../src/teams/cards/score-correction-card';
import { CANNED_KPI, cannedCheckin } from '../../support/fake-steward-services';
import { byId, expectSchema15, type Node, nodes, readable } from './card-assertions';

const inputs = (card: Parameters<typeof nodes>[0]) =>
  nodes(card)
    .filter((node) => String(node.type).startsWith('Input.'))
    .map((node) => [node.id, node.type]);

const button = (card: Parameters<typeof nodes>[0], title: string) =>
  nodes(card).find((node) => node.type === 'Action.Execute' && node.title === title) as
    | (Node & { data: Record<string, unknown>; fallback: Node })
    | undefined;

/** The element right after the input, where a rejected value's message belongs. */
function afterInput(card: Parameters<typeof nodes>[0], id: string): Node | undefined {
  const all = nodes(card).filter((node) => node.type !== 'TextRun');
  return all[all.findIndex((node) => node.id === id) + 1];
}

describe('contractCreateCard', () => {
  it('has the fields of Slack’s modal, typed, with one Create button that works without Universal Actions', () => {
    const card = contractCreateCard({ timezone: 'Europe/Berlin', startDate: '2026-12-01' });

    expectSchema15(card);
    expect(inputs(card)).toEqual([
      ['new_reference', 'Input.Text'],
      ['new_title', 'Input.Text'],
      ['new_vendorName', 'Input.Text'],
      ['new_value', 'Input.Number'],
      ['new_currency', 'Input.Text'],
      ['new_startDate', 'Input.Date'],
      ['new_endDate', 'Input.Date'],
      ['new_timezone', 'Input.Text'],
      ['new_reviewCadence', 'Input.ChoiceSet'],
      ['new_category', 'Input.Text'],
      ['new_vendorContacts', 'Input.Text'],
    ]);
    expect(byId(card, 'new_timezone')?.value).toBe('Europe/Berlin');
    expect(byId(card, 'new_startDate')?.value).toBe('2026-12-01');
    const create = button(card, 'Create contract');
    expect(create?.data).toEqual({ action: 'contract_create' });
    expect(create?.fallback).toMatchObject({ type: 'Action.Submit', data: { action: 'contract_create' } });
  });

  it('keeps what was typed and puts each message under its input, the overall one on top only when unplaced', () => {
    const problem = {
      message: 'Please fix these 2 things.',
      fieldErrors: { new_endDate: 'End date must be on or after the start date (2026-12-01).' },
      values: {
        new_reference: 'ACME-2026-009',
        new_value: '1200000',
        new_endDate: '2026-01-01',
        new_timezone: 'Mars/Olympus',
      },
    };

    const card = contractCreateCard({ timezone: 'Europe/Berlin', startDate: '2026-12-01' }, problem);

    expect(byId(card, 'new_reference')?.value).toBe('ACME-2026-009');
    expect(byId(card, 'new_value')?.value).toBe(1200000);
    expect(byId(card, 'new_timezone')?.value).toBe('Mars/Olympus');
    // Cleared by the person: not put back from the defaults.
    expect(byId(card, 'new_startDate')?.value).toBeUndefined();
    expect(afterInput(card, 'new_endDate')?.id).toBe('new_endDate_error');
    expect(readable(card)).toContain('End date must be on or after the start date (2026-12-01).');
    expect(readable(card)).not.toContain('Please fix these 2 things.');

    const unplaced = contractCreateCard({}, { ...problem, fieldErrors: { form: 'Fill in the form.' } });
    expect(readable(unplaced)).toContain('Please fix these 2 things.');
  });
});

describe('kpiFormCard', () => {
  it('asks for a key and every KPI field for a new KPI', () => {
    const card = kpiFormCard({ reference: 'ACME-2026-001' });

    expectSchema15(card);
    expect(inputs(card).map(([id]) => id)).toEqual([
      'kpi_key',
      'kpi_name',
      'kpi_unit',
      'kpi_kind',
      'kpi_direction',
      'kpi_baseline',
      'kpi_target',
      'kpi_warningThreshold',
      'kpi_breachThreshold',
      'kpi_weight',
      'kpi_cadence',
      'kpi_milestoneDates',
      'kpi_respondent',
      'kpi_evidenceRequired',
      'kpi_vendorVisible',
    ]);
    expect(byId(card, 'kpi_kind')?.choices).toHaveLength(6);
    expect(byId(card, 'kpi_vendorVisible')).toMatchObject({ type: 'Input.Toggle', value: 'true', valueOff: 'false' });
    expect(button(card, 'Save KPI')?.data).toEqual({ action: 'kpi_save', reference: 'ACME-2026-001' });
  });

  it('is prefilled with the KPI being edited, whose key travels in the card data instead of an input', () => {
    const existing = {
      ...CANNED_KPI,
      cadence: { type: 'milestones' as const, dates: ['2026-06-30', '2026-12-31'] },
      evidenceRequired: true,
    };

    const card = kpiFormCard({ reference: 'ACME-2026-001', existing });

    expect(byId(card, 'kpi_key')).toBeUndefined();
    expect(readable(card)).toContain('Editing Network uptime (uptime, version 1) on ACME-2026-001');
    expect(byId(card, 'kpi_name')?.value).toBe('Network uptime');
    expect(byId(card, 'kpi_target')?.value).toBe(99.9);
    expect(byId(card, 'kpi_cadence')?.value).toBe('milestones');
    expect(byId(card, 'kpi_milestoneDates')?.value).toBe('2026-06-30, 2026-12-31');
    expect(byId(card, 'kpi_evidenceRequired')?.value).toBe('true');
    expect(button(card, 'Save KPI')?.data).toMatchObject({ kpiKey: 'uptime', version: 1 });
  });
});

describe('rolesFormCard', () => {
  it('shows who holds each role now, by id in the input and by name under it', () => {
    const card = rolesFormCard('ACME-2026-001', {
      owner: [
        { name: 'Olivia', slackUserId: 'U0OWNER', slackTeamId: 'T0BUYER' },
        { name: 'Tess', teamsUserId: '6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11', email: 'tess@example.com' },
      ],
      finance: [{ email: 'fin@example.com' }],
    });

    expectSchema15(card);
    expect(inputs(card)).toEqual([
      ['role_owner', 'Input.Text'],
      ['role_procurement', 'Input.Text'],
      ['role_legal', 'Input.Text'],
      ['role_finance', 'Input.Text'],
      ['role_operations', 'Input.Text'],
    ]);
    expect(byId(card, 'role_owner')?.value).toBe('U0OWNER, 6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11');
    expect(byId(card, 'role_finance')?.value).toBe('fin@example.com');
    expect(readable(card)).toContain('Now: Olivia, Tess');
    expect(button(card, 'Save roles')?.data).toEqual({ action: 'contract_roles_save', reference: 'ACME-2026-001' });
  });
});

describe('escalationPathCard', () => {
  it('offers four levels of people, role and hours, prefilled with the path as it is', () => {
    const card = escalationPathCard('ACME-2026-001', [
      { level: 1, role: 'owner', people: [], ackWithinHours: 24 },
      { level: 2, people: [{ name: 'Dana', teamsUserId: 'aad-dana' }], ackWithinHours: 48 },
    ]);

    expectSchema15(card);
    expect(inputs(card)).toHaveLength(12);
    expect(inputs(card).slice(0, 3)).toEqual([
      ['path_1_people', 'Input.Text'],
      ['path_1_role', 'Input.ChoiceSet'],
      ['path_1_hours', 'Input.Number'],
    ]);
    expect(byId(card, 'path_1_role')?.value).toBe('owner');
    expect(byId(card, 'path_1_hours')?.value).toBe(24);
    expect(byId(card, 'path_2_people')?.value).toBe('aad-dana');
    expect(byId(card, 'path_2_hours')?.value).toBe(48);
    expect(byId(card, 'path_3_hours')?.value).toBeUndefined();
    expect(readable(card)).toContain('Now: Dana');
  });

  it('puts a nested message (levels.1.ackWithinHours, placed by the handler) under that level’s hours', () => {
    const card = escalationPathCard('ACME-2026-001', [], {
      message: 'Time to acknowledge must be a whole number of hours from 1 to 720, like 24.',
      fieldErrors: { path_2_hours: 'Time to acknowledge must be a whole number of hours from 1 to 720, like 24.' },
      values: { path_1_hours: '24', path_2_people: 'dana@example.com', path_2_hours: '0' },
    });

    expect(afterInput(card, 'path_2_hours')?.id).toBe('path_2_hours_error');
    expect(byId(card, 'path_2_hours')?.value).toBe(0);
    expect(byId(card, 'path_2_people')?.value).toBe('dana@example.com');
    // Only the one message, under its input: no banner repeating it.
    expect(readable(card).match(/Time to acknowledge/g)).toHaveLength(1);
  });
});

describe('score correction', () => {
  const answered = (scoreId?: string) =>
    cannedCheckin({
      state: {
        status: 'answered',
        ...(scoreId ? { scoreId } : {}),
        value: 99.7,
        displayValue: '99.7%',
        rag: 'green',
        answeredBy: { name: 'Alex Wilber' },
        answeredAt: new Date('2026-12-01T10:02:00Z'),
      },
    });

  it('offers Correct on an answered check-in only when the view carries its score id', () => {
    const withScore = checkinPromptCard({ items: [cannedCheckin(), answered('score-1')], addressees: [] });
    const without = checkinPromptCard({ items: [answered()], addressees: [] });

    expect(button(withScore, 'Correct…')?.data).toEqual({
      action: 'score_correct',
      checkinId: 'chk-1',
      scoreId: 'score-1',
      slot: 1,
    });
    expect(button(without, 'Correct…')).toBeUndefined();
  });

  it('prefills the correction form with the score as it stands and requires a reason', () => {
    const { kpi, contractRef, contractTitle, periodKey, periodLabel } = cannedCheckin();
    const form = {
      checkinId: 'chk-1',
      contractRef,
      contractTitle,
      kpi,
      periodKey,
      periodLabel,
      current: { scoreId: 'score-1', value: 99.7, comment: 'Router swap', evidenceUrl: 'https://example.com/r.pdf' },
    };

    const card = scoreCorrectionCard(form, { checkinId: 'chk-1', scoreId: 'score-1', slot: 0 });

    expectSchema15(card);
    expect(byId(card, 'corr_value')).toMatchObject({ type: 'Input.Number', value: 99.7 });
    expect(byId(card, 'corr_comment')?.value).toBe('Router swap');
    expect(byId(card, 'corr_evidenceUrl')?.value).toBe('https://example.com/r.pdf');
    expect(byId(card, 'corr_reason')).toMatchObject({ isRequired: true });
    expect(button(card, 'Save correction')?.data).toEqual({
      action: 'score_correct_submit',
      checkinId: 'chk-1',
      scoreId: 'score-1',
      slot: 0,
    });
    // Cancel must work with the required reason left empty.
    expect(button(card, 'Cancel')).toMatchObject({ associatedInputs: 'none', fallback: { associatedInputs: 'none' } });
  });
});
