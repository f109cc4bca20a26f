import { StewardError } from '../../../domain/errors';
import type { Person } from '../../../domain/types';
import { type PersonOrToken, peopleInput } from '../../people-text';

/**
 * The one person typed into an owner field: a person the contract already knows (so a typed email keeps
 * their name and chat identities), else the token as typed for the service to judge. Two people in one
 * field is refused under it before anything is asked of the service.
 */
export function onePerson(
  text: string | undefined,
  known: readonly Person[],
  field = 'owner',
): PersonOrToken | undefined {
  const people = peopleInput(text, known);
  if (people.length > 1) {
    const message = 'Name one person: an email or a Microsoft Entra object id.';
    throw new StewardError('validation', message, { fieldErrors: { [field]: message } });
  }
  return people[0];
}
