import type { CheckinItemView, CheckinPromptView } from '../../chat/chat-surface';
import { formatValue } from '../../domain/format';
import { actionExecute } from './action-buttons';
import { checkinInputId } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  type CardInput,
  type Container,
  errorBanner,
  facts,
  fieldError,
  formatInstant,
  literal,
  mentionsOf,
  paragraph,
  personName,
  ragBadge,
  ragColor,
  text,
  toggle,
} from './adaptive-card';

/** A rejected answer to show again: which check-in, the service's messages by field, and what was typed. */
export interface CheckinProblem {
  checkinId: string;
  message: string;
  fieldErrors: Record<string, string>;
  values: Record<string, unknown>;
}

const SCORE_FIELDS = ['value', 'comment', 'evidenceUrl', 'reason'] as const;

/** The check-in prompt: one section per check-in, each with a score form typed to its KPI kind while open. */
export function checkinPromptCard(prompt: CheckinPromptView, problem?: CheckinProblem): AdaptiveCard {
  const mentions = mentionsOf(prompt.addressees);
  const count = prompt.items.length;
  const intro = prompt.reminder
    ? `⏰ Reminder: ${count === 1 ? 'this check-in is' : `these ${count} check-ins are`} still waiting for an answer.`
    : `📋 ${count === 1 ? 'A check-in is' : `${count} check-ins are`} due.`;
  const body: CardElement[] = [text(mentions.text ? `${intro} ${mentions.text}` : intro, { weight: 'Bolder' })];
  prompt.items.forEach((item, slot) => {
    body.push(checkinSection(item, slot, problem?.checkinId === item.checkinId ? problem : undefined));
  });
  return adaptiveCard(body, { mentions: mentions.entities });
}

function checkinSection(item: CheckinItemView, slot: number, problem?: CheckinProblem): Container {
  const { kpi } = item;
  const show = (value: number) => formatValue(value, kpi.kind, kpi.unit);
  const worse = kpi.direction === 'higher-is-better' ? 'below' : 'above';
  const items: CardElement[] = [
    paragraph([literal(`${item.contractRef} · ${item.contractTitle}`, { isSubtle: true })]),
    paragraph([literal(kpi.name, { weight: 'Bolder', size: 'Medium' })], 'None'),
    facts([
      { label: 'Period', value: item.periodLabel },
      { label: 'Baseline', value: show(kpi.baseline) },
      { label: 'Target', value: show(kpi.target) },
      {
        label: 'Thresholds',
        value: `amber ${worse} ${show(kpi.warningThreshold)}, red ${worse} ${show(kpi.breachThreshold)}`,
      },
      { label: 'Due', value: formatInstant(item.dueAt) },
    ]),
  ];
  const { state } = item;
  switch (state.status) {
    case 'answered':
      items.push(
        paragraph([
          literal(`${state.corrected ? '✏️ Corrected' : '✅ Answered'}: `, { weight: 'Bolder' }),
          literal(`${state.displayValue} `, { weight: 'Bolder' }),
          literal(ragBadge(state.rag), { weight: 'Bolder', color: ragColor(state.rag) }),
        ]),
        paragraph(
          [literal(`by ${personName(state.answeredBy)} · ${formatInstant(state.answeredAt)}`, { isSubtle: true })],
          'None',
        ),
      );
      // The service decides who may correct (the score's author or a contract manager); the button opens the form.
      if (state.scoreId) {
        items.push(
          actionSet([
            actionExecute('correctScore', {
              checkinId: item.checkinId,
              scoreId: state.scoreId,
              slot,
            }),
          ]),
        );
      }
      break;
    case 'not-applicable':
      items.push(
        paragraph([literal('➖ Not applicable: ', { weight: 'Bolder' }), literal(state.reason)]),
        paragraph(
          [literal(`by ${personName(state.answeredBy)} · ${formatInstant(state.answeredAt)}`, { isSubtle: true })],
          'None',
        ),
      );
      break;
    case 'missed':
      items.push(text('⛔ Missed: the answer window has closed.', { color: 'Attention', weight: 'Bolder' }));
      break;
    case 'snoozed':
      items.push(text(`💤 Snoozed until ${formatInstant(state.until)}. You can still answer now.`, { isSubtle: true }));
      items.push(...scoreForm(item, slot, problem));
      break;
    case 'open':
      items.push(...scoreForm(item, slot, problem));
      break;
  }
  return { type: 'Container', id: `checkin_${slot}`, separator: slot > 0, spacing: 'Medium', items };
}

function scoreForm(item: CheckinItemView, slot: number, problem?: CheckinProblem): CardElement[] {
  const { kpi } = item;
  const id = (field: (typeof SCORE_FIELDS)[number]) => checkinInputId(slot, field);
  const typed = (field: (typeof SCORE_FIELDS)[number]) => {
    const value = problem?.values[field];
    return value === undefined || value === null ? undefined : String(value);
  };
  const withError = (input: CardInput, field: (typeof SCORE_FIELDS)[number]): CardElement[] => {
    const message = problem?.fieldErrors[field];
    return message ? [input, fieldError(input.id, message)] : [input];
  };
  const elements: CardElement[] = [];
  const unplaced = problem
    ? Object.keys(problem.fieldErrors).filter((f) => !(SCORE_FIELDS as readonly string[]).includes(f))
    : [];
  if (problem && (unplaced.length > 0 || Object.keys(problem.fieldErrors).length === 0)) {
    elements.push(errorBanner(problem.message));
  }
  elements.push(...withError(scoreValueInput(item.kpi, id('value'), typed('value')), 'value'));
  elements.push(
    ...withError(
      {
        type: 'Input.Text',
        id: id('comment'),
        label: 'Comment',
        isMultiline: true,
        maxLength: 2000,
        placeholder: 'What happened this period? (optional)',
        ...(typed('comment') !== undefined ? { value: typed('comment') } : {}),
      },
      'comment',
    ),
  );
  elements.push(
    ...withError(
      {
        type: 'Input.Text',
        id: id('evidenceUrl'),
        label: kpi.evidenceRequired ? 'Evidence link (required for this KPI)' : 'Evidence link (optional)',
        style: 'Url',
        placeholder: 'https://…',
        ...(kpi.evidenceRequired
          ? {
              isRequired: true,
              errorMessage: 'This KPI needs a link to the evidence (a report, a dashboard, a ticket).',
            }
          : {}),
        ...(typed('evidenceUrl') !== undefined ? { value: typed('evidenceUrl') } : {}),
      },
      'evidenceUrl',
    ),
  );
  const data = { checkinId: item.checkinId, slot, dueAt: new Date(item.dueAt).toISOString() };
  const reasonBoxId = `checkin_${slot}_na`;
  elements.push(
    actionSet([
      actionExecute('submitScore', data),
      toggle('Not applicable…', reasonBoxId),
      actionExecute('snooze', data),
    ]),
  );
  const reasonError = problem?.fieldErrors.reason;
  elements.push({
    type: 'Container',
    id: reasonBoxId,
    // Opened again when the service rejected the reason, so the message is seen next to its input.
    isVisible: reasonError !== undefined,
    items: [
      ...withError(
        {
          type: 'Input.Text',
          id: id('reason'),
          label: 'Why does this KPI not apply this period?',
          isMultiline: true,
          maxLength: 500,
          ...(typed('reason') !== undefined ? { value: typed('reason') } : {}),
        },
        'reason',
      ),
      actionSet([actionExecute('notApplicable', data, 'Mark not applicable')]),
    ],
  });
  return elements;
}

/** The score input fits the KPI: a bounded number for percentages, choices for yes/no and ratings. */
export function scoreValueInput(
  kpi: Pick<CheckinItemView['kpi'], 'kind' | 'unit'>,
  inputId: string,
  typed: string | undefined,
): CardInput {
  const label = `Score (${kpi.unit || kpi.kind})`;
  switch (kpi.kind) {
    case 'percent':
      return withNumber(
        {
          type: 'Input.Number',
          id: inputId,
          label: 'Score (%)',
          min: 0,
          max: 100,
          placeholder: '0–100',
          isRequired: true,
          errorMessage: 'Enter a percentage from 0 to 100.',
        },
        typed,
      );
    case 'yes-no':
      return {
        type: 'Input.ChoiceSet',
        id: inputId,
        label: 'Met this period?',
        style: 'expanded',
        isRequired: true,
        errorMessage: 'Choose yes or no.',
        choices: [
          { title: 'Yes', value: '1' },
          { title: 'No', value: '0' },
        ],
        ...(typed === '1' || typed === '0' ? { value: typed } : {}),
      };
    case 'rating':
      return {
        type: 'Input.ChoiceSet',
        id: inputId,
        label: 'Rating (1 = poor, 5 = excellent)',
        style: 'expanded',
        isRequired: true,
        errorMessage: 'Choose a rating from 1 to 5.',
        choices: ['1', '2', '3', '4', '5'].map((value) => ({ title: value, value })),
        ...(typed && /^[1-5]$/.test(typed) ? { value: typed } : {}),
      };
    case 'currency':
    case 'duration':
      return withNumber(
        { type: 'Input.Number', id: inputId, label, min: 0, isRequired: true, errorMessage: 'Enter a number.' },
        typed,
      );
    default:
      return withNumber(
        { type: 'Input.Number', id: inputId, label, isRequired: true, errorMessage: 'Enter a number.' },
        typed,
      );
  }
}

function withNumber(input: CardInput & { type: 'Input.Number' }, typed: string | undefined): CardInput {
  const value = typed === undefined || typed.trim() === '' ? Number.NaN : Number(typed);
  return Number.isFinite(value) ? { ...input, value } : input;
}
