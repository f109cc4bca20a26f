/** Action ids (buttons) say what pressing them does. */
export const ACTION = {
  checkinOpenScore: 'checkin_open_score',
  checkinNotApplicable: 'checkin_not_applicable',
  checkinSnooze: 'checkin_snooze',
  scoreCorrect: 'score_correct',
  escalationAcknowledge: 'escalation_acknowledge',
  escalationAddAction: 'escalation_add_action',
  escalationResolve: 'escalation_resolve',
  homeRefresh: 'home_refresh',
} as const;

/** Modal callback ids: what submitting the modal does. */
export const VIEW = {
  checkinSubmitScore: 'checkin_submit_score',
  checkinNotApplicable: 'checkin_not_applicable_view',
  scoreCorrect: 'score_correct_view',
  contractCreate: 'contract_create_view',
  kpiEdit: 'kpi_edit_view',
  contractRoles: 'contract_roles_view',
  escalationPath: 'escalation_path_view',
  escalationAddAction: 'escalation_add_action_view',
  escalationResolve: 'escalation_resolve_view',
  /** Shown while a slow service answers, and for errors that arrive after the modal opened. */
  notice: 'steward_notice_view',
} as const;

/** Message metadata event types (https://docs.slack.dev/messaging/message-metadata). */
export const METADATA = {
  checkinPrompt: 'steward_checkin_prompt',
  escalation: 'steward_escalation',
} as const;

export const SLASH_COMMAND = '/steward';
