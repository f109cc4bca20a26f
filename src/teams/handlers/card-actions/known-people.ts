import { isStewardError } from '../../../domain/errors';
import type { Person } from '../../../domain/types';
import type { CardActionArgs } from '../types';

/**
 * Everyone the contract names today (governance roles, escalation path, vendor contacts), read again on
 * the server when a roles or path form is saved, so the ids the form was prefilled with come back as the
 * people they stand for. Nothing about people is taken from the card's data. When the contract cannot be
 * read, the typed ids go to the service as they are (which still validates them); a refusal is the
 * service's to give on the save itself.
 */
export async function knownPeople(args: CardActionArgs, reference: string): Promise<Person[]> {
  try {
    const view = await args.deps.services.kickoff.checklist(args.actor, reference);
    return [
      ...view.roles.flatMap((role) => role.people),
      ...view.escalationPath.flatMap((level) => level.people),
      ...view.vendorContacts,
    ];
  } catch (error) {
    if (!isStewardError(error)) args.deps.logger.warn({ err: error }, 'could not read the people a Teams form names');
    return [];
  }
}
