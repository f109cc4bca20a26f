import type { Command, CommandName } from '../../../chat/commands';
import type { CommandHandler } from '../types';
import { acknowledgeKickoff } from './acknowledge-kickoff';
import { auditTrail } from './audit-trail';
import { changeStatus } from './change-status';
import { closeContract } from './close-contract';
import { editEscalationPath } from './edit-escalation-path';
import { editKpi } from './edit-kpi';
import { editRoles } from './edit-roles';
import { exportData } from './export-data';
import { showHelp } from './help';
import { showHome } from './home';
import { importContracts } from './import-contracts';
import { linkChannel } from './link-channel';
import { listContracts } from './list-contracts';
import { listCorrectiveActions } from './list-corrective-actions';
import { listEscalations } from './list-escalations';
import { listKpis } from './list-kpis';
import { listObligations } from './list-obligations';
import { listRisks } from './list-risks';
import { newContract } from './new-contract';
import { newObligation } from './new-obligation';
import { newRisk } from './new-risk';
import { recordDecision } from './record-decision';
import { recordLesson } from './record-lesson';
import { sendCheckins } from './send-checkins';
import { serviceCredits } from './service-credits';
import { setWarnings } from './set-warnings';
import { showCharts } from './show-charts';
import { showCloseout } from './show-closeout';
import { showKickoff } from './show-kickoff';
import { showPortfolio } from './show-portfolio';
import { showScorecard } from './show-scorecard';
import { showValue } from './value';

type Handlers = { [N in CommandName]: CommandHandler<N> };

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
  import: importContracts,
  kickoff: showKickoff,
  acknowledge: acknowledgeKickoff,
  obligations: listObligations,
  obligation: newObligation,
  risks: listRisks,
  risk: newRisk,
  actions: listCorrectiveActions,
  credits: serviceCredits,
  value: showValue,
  closeout: showCloseout,
  lesson: recordLesson,
  close: closeContract,
  audit: auditTrail,
  charts: showCharts,
  portfolio: showPortfolio,
  export: exportData,
  warnings: setWarnings,
  decision: recordDecision,
};

/** The names Teams answers, for the parity test with Slack. */
export const TEAMS_COMMANDS = Object.keys(COMMAND_HANDLERS) as CommandName[];

export function handlerFor(command: Command): CommandHandler<CommandName> {
  return COMMAND_HANDLERS[command.name] as CommandHandler<CommandName>;
}
