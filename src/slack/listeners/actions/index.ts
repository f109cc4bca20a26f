import type { App, BlockAction, ButtonAction, ExternalSelectAction } from '@slack/bolt';
import type { ActionsOn } from '../../../chat/actions';
import type { SlackDeps } from '../../deps';
import { ACTION, SLACK_ACTION_IDS } from '../../ids';
import { homeRefresh } from '../home/home-refresh';
import { checkinNotApplicable } from './checkin-not-applicable';
import { checkinOpenScore } from './checkin-open-score';
import { checkinSnooze } from './checkin-snooze';
import { contractImportFile } from './contract-import-file';
import { contractListPage } from './contract-list-page';
import { contractPick } from './contract-pick';
import { contractPickerChoose } from './contract-picker-choose';
import { correctiveActionCancel } from './corrective-action-cancel';
import { correctiveActionStep } from './corrective-action-step';
import { escalationAcknowledge } from './escalation-acknowledge';
import { escalationAddAction } from './escalation-add-action';
import { escalationResolve } from './escalation-resolve';
import { kickoffAcknowledge } from './kickoff-acknowledge';
import { obligationAddEvidence } from './obligation-add-evidence';
import { obligationPlanAction } from './obligation-plan-action';
import { obligationSetOutcome } from './obligation-set-outcome';
import { obligationWaive } from './obligation-waive';
import { riskPostHeatMap } from './risk-post-heat-map';
import { riskUpdate } from './risk-update';
import { scoreCorrect } from './score-correct';
import { valueRecord } from './value-record';

type ButtonListener = ReturnType<typeof checkinSnooze>;

/** Each button of the shared table (src/chat/actions.ts) and what answers it on Slack; one missing does not compile. */
const LISTENERS: { [N in ActionsOn<'slack'>]: (deps: SlackDeps) => ButtonListener } = {
  submitScore: checkinOpenScore,
  notApplicable: checkinNotApplicable,
  snooze: checkinSnooze,
  correctScore: scoreCorrect,
  acknowledgeEscalation: escalationAcknowledge,
  addCorrectiveAction: escalationAddAction,
  resolveEscalation: escalationResolve,
  acknowledgeKickoff: kickoffAcknowledge,
  addEvidence: obligationAddEvidence,
  obligationFulfilled: (deps) => obligationSetOutcome(deps, 'fulfilled'),
  obligationNotFulfilled: (deps) => obligationSetOutcome(deps, 'not-fulfilled'),
  waiveObligation: obligationWaive,
  approveCorrectiveAction: (deps) => correctiveActionStep(deps, 'approved'),
  startCorrectiveAction: (deps) => correctiveActionStep(deps, 'in-progress'),
  verifyCorrectiveAction: (deps) => correctiveActionStep(deps, 'verified'),
  closeCorrectiveAction: (deps) => correctiveActionStep(deps, 'closed'),
  cancelCorrectiveAction: correctiveActionCancel,
  recordValue: valueRecord,
  planCorrectiveAction: obligationPlanAction,
  updateRisk: riskUpdate,
  postHeatMap: riskPostHeatMap,
  refreshHome: homeRefresh,
  importFile: contractImportFile,
  previousPage: contractListPage,
  nextPage: contractListPage,
  pickContract: contractPick,
};

/** The Slack action ids that have a listener, for the parity test. */
export const SLACK_BUTTONS = Object.keys(LISTENERS) as Array<ActionsOn<'slack'>>;

const register = (app: App, deps: SlackDeps): void => {
  for (const name of SLACK_BUTTONS) {
    app.action<BlockAction<ButtonAction>>(
      { type: 'block_actions', action_id: SLACK_ACTION_IDS[name] },
      LISTENERS[name](deps),
    );
  }
  // Not a button: the contract picker's select, which runs its command as soon as a contract is chosen.
  app.action<BlockAction<ExternalSelectAction>>(
    { type: 'block_actions', action_id: ACTION.contractPicker },
    contractPickerChoose(deps),
  );
};

export default { register };
