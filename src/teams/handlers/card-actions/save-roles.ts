import { GOVERNANCE_ROLES, type GovernanceRole } from '../../../domain/types';
import { CARD_ACTIONS, formInputId } from '../../cards/action-ids';
import { formDoneCard, rolesFormCard } from '../../cards/contract-forms';
import { type PersonOrToken, peopleInput } from '../../people-text';
import type { CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { formProblem, formValues, type Placement, splitPath } from './form-data';
import { knownPeople } from './known-people';

const INPUT_IDS = GOVERNANCE_ROLES.map((role) => formInputId('roles', role));

/** setGovernance's input: each role that names anyone, people as typed or as they were prefilled. */
export function governanceInput(
  values: Record<string, string>,
  known: Parameters<typeof peopleInput>[1],
): Partial<Record<GovernanceRole, PersonOrToken[]>> {
  const input: Partial<Record<GovernanceRole, PersonOrToken[]>> = {};
  for (const role of GOVERNANCE_ROLES) {
    const people = peopleInput(values[formInputId('roles', role)], known);
    if (people.length > 0) input[role] = people;
  }
  return input;
}

export function placeRolesError(path: string): Placement {
  const { head, index } = splitPath(path);
  if (!(GOVERNANCE_ROLES as readonly string[]).includes(head)) return undefined;
  return { inputId: formInputId('roles', head), ...(index === undefined ? {} : { person: index }) };
}

/** "Save roles" on the form `steward roles REF` posted. */
export const saveRoles: CardActionHandler = {
  id: CARD_ACTIONS.rolesSave,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const input = governanceInput(formValues(args.data, INPUT_IDS), await knownPeople(args, reference));
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
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeRolesError);
    return { card: rolesFormCard(requiredId(args.data, 'reference'), {}, problem) };
  },
};
