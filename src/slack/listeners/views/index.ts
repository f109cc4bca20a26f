import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { VIEW } from '../../ids';
import { checkinNotApplicableSubmit } from './checkin-not-applicable-submit';
import { checkinSubmitScore } from './checkin-submit-score';
import { contractCreate } from './contract-create';
import { contractRoles } from './contract-roles';
import { escalationAddActionSubmit } from './escalation-add-action-submit';
import { escalationPath } from './escalation-path';
import { escalationResolveSubmit } from './escalation-resolve-submit';
import { kpiEdit } from './kpi-edit';
import { scoreCorrectSubmit } from './score-correct-submit';

const register = (app: App, deps: SlackDeps): void => {
  const submission = (callbackId: string) => ({ type: 'view_submission' as const, callback_id: callbackId });
  app.view(submission(VIEW.checkinSubmitScore), checkinSubmitScore(deps));
  app.view(submission(VIEW.scoreCorrect), scoreCorrectSubmit(deps));
  app.view(submission(VIEW.checkinNotApplicable), checkinNotApplicableSubmit(deps));
  app.view(submission(VIEW.contractCreate), contractCreate(deps));
  app.view(submission(VIEW.kpiEdit), kpiEdit(deps));
  app.view(submission(VIEW.contractRoles), contractRoles(deps));
  app.view(submission(VIEW.escalationPath), escalationPath(deps));
  app.view(submission(VIEW.escalationAddAction), escalationAddActionSubmit(deps));
  app.view(submission(VIEW.escalationResolve), escalationResolveSubmit(deps));
};

export default { register };
