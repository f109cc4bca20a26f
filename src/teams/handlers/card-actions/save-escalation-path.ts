import { CARD_ACTIONS, pathInputId } from '../../cards/action-ids';
import { ESCALATION_FORM_LEVELS, escalationPathCard, formDoneCard } from '../../cards/contract-forms';
import { peopleInput } from '../../people-text';
import type { CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { compact, formProblem, formValues, type Placement, splitPath } from './form-data';
import { knownPeople } from './known-people';

const FORM_LEVELS = Array.from({ length: ESCALATION_FORM_LEVELS }, (_, index) => index + 1);
const INPUT_IDS = FORM_LEVELS.flatMap((level) =>
  (['people', 'role', 'hours'] as const).map((part) => pathInputId(level, part)),
);

/**
 * setEscalationPath's input: `{ levels }`, one entry per form level with anything entered, numbered as on
 * the form (a gap is the service's to refuse, with a message under the level out of place). Also returns
 * which form level each entry came from, to place the service's `levels.N…` messages.
 */
export function escalationPathInput(
  values: Record<string, string>,
  known: Parameters<typeof peopleInput>[1],
): { input: { levels: Array<Record<string, unknown>> }; formLevels: number[] } {
  const levels: Array<Record<string, unknown>> = [];
  const formLevels: number[] = [];
  for (const level of FORM_LEVELS) {
    const people = peopleInput(values[pathInputId(level, 'people')], known);
    const role = values[pathInputId(level, 'role')];
    const hours = values[pathInputId(level, 'hours')];
    if (people.length === 0 && role === undefined && hours === undefined) continue;
    levels.push(compact({ level, people, role, ackWithinHours: hours }));
    formLevels.push(level);
  }
  return { input: { levels }, formLevels };
}

/** `levels.1.ackWithinHours` → the hours of the second level entered; `levels.0.people.2` → its third person. */
export function placePathError(formLevels: readonly number[]) {
  return (path: string): Placement => {
    const { head, index, rest } = splitPath(path);
    if ((head !== 'levels' && head !== 'escalationPath') || index === undefined) return undefined;
    const level = formLevels[index];
    if (level === undefined) return undefined;
    const { head: part, index: person } = splitPath(rest ?? 'people');
    if (part === 'ackWithinHours') return { inputId: pathInputId(level, 'hours') };
    if (part === 'role') return { inputId: pathInputId(level, 'role') };
    return { inputId: pathInputId(level, 'people'), ...(part === 'people' && person !== undefined ? { person } : {}) };
  };
}

/** "Save escalation path" on the form `steward path REF` posted. */
export const saveEscalationPath: CardActionHandler = {
  id: CARD_ACTIONS.escalationPathSave,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const { input } = escalationPathInput(formValues(args.data, INPUT_IDS), await knownPeople(args, reference));
    const contract = await args.deps.services.contracts.setEscalationPath(args.actor, reference, input);
    const levels = contract.escalationPath.length;
    return {
      card: formDoneCard(
        `Saved the escalation path of ${contract.reference} (${levels} level${levels === 1 ? '' : 's'}).`,
        `"steward escalations ${contract.reference}" shows what is escalated now.`,
      ),
    };
  },
  async onValidationError(args, error) {
    const values = formValues(args.data, INPUT_IDS);
    const { formLevels } = escalationPathInput(values, []);
    const problem = formProblem(error, values, placePathError(formLevels));
    return { card: escalationPathCard(requiredId(args.data, 'reference'), [], problem) };
  },
};
