import type { CheckinItemView } from '../../../src/chat/chat-surface';
import { checkinPromptCard } from '../../../src/teams/cards/checkin-card';
import { CANNED_KPI, cannedCheckin } from '../../support/fake-steward-services';
import { byId, expectSchema15, nodes, readable } from './card-assertions';

const withKpi = (kpi: Partial<CheckinItemView['kpi']>) => cannedCheckin({ kpi: { ...CANNED_KPI, ...kpi } });

describe('checkinPromptCard', () => {
  it('shows the KPI, period, baseline, target, thresholds with units and the due time', () => {
    const card = checkinPromptCard({ items: [cannedCheckin()], addressees: [] });

    expectSchema15(card);
    const text = readable(card);
    for (const expected of [
      'Network uptime',
      'November 2026',
      '99%',
      '99.9%',
      'amber below 99.5%, red below 99%',
      '5 Dec 2026, 17:00 UTC',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('says "above" for lower-is-better KPIs', () => {
    const card = checkinPromptCard({
      items: [
        withKpi({ direction: 'lower-is-better', kind: 'duration', unit: 'h', warningThreshold: 4, breachThreshold: 8 }),
      ],
      addressees: [],
    });
    expect(readable(card)).toContain('amber above 4 h, red above 8 h');
  });

  it('types the score input to the KPI kind', () => {
    const input = (kind: CheckinItemView['kpi']['kind']) =>
      byId(checkinPromptCard({ items: [withKpi({ kind })], addressees: [] }), 's0_value');

    expect(input('percent')).toMatchObject({ type: 'Input.Number', placeholder: '0–100' });
    // No max for a host to clamp 150 to 100 with: the service answers "from 0 to 100" under the input.
    expect(input('percent')).not.toHaveProperty('max');
    expect(input('yes-no')).toMatchObject({
      type: 'Input.ChoiceSet',
      choices: [
        { title: 'Yes', value: '1' },
        { title: 'No', value: '0' },
      ],
    });
    expect(((input('rating')?.choices ?? []) as Array<{ value: string }>).map((c) => c.value)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(input('currency')).toMatchObject({
      type: 'Input.Number',
      placeholder: expect.stringContaining('0 or more'),
    });
    expect(input('number')).toMatchObject({ type: 'Input.Number' });
    expect(input('number')).not.toHaveProperty('min');
  });

  it('asks for a comment and an evidence link, required when the KPI requires evidence', () => {
    const optional = checkinPromptCard({ items: [cannedCheckin()], addressees: [] });
    const required = checkinPromptCard({ items: [withKpi({ evidenceRequired: true })], addressees: [] });

    expect(byId(optional, 's0_comment')).toMatchObject({ type: 'Input.Text', isMultiline: true });
    expect(byId(optional, 's0_evidenceUrl')).toMatchObject({ style: 'Url' });
    expect(byId(optional, 's0_evidenceUrl')).not.toHaveProperty('isRequired');
    expect(byId(required, 's0_evidenceUrl')).toMatchObject({ label: 'Evidence link (required for this KPI)' });
  });

  it('requires nothing on the card itself: Teams checks every input a button sends, so "Mark not applicable" and a grouped prompt\'s other KPIs would be stopped by an empty score', () => {
    const grouped = checkinPromptCard({
      items: [withKpi({ evidenceRequired: true }), { ...cannedCheckin(), checkinId: 'c-2' }],
      addressees: [],
    });
    const required = nodes(grouped).filter((node) => node.isRequired === true);
    expect(required.map((node) => node.id)).toEqual([]);
  });

  it('offers submit, not applicable (with a reason) and snooze as Action.Execute with Action.Submit fallbacks', () => {
    const card = checkinPromptCard({ items: [cannedCheckin()], addressees: [] });
    const executes = nodes(card).filter((node) => node.type === 'Action.Execute');

    expect(executes.map((a) => (a.data as { action: string }).action)).toEqual([
      'checkin_submit_score',
      'checkin_snooze',
      'checkin_not_applicable',
    ]);
    for (const action of executes) {
      expect(action.fallback).toEqual({
        type: 'Action.Submit',
        title: action.title,
        data: action.data,
        ...(action.style ? { style: action.style } : {}),
        ...(action.associatedInputs ? { associatedInputs: action.associatedInputs } : {}),
      });
      expect(action.data).toMatchObject({ checkinId: 'chk-1', slot: 0, dueAt: '2026-12-05T17:00:00.000Z' });
      // Snooze sends no input, so a half-typed score elsewhere on the card cannot block it.
      const id = (action.data as { action: string }).action;
      expect([id, action.associatedInputs]).toEqual([id, id === 'checkin_snooze' ? 'none' : undefined]);
    }
    expect(byId(card, 'checkin_0_na')).toMatchObject({ isVisible: false });
    expect(byId(card, 's0_reason')).toMatchObject({ type: 'Input.Text' });
  });

  it('gives each check-in of a grouped prompt its own inputs and mentions the addressees', () => {
    const card = checkinPromptCard({
      items: [cannedCheckin(), cannedCheckin({ checkinId: 'chk-2' })],
      addressees: [{ name: 'Alex Wilber', teamsUserId: 'aad-alex' }, { name: 'Pat (no Teams)' }],
      reminder: true,
    });

    expectSchema15(card);
    expect(byId(card, 's0_value')).toBeDefined();
    expect(byId(card, 's1_value')).toBeDefined();
    expect(readable(card)).toContain(
      'Reminder: these 2 check-ins are still waiting for an answer. <at>Alex Wilber</at>, Pat (no Teams)',
    );
    expect(card.msteams?.entities).toEqual([
      { type: 'mention', text: '<at>Alex Wilber</at>', mentioned: { id: 'aad-alex', name: 'Alex Wilber' } },
    ]);
  });

  it.each([
    ['green', '🟢 Green'],
    ['amber', '🟠 Amber'],
    ['red', '🔴 Red'],
  ] as const)('shows an answered %s check-in as value, word and emoji, who and when, without a form', (rag, badge) => {
    const card = checkinPromptCard({
      items: [
        cannedCheckin({
          state: {
            status: 'answered',
            value: 99.7,
            displayValue: '99.7%',
            rag,
            answeredBy: { name: 'Alex Wilber' },
            answeredAt: new Date('2026-12-01T10:02:00Z'),
          },
        }),
      ],
      addressees: [],
    });

    const text = readable(card);
    expect(text).toContain('99.7%');
    expect(text).toContain(badge);
    expect(text).toContain('by Alex Wilber · 1 Dec 2026, 10:02 UTC');
    expect(nodes(card).filter((node) => String(node.type).startsWith('Input.'))).toEqual([]);
  });

  it('shows not applicable with its reason, missed without a form, snoozed with the form still there', () => {
    const at = new Date('2026-12-01T10:02:00Z');
    const card = checkinPromptCard({
      items: [
        cannedCheckin({
          state: {
            status: 'not-applicable',
            reason: 'No traffic: site closed',
            answeredBy: { name: 'Alex' },
            answeredAt: at,
          },
        }),
        cannedCheckin({ checkinId: 'chk-2', state: { status: 'missed' } }),
        cannedCheckin({ checkinId: 'chk-3', state: { status: 'snoozed', until: at } }),
      ],
      addressees: [],
    });

    const text = readable(card);
    expect(text).toContain('No traffic: site closed');
    expect(text).toContain('Missed');
    expect(text).toContain('Snoozed until 1 Dec 2026, 10:02 UTC');
    expect(byId(card, 's0_value')).toBeUndefined();
    expect(byId(card, 's1_value')).toBeUndefined();
    expect(byId(card, 's2_value')).toBeDefined();
  });

  it('shows user text literally, never as Markdown or a date function', () => {
    const title = '{"$gt": ""} **not bold** [link](https://evil.example) {{DATE(2026-01-01T00:00:00Z, SHORT)}}';
    const card = checkinPromptCard({ items: [cannedCheckin({ contractTitle: title })], addressees: [] });

    const runs = nodes(card)
      .filter((node) => node.type === 'TextRun')
      .map((node) => node.text as string);
    const blocks = nodes(card)
      .filter((node) => node.type === 'TextBlock')
      .map((node) => node.text as string);
    const shown = runs.find((run) => run.includes('"$gt"'));
    expect(shown).toContain('{"$gt": ""} **not bold** [link](https://evil.example)');
    expect(shown).toContain('{\u200b{DATE(');
    expect(blocks.join('\n')).not.toContain('$gt');
  });

  it('puts a rejected value back with the service’s message right under its input', () => {
    const card = checkinPromptCard(
      { items: [cannedCheckin(), cannedCheckin({ checkinId: 'chk-2' })], addressees: [] },
      {
        checkinId: 'chk-2',
        message: 'Check the score.',
        fieldErrors: { value: 'A percentage is between 0 and 100.', evidenceUrl: 'Evidence must be a link.' },
        values: { value: '140', evidenceUrl: 'ftp://x' },
      },
    );

    const order = nodes(card).map((node) => node.id ?? node.type);
    expect(order[order.indexOf('s1_value') + 1]).toBe('s1_value_error');
    expect(order[order.indexOf('s1_evidenceUrl') + 1]).toBe('s1_evidenceUrl_error');
    expect(byId(card, 's0_value_error')).toBeUndefined();
    expect(byId(card, 's1_value')).toMatchObject({ value: 140 });
    expect(byId(card, 's1_evidenceUrl')).toMatchObject({ value: 'ftp://x' });
    expect(readable(card)).toContain('A percentage is between 0 and 100.');
    // Every problem has its place, so no banner repeats the overall message.
    expect(readable(card)).not.toContain('Check the score.');
  });

  it('opens the reason box again when the reason was rejected, and shows a banner for problems without an input', () => {
    const card = checkinPromptCard(
      { items: [cannedCheckin()], addressees: [] },
      {
        checkinId: 'chk-1',
        message: 'This period is closed.',
        fieldErrors: { period: 'Closed.', reason: 'Say why.' },
        values: { reason: 'no' },
      },
    );

    expect(byId(card, 'checkin_0_na')).toMatchObject({ isVisible: true });
    expect(byId(card, 's0_reason')).toMatchObject({ value: 'no' });
    expect(readable(card)).toContain('This period is closed.');
  });
});
