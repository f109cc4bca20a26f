import type { EscalationView } from '../../chat/chat-surface';
import { CORRECTIVE_ACTION_FORM, RESOLVE_FORM } from '../../chat/forms';
import { triggerLabel } from '../../chat/labels';
import { actionExecute } from './action-buttons';
import { escalationInputId } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  type CardInput,
  errorBanner,
  facts,
  fieldError,
  formatInstant,
  literal,
  mentionsOf,
  paragraph,
  ragBadge,
  text,
  toggle,
} from './adaptive-card';
import { cardInputId, formInputs } from './form-inputs';
import type { FormProblem } from './forms';

/** A rejected corrective action or resolution, shown again with the service's messages next to the inputs. */
export interface EscalationProblem {
  form: 'corrective-action' | 'resolve';
  message: string;
  fieldErrors: Record<string, string>;
  values: Record<string, unknown>;
}

const CORRECTIVE_FIELDS = CORRECTIVE_ACTION_FORM.fields.map((field) => field.name);
const RESOLVE_FIELDS = ['resolution'] as const;
const ACTION_FORM_ID = 'escalation_corrective_action';
const RESOLVE_FORM_ID = 'escalation_resolve';

export function escalationCard(view: EscalationView, problem?: EscalationProblem): AdaptiveCard {
  const mentions = mentionsOf(view.mention);
  const statusIcon = view.status === 'resolved' ? '✅' : view.status === 'acknowledged' ? '👀' : '🚨';
  const body: CardElement[] = [
    text(`${statusIcon} Escalation · level ${view.level} of ${view.levelCount} · ${view.status}`, {
      weight: 'Bolder',
      color: view.status === 'open' ? 'Attention' : 'Default',
    }),
    paragraph([literal(view.headline, { weight: 'Bolder', size: 'Medium' })], 'None'),
    paragraph([literal(`${view.contractRef} · ${view.contractTitle}`, { isSubtle: true })], 'None'),
    facts([
      { label: 'Trigger', value: triggerLabel(view.trigger) },
      ...view.facts,
      ...(view.ackDueAt && view.status === 'open'
        ? [{ label: 'Acknowledge by', value: formatInstant(view.ackDueAt) }]
        : []),
    ]),
  ];
  if (view.trend.length > 0) {
    body.push(
      paragraph([
        literal('Trend: ', { weight: 'Bolder' }),
        literal(
          view.trend.map((point) => `${point.periodKey} ${point.displayValue} ${ragBadge(point.rag)}`).join('  →  '),
        ),
      ]),
    );
  }
  if (mentions.text) body.push(text(`For: ${mentions.text}`, { spacing: 'Small' }));
  if (view.statusLine) body.push(paragraph([literal(view.statusLine, { italic: true })]));
  if (view.status === 'resolved') return adaptiveCard(body, { mentions: mentions.entities });

  const data = { escalationId: view.escalationId };
  const buttons = [
    ...(view.status === 'open' ? [actionExecute('acknowledgeEscalation', data)] : []),
    toggle('Add corrective action…', ACTION_FORM_ID),
    toggle('Resolve…', RESOLVE_FORM_ID),
  ];
  body.push(actionSet(buttons));

  const actionProblem = problem?.form === 'corrective-action' ? problem : undefined;
  const resolveProblem = problem?.form === 'resolve' ? problem : undefined;
  body.push({
    type: 'Container',
    id: ACTION_FORM_ID,
    isVisible: actionProblem !== undefined,
    separator: true,
    items: [
      ...banner(actionProblem, CORRECTIVE_FIELDS),
      // The people on the escalation are the picker's list where Teams offers no search.
      ...formInputs(CORRECTIVE_ACTION_FORM, {}, formProblemOf(actionProblem), { picker: { known: view.mention } }),
      actionSet([actionExecute('addCorrectiveAction', data)]),
    ],
  });
  body.push({
    type: 'Container',
    id: RESOLVE_FORM_ID,
    isVisible: resolveProblem !== undefined,
    separator: true,
    items: [
      ...banner(resolveProblem, RESOLVE_FIELDS),
      ...withError(
        {
          type: 'Input.Text',
          id: escalationInputId('resolution'),
          label: RESOLVE_FORM.fields[0].label,
          placeholder: RESOLVE_FORM.fields[0].placeholder,
          isMultiline: true,
          maxLength: RESOLVE_FORM.fields[0].maxLength,
          isRequired: true,
          errorMessage: RESOLVE_FORM.fields[0].missing,
          ...typed(resolveProblem, 'resolution'),
        },
        resolveProblem,
        'resolution',
      ),
      actionSet([actionExecute('resolveEscalation', data, 'Resolve escalation')]),
    ],
  });
  return adaptiveCard(body, { mentions: mentions.entities });
}

/** The escalation's problem keyed by the card's input ids, as the shared form inputs place it. */
function formProblemOf(problem: EscalationProblem | undefined): FormProblem | undefined {
  if (!problem) return undefined;
  const byInput = (record: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(record)
        .filter(([, value]) => value !== undefined && value !== null)
        .map(([field, value]) => [cardInputId(CORRECTIVE_ACTION_FORM, field), String(value)]),
    );
  return { message: problem.message, fieldErrors: byInput(problem.fieldErrors), values: byInput(problem.values) };
}

function typed(problem: EscalationProblem | undefined, field: string): { value?: string } {
  const value = problem?.values[field];
  return value === undefined || value === null || value === '' ? {} : { value: String(value) };
}

function withError(input: CardInput, problem: EscalationProblem | undefined, field: string): CardElement[] {
  const message = problem?.fieldErrors[field];
  return message ? [input, fieldError(input.id, message)] : [input];
}

/** The overall message, when no field message says it already. */
function banner(problem: EscalationProblem | undefined, fields: readonly string[]): CardElement[] {
  if (!problem) return [];
  const placed = Object.keys(problem.fieldErrors).filter((field) => fields.includes(field));
  const unplaced = Object.keys(problem.fieldErrors).filter((field) => !fields.includes(field));
  return placed.length > 0 && unplaced.length === 0 ? [] : [errorBanner(problem.message)];
}
