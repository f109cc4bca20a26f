import { GOVERNANCE_ROLES, type Governance, type GovernanceRole } from '../../../domain/types';
import { rolesFormCard } from '../../cards/contract-forms';
import type { CommandHandler } from '../types';
import { currentSetup } from './current-setup';

/** `steward roles REF`: who holds each governance role, prefilled with who holds it now. */
export const editRoles: CommandHandler<'roles'> = async (args) => {
  const setup = await currentSetup(args, args.command.reference, 'roles');
  const current: Governance = {};
  for (const { role, people } of setup.view?.roles ?? []) {
    if ((GOVERNANCE_ROLES as readonly string[]).includes(role)) current[role as GovernanceRole] = people;
  }
  return { card: rolesFormCard(args.command.reference, current, setup.notice) };
};
