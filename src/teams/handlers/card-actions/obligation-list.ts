import { EVIDENCE_FORM, type FieldValues, WAIVE_FORM } from '../../../chat/forms';
import type { StewardError } from '../../../domain/errors';
import { cardFormValues, readCardForm, underIds } from '../../cards/form-inputs';
import type { ItemProblem } from '../../cards/forms';
import { obligationListCard } from '../../cards/obligation-cards';
import { mayDecideOutcomes } from '../commands/list-obligations';
import type { CardActionArgs, CardActionOutcome } from '../types';
import { requiredId } from './card-data';

/** The obligation a button on the obligations card is about, and where its inputs were on that card. */
export function obligationTarget(data: Record<string, unknown>) {
  const slot = Number(data.slot ?? 0);
  return {
    reference: requiredId(data, 'reference'),
    obligationId: requiredId(data, 'obligationId'),
    slot: Number.isInteger(slot) && slot >= 0 ? slot : 0,
  };
}

/** What was typed under the obligation, by the service's field name. */
export function obligationTyped(data: Record<string, unknown>, slot: number): FieldValues {
  // The shared evidence and waiver forms, under this obligation's own input ids on the card (`ob2_url`).
  const onCard = underIds({ ...EVIDENCE_FORM, fields: [...EVIDENCE_FORM.fields, ...WAIVE_FORM.fields] }, `ob${slot}`);
  return readCardForm(onCard, cardFormValues(onCard, data));
}

/** The obligations card drawn again from the service: what changed on top, or the rejected form opened. */
export async function redrawObligations(
  args: CardActionArgs,
  reference: string,
  options: { notice?: string; problem?: ItemProblem },
): Promise<CardActionOutcome> {
  const obligations = await args.deps.services.obligations.list(args.actor, reference);
  if (options.problem && !obligations.some((obligation) => obligation.id === options.problem?.itemId)) {
    return { message: options.problem.message };
  }
  return {
    card: obligationListCard(reference, obligations, { canDecide: mayDecideOutcomes(args.actor), ...options }),
  };
}

/** A rejected evidence or outcome: the card again, the typed values kept, each message under its input. */
export async function rejectedObligation(args: CardActionArgs, error: StewardError): Promise<CardActionOutcome> {
  const target = obligationTarget(args.data);
  const fieldErrors: Record<string, string> = {};
  // setOutcome names the link `evidenceUrl`, addEvidence `url`: one input on the card.
  for (const [path, message] of Object.entries(error.fieldErrors))
    fieldErrors[path === 'evidenceUrl' ? 'url' : path] = message;
  const values = Object.fromEntries(
    Object.entries(obligationTyped(args.data, target.slot)).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  return redrawObligations(args, target.reference, {
    problem: { itemId: target.obligationId, message: error.userMessage, fieldErrors, values },
  });
}
