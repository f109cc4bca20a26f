import { formInput, ROLES_FORM } from '../../../chat/forms';
import { GOVERNANCE_ROLES } from '../../../domain/types';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { formDoneCard, rolesFormCard } from '../../cards/contract-forms';
import { cardInputIds, placeFormError, readCardForm } from '../../cards/form-inputs';
import type { CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { formProblem, formValues } from './form-data';
import { knownPeople } from './known-people';

const INPUT_IDS = cardInputIds(ROLES_FORM);

/** "Save roles" on the form `steward roles REF` posted. */
export const saveRoles: CardActionHandler = {
  id: CARD_ACTIONS.rolesSave,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const known = await knownPeople(args, reference);
    const input = formInput(ROLES_FORM, readCardForm(ROLES_FORM, formValues(args.data, INPUT_IDS), known));
    const contract = await args.deps.services.contracts.setGovernance(args.actor, reference, input);
    const held = GOVERNANCE_ROLES.filter((role) => (contract.governance[role] ?? []).length > 0);
    return {
      card: formDoneCard(
        `Saved the governance roles of ${contract.reference}: ${held.join(', ') || 'none'}.`,
        `"steward path ${contract.reference}" sets who is told when something escalates.`,
      ),
    };
  },
  async onValidationError(args, error) {
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeFormError(ROLES_FORM));
    return { card: rolesFormCard(requiredId(args.data, 'reference'), {}, problem) };
  },
};
