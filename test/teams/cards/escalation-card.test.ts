import { escalationCard } from '../../../src/teams/cards/escalation-card';
import { CARD_ACTION_HANDLERS } from '../../../src/teams/handlers/card-actions';
import { runCardAction } from '../../../src/teams/handlers/errors';
import { cannedEscalation } from '../../support/fake-steward-services';
import { buildCardActionArgs } from '../handlers/build-arguments';
import { byId, expectSchema15, nodes, readable } from './card-assertions';

describe('escalationCard', () => {
  it('shows the headline, facts, trend, level and who is asked to act', () => {
    const card = escalationCard(cannedEscalation());

    expectSchema15(card);
    const text = readable(card);
    expect(text).toContain('Escalation · level 1 of 3 · open');
    expect(text).toContain('Network uptime is red: 98.2% in November 2026');
    expect(text).toContain('Red score');
    expect(text).toContain('98.2%');
    expect(text).toContain('2026-10 99.6% 🟠 Amber  →  2026-11 98.2% 🔴 Red');
    expect(text).toContain('Acknowledge by');
    expect(text).toContain('For: <at>Alex Wilber</at>');
  });

  it('offers Acknowledge, Add corrective action and Resolve while open', () => {
    const card = escalationCard(cannedEscalation());
    const titles = nodes(card)
      .filter((node) => String(node.type).startsWith('Action.'))
      .map((node) => node.title);

    expect(titles).toEqual([
      'Acknowledge',
      'Add corrective action…',
      'Resolve…',
      'Add corrective action',
      'Resolve escalation',
    ]);
    expect(byId(card, 'esc_owner')).toMatchObject({
      type: 'Input.ChoiceSet',
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
    });
    // Not required on the card: Teams would check it before "Resolve escalation" too (see adaptive-card.ts).
    expect(byId(card, 'esc_dueDate')).toMatchObject({ type: 'Input.Date' });
    expect(byId(card, 'esc_dueDate')).not.toHaveProperty('isRequired');
    expect(byId(card, 'esc_resolution')).toMatchObject({ type: 'Input.Text' });
    expect(byId(card, 'esc_resolution')).not.toHaveProperty('isRequired');
    expect(byId(card, 'escalation_corrective_action')).toMatchObject({ isVisible: false });
  });

  it('lets Acknowledge through without the hidden forms’ required inputs, which only their own buttons send', () => {
    const card = escalationCard(cannedEscalation());
    const execute = (title: string) =>
      nodes(card).find((node) => node.type === 'Action.Execute' && node.title === title) as
        | { associatedInputs?: string; fallback?: { associatedInputs?: string } }
        | undefined;

    expect(execute('Acknowledge')?.associatedInputs).toBe('none');
    expect(execute('Acknowledge')?.fallback?.associatedInputs).toBe('none');
    expect(execute('Add corrective action')?.associatedInputs).toBeUndefined();
    expect(execute('Resolve escalation')?.associatedInputs).toBeUndefined();
  });

  it('drops Acknowledge once acknowledged and every action once resolved', () => {
    const acknowledged = escalationCard(cannedEscalation({ status: 'acknowledged' }));
    const resolved = escalationCard(
      cannedEscalation({ status: 'resolved', statusLine: 'Resolved by Alex: switch replaced' }),
    );

    expect(nodes(acknowledged).some((node) => node.title === 'Acknowledge')).toBe(false);
    expect(nodes(resolved).filter((node) => String(node.type).startsWith('Action.'))).toEqual([]);
    expect(readable(resolved)).toContain('Resolved by Alex: switch replaced');
  });

  it('opens the rejected form with the service’s message under the input and the typed values kept', () => {
    const card = escalationCard(cannedEscalation(), {
      form: 'corrective-action',
      message: 'Check the action.',
      fieldErrors: { dueDate: 'The due date is in the past.' },
      values: { action: 'Replace the switch', dueDate: '2020-01-01' },
    });

    expect(byId(card, 'escalation_corrective_action')).toMatchObject({ isVisible: true });
    expect(byId(card, 'escalation_resolve')).toMatchObject({ isVisible: false });
    expect(byId(card, 'esc_action')).toMatchObject({ value: 'Replace the switch' });
    const order = nodes(card).map((node) => node.id ?? node.type);
    expect(order[order.indexOf('esc_dueDate') + 1]).toBe('esc_dueDate_error');
  });

  it('shows facts literally', () => {
    const card = escalationCard(cannedEscalation({ facts: [{ label: 'Comment', value: '{"$gt": ""} _x_' }] }));
    expect(nodes(card).some((node) => node.type === 'TextRun' && node.text === '{"$gt": ""} _x_')).toBe(true);
  });
});

describe('the corrective action owner picker', () => {
  // The Agents Playground offers no directory search and names its users with ids like this one.
  const ADELE = { name: 'Adele Vance', teamsUserId: '00000000-0000-0000-0000-0000000000020' };

  it('lists the escalation’s people by name where Teams cannot search, their Teams ids as the values', () => {
    const card = escalationCard(cannedEscalation({ mention: [ADELE] }));
    const picker = byId(card, 'esc_owner') as { choices?: Array<{ title: string; value: string }> } | undefined;
    expect(picker?.choices).toEqual([{ title: 'Adele Vance', value: ADELE.teamsUserId }]);
  });

  it('sends the picked person on as their Teams id, whatever its shape', async () => {
    const args = buildCardActionArgs({
      action: 'escalation_add_corrective_action',
      escalationId: 'esc-1',
      esc_action: 'Replace the core switch',
      esc_owner: ADELE.teamsUserId,
      esc_dueDate: '2026-12-20',
    });
    await runCardAction(CARD_ACTION_HANDLERS.get('escalation_add_corrective_action')!, args);
    expect(args.deps.services.callsTo('escalations.addCorrectiveAction')[0]?.args).toEqual([
      'esc-1',
      { action: 'Replace the core switch', owner: { teamsUserId: ADELE.teamsUserId }, dueDate: '2026-12-20' },
    ]);
  });
});
