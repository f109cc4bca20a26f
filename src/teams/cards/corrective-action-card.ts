import type { ActionsOn } from '../../chat/actions';
import { STEP_NOTE_FORM } from '../../chat/forms';
import { correctiveActionOrder, itemNeighbours, pagedSuffix, pageItems } from '../../chat/item-paging';
import type { CorrectiveActionStatus } from '../../domain/types';
import type { CorrectiveActionView } from '../../services/service-api';
import { actionExecute, pagingButtons } from './action-buttons';
import { correctiveActionInputId } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardAction,
  type CardElement,
  type Container,
  formatInstant,
  heading,
  literal,
  paragraph,
  personName,
  text,
  toggle,
} from './adaptive-card';
import { notice } from './card-text';
import { type ItemProblem, itemBanner, itemField } from './forms';

const FINISHED: ReadonlySet<CorrectiveActionStatus> = new Set(['closed', 'cancelled']);

/** A status an action may move to: `planned` is where every action starts, never a step. */
export type CorrectiveActionStep = Exclude<CorrectiveActionStatus, 'planned'>;

/** The button (card action id) for each step, as on Slack. */
/** The shared button (src/chat/actions.ts) that takes a corrective action to each step. */
export const STEP_ACTIONS = {
  approved: 'approveCorrectiveAction',
  'in-progress': 'startCorrectiveAction',
  verified: 'verifyCorrectiveAction',
  closed: 'closeCorrectiveAction',
  cancelled: 'cancelCorrectiveAction',
} as const satisfies Record<CorrectiveActionStep, ActionsOn<'teams'>>;

const STATUS_LABELS: Record<CorrectiveActionStatus, string> = {
  planned: '📝 Planned',
  approved: '👍 Approved',
  'in-progress': '🔧 In progress',
  verified: '🔍 Verified',
  closed: '✅ Closed',
  cancelled: '✖️ Cancelled',
};

/**
 * `steward actions REF`: corrective actions with a button for each step they may take next
 * (plan → approve → start → verify → close, or cancel with a note; a verified fix that did not hold
 * is reopened). The service decides who may take each step.
 */
export function correctiveActionListCard(
  reference: string,
  actions: readonly CorrectiveActionView[],
  options: { all?: boolean; notice?: string; problem?: ItemProblem; offset?: number } = {},
): AdaptiveCard {
  const open = actions.filter((action) => !FINISHED.has(action.status)).length;
  const finished = actions.length - open;
  // Unfinished first, then done, in the order both surfaces page them (src/chat/item-paging.ts).
  const page = pageItems(correctiveActionOrder(actions), 'actions', options.offset);
  const body: CardElement[] = [
    ...notice(options.notice),
    paragraph([
      literal(`🛠️ Corrective actions of ${reference} (${open} open, ${finished} done)${pagedSuffix(page)}`, {
        weight: 'Bolder',
        size: 'Medium',
      }),
    ]),
  ];
  if (actions.length === 0) {
    body.push(
      text('None yet: they are planned on escalations and on obligations that were not met.', { isSubtle: true }),
    );
  }
  page.items
    .filter((action) => !FINISHED.has(action.status))
    .forEach((action, slot) => {
      const problem = options.problem?.itemId === action.id ? options.problem : undefined;
      body.push(openAction(reference, action, slot, options.all === true, problem));
    });
  const doneHere = page.items.filter((action) => FINISHED.has(action.status));
  if (doneHere.length > 0) body.push(heading('Done'));
  for (const action of doneHere) {
    body.push({ type: 'Container', separator: true, spacing: 'Small', items: summary(action) });
  }
  const paging = pagingButtons(
    itemNeighbours(page, { list: 'actions', reference, ...(options.all ? { all: true } : {}) }),
  );
  if (paging.length > 0) body.push(actionSet(paging));
  return adaptiveCard(body);
}

function summary(action: CorrectiveActionView): CardElement[] {
  const origin = [
    action.kpiKey && `KPI ${action.kpiKey}`,
    action.obligationId && 'an obligation',
    action.escalationId && 'an escalation',
  ]
    .filter(Boolean)
    .join(', ');
  const last = action.history.at(-1);
  return [
    paragraph([
      literal(`${action.action}  `, { weight: 'Bolder' }),
      literal(STATUS_LABELS[action.status], { weight: 'Bolder' }),
    ]),
    paragraph(
      [
        literal(`owner ${personName(action.owner)} · due ${action.dueDate}${origin ? ` · for ${origin}` : ''}`, {
          isSubtle: true,
        }),
      ],
      'None',
    ),
    ...(last
      ? [
          paragraph(
            [
              literal(
                `${last.to} by ${personName(last.by)}, ${formatInstant(last.at)}${last.note ? `: ${last.note}` : ''}`,
                {
                  isSubtle: true,
                },
              ),
            ],
            'None',
          ),
        ]
      : []),
  ];
}

function stepTitle(from: CorrectiveActionStatus, to: CorrectiveActionStep): string {
  switch (to) {
    case 'approved':
      return 'Approve';
    case 'in-progress':
      return from === 'verified' ? 'Reopen' : 'Start';
    case 'verified':
      return 'Verify';
    case 'closed':
      return 'Close';
    case 'cancelled':
      return 'Cancel action';
  }
}

function openAction(
  reference: string,
  action: CorrectiveActionView,
  slot: number,
  all: boolean,
  problem?: ItemProblem,
): Container {
  // `all` draws the same list again after the step.
  const data = { reference, actionId: action.id, slot, all };
  const noteBoxId = `action_${slot}_note`;
  const step = (to: CorrectiveActionStep) => actionExecute(STEP_ACTIONS[to], data, stepTitle(action.status, to));
  const buttons: CardAction[] = action.nextSteps
    .filter((to): to is Exclude<CorrectiveActionStep, 'cancelled'> => to !== 'cancelled' && to !== 'planned')
    .map((to) => step(to));
  const canCancel = action.nextSteps.includes('cancelled');
  buttons.push(toggle(canCancel ? 'Note or cancel…' : 'Note…', noteBoxId));
  return {
    type: 'Container',
    id: `action_${slot}`,
    separator: true,
    spacing: 'Medium',
    items: [
      ...summary(action),
      actionSet(buttons),
      {
        type: 'Container',
        id: noteBoxId,
        isVisible: problem !== undefined,
        items: [
          ...itemBanner(problem, ['note']),
          ...itemField(
            {
              type: 'Input.Text',
              id: correctiveActionInputId(slot, 'note'),
              label: canCancel
                ? 'Note (sent with the next step; required to cancel)'
                : 'Note (sent with the next step)',
              isMultiline: true,
              maxLength: STEP_NOTE_FORM.fields[0].maxLength,
            },
            'note',
            problem,
          ),
          ...(canCancel ? [actionSet([step('cancelled')])] : []),
        ],
      },
    ],
  };
}
