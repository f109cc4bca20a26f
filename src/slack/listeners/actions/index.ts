import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { ACTION } from '../../ids';
import { checkinNotApplicable } from './checkin-not-applicable';
import { checkinOpenScore } from './checkin-open-score';
import { checkinSnooze } from './checkin-snooze';
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

const register = (app: App, deps: SlackDeps): void => {
  const button = (actionId: string) => ({ type: 'block_actions' as const, action_id: actionId });
  app.action<BlockAction<ButtonAction>>(button(ACTION.checkinOpenScore), checkinOpenScore(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.checkinNotApplicable), checkinNotApplicable(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.checkinSnooze), checkinSnooze(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.scoreCorrect), scoreCorrect(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.escalationAcknowledge), escalationAcknowledge(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.escalationAddAction), escalationAddAction(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.escalationResolve), escalationResolve(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.kickoffAcknowledge), kickoffAcknowledge(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.obligationAddEvidence), obligationAddEvidence(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.obligationFulfilled), obligationSetOutcome(deps, 'fulfilled'));
  app.action<BlockAction<ButtonAction>>(
    button(ACTION.obligationNotFulfilled),
    obligationSetOutcome(deps, 'not-fulfilled'),
  );
  app.action<BlockAction<ButtonAction>>(button(ACTION.obligationWaive), obligationWaive(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.obligationPlanAction), obligationPlanAction(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.riskUpdate), riskUpdate(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.riskPostHeatMap), riskPostHeatMap(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.correctiveActionApprove), correctiveActionStep(deps, 'approved'));
  app.action<BlockAction<ButtonAction>>(
    button(ACTION.correctiveActionStart),
    correctiveActionStep(deps, 'in-progress'),
  );
  app.action<BlockAction<ButtonAction>>(button(ACTION.correctiveActionVerify), correctiveActionStep(deps, 'verified'));
  app.action<BlockAction<ButtonAction>>(button(ACTION.correctiveActionClose), correctiveActionStep(deps, 'closed'));
  app.action<BlockAction<ButtonAction>>(button(ACTION.correctiveActionCancel), correctiveActionCancel(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.valueRecord), valueRecord(deps));
};

export default { register };
