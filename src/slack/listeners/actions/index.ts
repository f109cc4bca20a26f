import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { ACTION } from '../../ids';
import { checkinNotApplicable } from './checkin-not-applicable';
import { checkinOpenScore } from './checkin-open-score';
import { checkinSnooze } from './checkin-snooze';
import { escalationAcknowledge } from './escalation-acknowledge';
import { escalationAddAction } from './escalation-add-action';
import { escalationResolve } from './escalation-resolve';
import { scoreCorrect } from './score-correct';

const register = (app: App, deps: SlackDeps): void => {
  const button = (actionId: string) => ({ type: 'block_actions' as const, action_id: actionId });
  app.action<BlockAction<ButtonAction>>(button(ACTION.checkinOpenScore), checkinOpenScore(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.checkinNotApplicable), checkinNotApplicable(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.checkinSnooze), checkinSnooze(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.scoreCorrect), scoreCorrect(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.escalationAcknowledge), escalationAcknowledge(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.escalationAddAction), escalationAddAction(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION.escalationResolve), escalationResolve(deps));
};

export default { register };
