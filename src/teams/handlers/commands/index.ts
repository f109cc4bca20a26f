import type { Command, CommandName } from '../../commands';
import type { CommandHandler } from '../types';
import { changeStatus } from './change-status';
import { editEscalationPath } from './edit-escalation-path';
import { editKpi } from './edit-kpi';
import { editRoles } from './edit-roles';
import { showHelp } from './help';
import { showHome } from './home';
import { linkChannel } from './link-channel';
import { listContracts } from './list-contracts';
import { listEscalations } from './list-escalations';
import { listKpis } from './list-kpis';
import { newContract } from './new-contract';
import { sendCheckins } from './send-checkins';
import { showScorecard } from './show-scorecard';

type Handlers = { [N in CommandName]: CommandHandler<Extract<Command, { name: N }>> };

/** Each `steward …` command and the one function that answers it. */
export const COMMAND_HANDLERS: Handlers = {
  help: showHelp,
  home: showHome,
  list: listContracts,
  scorecard: showScorecard,
  kpis: listKpis,
  checkin: sendCheckins,
  escalations: listEscalations,
  link: linkChannel,
  status: changeStatus,
  new: newContract,
  kpi: editKpi,
  roles: editRoles,
  path: editEscalationPath,
};

export function handlerFor<C extends Command>(command: C): CommandHandler<C> {
  return COMMAND_HANDLERS[command.name] as unknown as CommandHandler<C>;
}
