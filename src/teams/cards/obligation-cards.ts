import { CORRECTIVE_ACTION_FORM, EVIDENCE_FORM, OBLIGATION_FORM, WAIVE_FORM } from '../../chat/forms';
import { itemNeighbours, obligationOrder, pagedSuffix, pageItems } from '../../chat/item-paging';
import type { ObligationOutcome, Person } from '../../domain/types';
import type { ObligationView } from '../../services/service-api';
import { actionExecute, commandButton, pagingButtons } from './action-buttons';
import { CARD_ACTIONS } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardAction,
  type CardElement,
  type Container,
  execute,
  formatInstant,
  heading,
  literal,
  paragraph,
  personName,
  text,
  toggle,
} from './adaptive-card';
import { notice } from './card-text';
import { formInputs, underIds } from './form-inputs';
import { type FormProblem, formBanner, type ItemProblem, inputIdsOf, itemBanner } from './forms';

/** `steward obligation REF`: what is owed, by whom, by when, and how often. */
export function obligationFormCard(reference: string, problem?: FormProblem): AdaptiveCard {
  const fields = formInputs(OBLIGATION_FORM, { kind: 'report', recurrence: 'none' }, problem);
  return adaptiveCard([
    paragraph([literal(`📌 New obligation on ${reference}`, { weight: 'Bolder', size: 'Medium' })]),
    text('Its owner is reminded before the due date; an obligation still open after it escalates.', {
      isSubtle: true,
    }),
    ...formBanner(problem, inputIdsOf(fields)),
    ...fields,
    actionSet([execute(OBLIGATION_FORM.submit, { action: CARD_ACTIONS.obligationCreate, reference }, 'positive')]),
  ]);
}

const OUTCOME_LABELS: Record<ObligationOutcome, string> = {
  open: '⏳ Open',
  'fulfilled-on-time': '✅ Fulfilled on time',
  'fulfilled-late': '☑️ Fulfilled late',
  'not-fulfilled': '❌ Not fulfilled',
  waived: '➖ Waived',
};

export function outcomeLabel(obligation: Pick<ObligationView, 'outcome' | 'overdue'>): string {
  return obligation.overdue ? '⚠️ Overdue' : OUTCOME_LABELS[obligation.outcome];
}

/** Open obligations each get a form; more would outgrow a card. */
const ITEM_FIELDS = ['url', 'note', 'waivedReason'] as const;

export interface ObligationListOptions {
  /** Outcomes are a manager's to set; vendors and people in shared places only add evidence. */
  canDecide: boolean;
  notice?: string;
  problem?: ItemProblem;
  /** Where the page starts (src/chat/item-paging.ts). */
  offset?: number;
}

/**
 * `steward obligations REF`: open obligations first, each with a form to add evidence or close it
 * (fulfilled, not fulfilled, waived with a reason), then the closed ones.
 */
export function obligationListCard(
  reference: string,
  obligations: readonly ObligationView[],
  options: ObligationListOptions,
): AdaptiveCard {
  const open = obligations.filter((obligation) => obligation.outcome === 'open').length;
  const closed = obligations.length - open;
  // Open ones first (overdue first), then closed, in the order both surfaces page them (src/chat/item-paging.ts).
  const page = pageItems(obligationOrder(obligations), 'obligations', options.offset);
  const body: CardElement[] = [
    ...notice(options.notice),
    paragraph([
      literal(`📌 Obligations of ${reference} (${open} open, ${closed} closed)${pagedSuffix(page)}`, {
        weight: 'Bolder',
        size: 'Medium',
      }),
    ]),
  ];
  if (obligations.length === 0) {
    body.push(paragraph([literal(`None yet. "steward obligation ${reference}" adds one.`, { isSubtle: true })]));
  }
  page.items
    .filter((obligation) => obligation.outcome === 'open')
    .forEach((obligation, slot) => {
      const problem = options.problem?.itemId === obligation.id ? options.problem : undefined;
      body.push(openObligation(reference, obligation, slot, options.canDecide, problem));
    });
  const closedHere = page.items.filter((obligation) => obligation.outcome !== 'open');
  if (closedHere.length > 0) body.push(heading('Closed'));
  for (const obligation of closedHere) body.push(closedObligation(reference, obligation, options.canDecide));
  const paging = pagingButtons(itemNeighbours(page, { list: 'obligations', reference }));
  if (paging.length > 0) body.push(actionSet(paging));
  return adaptiveCard(body);
}

function summary(obligation: ObligationView): CardElement[] {
  const recurs = obligation.recurrence === 'none' ? '' : ` · recurs ${obligation.recurrence}`;
  const lines: CardElement[] = [
    paragraph([
      literal(`${obligation.title} `, { weight: 'Bolder' }),
      literal(`(${obligation.kind})  `, { isSubtle: true }),
      literal(outcomeLabel(obligation), {
        weight: 'Bolder',
        color: obligation.overdue || obligation.outcome === 'not-fulfilled' ? 'Attention' : 'Default',
      }),
    ]),
    paragraph(
      [
        literal(
          `owed by ${personName(obligation.owner)} · due ${obligation.dueDate}${recurs} · ${obligation.evidence.length} evidence item${obligation.evidence.length === 1 ? '' : 's'}`,
          { isSubtle: true },
        ),
      ],
      'None',
    ),
  ];
  if (obligation.description) lines.push(paragraph([literal(obligation.description)], 'None'));
  const last = obligation.evidence.at(-1);
  if (last) {
    lines.push(
      paragraph(
        [
          literal('Latest evidence: ', { isSubtle: true }),
          literal([last.url, last.note].filter(Boolean).join(' · ')),
          literal(` (${personName(last.by)}, ${formatInstant(last.at)})`, { isSubtle: true }),
        ],
        'None',
      ),
    );
  }
  return lines;
}

function openObligation(
  reference: string,
  obligation: ObligationView,
  slot: number,
  canDecide: boolean,
  problem?: ItemProblem,
): Container {
  const formId = `obligation_${slot}_form`;
  const data = { reference, obligationId: obligation.id, slot };
  // The shared evidence and waiver forms (src/chat/forms.ts) under this obligation's input ids (`ob2_url`).
  const onCard = problem ? itemOnCard(problem, slot) : undefined;
  const form: CardElement[] = [
    ...itemBanner(problem, ITEM_FIELDS),
    ...formInputs(underIds(EVIDENCE_FORM, `ob${slot}`), {}, onCard),
  ];
  const buttons = [actionExecute('addEvidence', data)];
  const summaryButtons: CardAction[] = [toggle(canDecide ? 'Evidence or outcome…' : 'Add evidence…', formId)];
  if (canDecide && obligation.overdue) summaryButtons.push(planButton(reference, obligation));
  if (canDecide) {
    // Sent by every button of the obligation, so not required on the card: the service asks for it to waive.
    form.push(...formInputs(underIds(WAIVE_FORM, `ob${slot}`), {}, onCard, { required: false }));
    buttons.push(
      actionExecute('obligationFulfilled', data),
      actionExecute('obligationNotFulfilled', data),
      actionExecute('waiveObligation', data),
    );
  }
  form.push(actionSet(buttons));
  return {
    type: 'Container',
    id: `obligation_${slot}`,
    separator: true,
    spacing: 'Medium',
    items: [
      ...summary(obligation),
      actionSet(summaryButtons),
      // Opened again when the service rejected what was typed, so the message is seen next to its input.
      { type: 'Container', id: formId, isVisible: problem !== undefined, items: form },
    ],
  };
}

/** The item's problem keyed by this obligation's input ids, as the shared form inputs place it. */
function itemOnCard(problem: ItemProblem, slot: number): FormProblem {
  const byInput = (record: Record<string, string>) =>
    Object.fromEntries(Object.entries(record).map(([field, value]) => [`ob${slot}_${field}`, value]));
  return { message: problem.message, fieldErrors: byInput(problem.fieldErrors), values: byInput(problem.values) };
}

/** For an obligation overdue or not fulfilled: the corrective-action form in place of the list (planActionCard). */
function planButton(reference: string, obligation: ObligationView) {
  return execute(
    'Plan corrective action…',
    { action: CARD_ACTIONS.obligationPlanOpen, reference, obligationId: obligation.id },
    undefined,
    { associatedInputs: 'none' },
  );
}

/**
 * "Plan corrective action…": the shared corrective-action form for an obligation that was missed, the person
 * planning it as owner and two weeks as the due date to start from; "‹ Back to obligations" leaves it unsaved.
 */
export function planActionCard(
  reference: string,
  obligation: ObligationView,
  defaults: { owner?: string; dueDate: string },
  known: readonly Person[],
  problem?: FormProblem,
): AdaptiveCard {
  const fields = formInputs(CORRECTIVE_ACTION_FORM, defaults, problem, { picker: { known } });
  return adaptiveCard([
    paragraph([
      literal(`🛠️ Corrective action for “${obligation.title}” on ${reference}`, { weight: 'Bolder', size: 'Medium' }),
    ]),
    paragraph([literal(`${outcomeLabel(obligation)} · was due ${obligation.dueDate}`, { isSubtle: true })], 'None'),
    ...formBanner(problem, inputIdsOf(fields)),
    ...fields,
    actionSet([
      actionExecute('planCorrectiveAction', { reference, obligationId: obligation.id }),
      commandButton('‹ Back to obligations', 'obligations', reference),
    ]),
  ]);
}

function closedObligation(reference: string, obligation: ObligationView, canDecide: boolean): Container {
  const items = summary(obligation);
  if (canDecide && obligation.outcome === 'not-fulfilled') items.push(actionSet([planButton(reference, obligation)]));
  const who = obligation.waivedBy ?? obligation.outcomeBy;
  if (who) {
    items.push(
      paragraph(
        [
          literal(
            `${obligation.outcome === 'waived' ? 'Waived' : 'Closed'} by ${personName(who)}${obligation.waivedReason ? `: ${obligation.waivedReason}` : ''}`,
            { isSubtle: true },
          ),
        ],
        'None',
      ),
    );
  }
  return { type: 'Container', separator: true, spacing: 'Small', items };
}
