import type { CommandName } from '../../../chat/commands';
import { closestChoices, isChoosable } from '../../../chat/contract-choices';
import { isStewardError } from '../../../domain/errors';
import type { Actor } from '../../../services/service-api';
import { contractChoicesCard } from '../../cards/contract-choices-card';
import type { Reply, TeamsHandlerDeps } from '../types';

/** For a command given none or part of a reference: the contracts it may mean, or undefined when none match. */
export async function choicesFor(
  deps: TeamsHandlerDeps,
  actor: Actor,
  command: CommandName | undefined,
  words: string[] | undefined,
): Promise<Reply | undefined> {
  if (!words || !isChoosable(command)) return undefined;
  const page = await deps.services.contracts.list(actor, { words });
  return page.total > 0 ? { card: contractChoicesCard(command, page, { words }) } : undefined;
}

/** For a reference that does not exist: the closest contracts; undefined when the error is about something else. */
export async function closestFor(
  deps: TeamsHandlerDeps,
  actor: Actor,
  command: CommandName,
  reference: string | undefined,
  error: unknown,
): Promise<Reply | undefined> {
  if (!isStewardError(error) || error.code !== 'not_found' || !reference || !isChoosable(command)) return undefined;
  const found = await closestChoices(reference, (words) => deps.services.contracts.list(actor, { words }));
  return found ? { card: contractChoicesCard(command, found.page, found.asked) } : undefined;
}
