import { changedInput, RISK_FORM } from '../../../chat/forms';
import { StewardError } from '../../../domain/errors';
import type { RiskView } from '../../../services/service-api';
import { commandButton } from '../../cards/action-buttons';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { actionSet } from '../../cards/adaptive-card';
import { formDoneCard } from '../../cards/contract-forms';
import { cardInputId, cardInputIds, placeFormError, readCardForm } from '../../cards/form-inputs';
import { ratingBadge, riskUpdateCard } from '../../cards/risk-cards';
import type { CardActionArgs, CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { formProblem, formValues } from './form-data';
import { knownPeople } from './known-people';

const INPUT_IDS = cardInputIds(RISK_FORM);

/** "Update" on a risk in the register: the risk's form, filled in as the register holds it now, in place. */
export const openRiskUpdate: CardActionHandler = {
  id: CARD_ACTIONS.riskOpenUpdate,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const risk = await currentRisk(args, reference, requiredId(args.data, 'riskId'));
    return { card: riskUpdateCard(reference, risk, await knownPeople(args, reference)) };
  },
};

/**
 * "Save" on the risk's form: only what changed against the risk as stored now goes to the service, so the audit
 * trail shows the change itself. The form's first values are read again here, never taken from the card.
 */
export const saveRiskUpdate: CardActionHandler = {
  id: CARD_ACTIONS.riskUpdateSave,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const risk = await currentRisk(args, reference, requiredId(args.data, 'riskId'));
    const known = [risk.owner, ...(await knownPeople(args, reference))];
    const typed = readCardForm(RISK_FORM, formValues(args.data, INPUT_IDS), known, { picked: ['owner'] });
    const initial = readCardForm(RISK_FORM, initialTyped(risk), known, { picked: ['owner'] });
    const changes = changedInput(RISK_FORM, typed, initial);
    if (Object.keys(changes).length === 0) {
      return { message: 'Nothing was changed, so nothing was saved.' };
    }
    const updated = await args.deps.services.risks.update(args.actor, risk.id, changes);
    const card = formDoneCard(
      `Updated the risk “${updated.title}” on ${reference}: likelihood ${updated.likelihood} × impact ${updated.impact} = ${updated.score}, ${ratingBadge(updated.rating)}, ${updated.status}. Review on ${updated.reviewDate}.`,
      'The audit trail records what changed.',
    );
    card.body.push(actionSet([commandButton('‹ Back to risks', 'risks', reference)]));
    return { card };
  },
  async onValidationError(args, error) {
    const reference = requiredId(args.data, 'reference');
    const risk = await currentRisk(args, reference, requiredId(args.data, 'riskId'));
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeFormError(RISK_FORM));
    return { card: riskUpdateCard(reference, risk, await knownPeople(args, reference), problem) };
  },
};

async function currentRisk(args: CardActionArgs, reference: string, riskId: string): Promise<RiskView> {
  const risks = await args.deps.services.risks.list(args.actor, reference, { includeClosed: true });
  const risk = risks.find((candidate) => candidate.id === riskId);
  if (!risk)
    throw new StewardError('not_found', 'That risk no longer exists. Type "steward risks" to see the register.');
  return risk;
}

/** The risk as the form showed it, in the card's input ids. */
function initialTyped(risk: RiskView): Record<string, string> {
  const values: Record<string, unknown> = { ...risk, owner: risk.owner.teamsUserId ?? '' };
  return Object.fromEntries(
    RISK_FORM.fields.map((f) => [
      cardInputId(RISK_FORM, f.name),
      values[f.name] === undefined ? '' : String(values[f.name]),
    ]),
  );
}
