import type { GovernanceRole } from '../../../domain/types';
import { escalationPathCard } from '../../cards/contract-forms';
import type { CommandHandler } from '../types';
import { currentSetup } from './current-setup';

/** `steward path REF`: who is told at each escalation level and how fast, prefilled with the path as it is. */
export const editEscalationPath: CommandHandler<'path'> = async (args) => {
  const setup = await currentSetup(args, args.command.reference, 'escalation levels');
  const current = (setup.view?.escalationPath ?? []).map((level) => ({
    level: level.level,
    people: level.people,
    ackWithinHours: level.ackWithinHours,
    ...(level.role ? { role: level.role as GovernanceRole } : {}),
  }));
  return { card: escalationPathCard(args.command.reference, current, setup.notice) };
};
