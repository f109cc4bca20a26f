import type { CheckinItemView, CheckinPromptView } from '../../chat/chat-surface';
import { NOT_APPLICABLE_FORM, scoreForm as sharedScoreForm } from '../../chat/forms';
import { formatValue } from '../../domain/format';
import { actionExecute, commandButton } from './action-buttons';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  type Container,
  errorBanner,
  facts,
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
import { formInputs, underIds } from './form-inputs';
import type { FormProblem } from './forms';

/** A rejected answer to show again: which check-in, the service's messages by field, and what was typed. */
export interface CheckinProblem {
  checkinId: string;
  message: string;
  fieldErrors: Record<string, string>;
  values: Record<string, unknown>;
}

const SCORE_FIELDS = ['value', 'comment', 'evidenceUrl', 'reason'] as const;

/** The check-in prompt: one section per check-in, each with a score form typed to its KPI kind while open. */
export function checkinPromptCard(
  prompt: CheckinPromptView,
  problem?: CheckinProblem,
  view: { timeZone?: string } = {},
): AdaptiveCard {
  const mentions = mentionsOf(prompt.addressees);
  const count = prompt.items.length;
  const intro = prompt.reminder
    ? `⏰ Reminder: ${count === 1 ? 'this check-in is' : `these ${count} check-ins are`} still waiting for an answer.`
    : `📋 ${count === 1 ? 'A check-in is' : `${count} check-ins are`} due.`;
  const body: CardElement[] = [text(mentions.text ? `${intro} ${mentions.text}` : intro, { weight: 'Bolder' })];
  prompt.items.forEach((item, slot) => {
    body.push(checkinSection(item, slot, problem?.checkinId === item.checkinId ? problem : undefined, view.timeZone));
  });
  // Home is one of the commands a button may run (run-command.ts), shown in place like the welcome's.
  if (prompt.returnTo === 'home') body.push(actionSet([commandButton('‹ Back to home', 'home')]));
  return adaptiveCard(body, { mentions: mentions.entities });
}

function checkinSection(
  item: CheckinItemView,
  slot: number,
  problem: CheckinProblem | undefined,
  timeZone: string | undefined,
): Container {
  const when = (at: Date) => formatInstant(at, timeZone);
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
      { label: 'Due', value: when(item.dueAt) },
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
          [literal(`by ${personName(state.answeredBy)} · ${when(state.answeredAt)}`, { isSubtle: true })],
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
          [literal(`by ${personName(state.answeredBy)} · ${when(state.answeredAt)}`, { isSubtle: true })],
          'None',
        ),
      );
      break;
    case 'missed':
      items.push(text('⛔ Missed: the answer window has closed.', { color: 'Attention', weight: 'Bolder' }));
      break;
    case 'snoozed':
      items.push(text(`💤 Snoozed until ${when(state.until)}. You can still answer now.`, { isSubtle: true }));
      items.push(...scoreForm(item, slot, problem));
      break;
    case 'open':
      items.push(...scoreForm(item, slot, problem));
      break;
  }
  return { type: 'Container', id: `checkin_${slot}`, separator: slot > 0, spacing: 'Medium', items };
}

function scoreForm(item: CheckinItemView, slot: number, problem?: CheckinProblem): CardElement[] {
  // The shared forms (src/chat/forms.ts) under this check-in's own input ids (`s0_value`): a grouped prompt holds
  // one per check-in, and Teams sends every input of the card.
  const answer = underIds(sharedScoreForm(item.kpi), `s${slot}`);
  const reason = underIds(NOT_APPLICABLE_FORM, `s${slot}`);
  const onCard = problem ? cardProblem(problem, slot) : undefined;
  const elements: CardElement[] = [];
  const unplaced = problem
    ? Object.keys(problem.fieldErrors).filter((f) => !(SCORE_FIELDS as readonly string[]).includes(f))
    : [];
  if (problem && (unplaced.length > 0 || Object.keys(problem.fieldErrors).length === 0)) {
    elements.push(errorBanner(problem.message));
  }
  elements.push(...formInputs(answer, {}, onCard));
  const data = { checkinId: item.checkinId, slot, dueAt: new Date(item.dueAt).toISOString() };
  const reasonBoxId = `checkin_${slot}_na`;
  elements.push(
    actionSet([
      actionExecute('submitScore', data),
      toggle('Not applicable…', reasonBoxId),
      actionExecute('snooze', data),
    ]),
  );
  elements.push({
    type: 'Container',
    id: reasonBoxId,
    // Opened again when the service rejected the reason, so the message is seen next to its input.
    isVisible: problem?.fieldErrors.reason !== undefined,
    items: [
      ...formInputs(reason, {}, onCard, { required: false }),
      actionSet([actionExecute('notApplicable', data, NOT_APPLICABLE_FORM.submit)]),
    ],
  });
  return elements;
}

/** The check-in's problem keyed by this slot's input ids, as the shared form inputs place it. */
function cardProblem(problem: CheckinProblem, slot: number): FormProblem {
  const byInput = (record: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(record)
        .filter(([, value]) => value !== undefined && value !== null)
        .map(([field, value]) => [`s${slot}_${field}`, String(value)]),
    );
  return { message: problem.message, fieldErrors: byInput(problem.fieldErrors), values: byInput(problem.values) };
}
