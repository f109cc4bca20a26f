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
  kickoffAcknowledge: 'kickoff_acknowledge',
  obligationAddEvidence: 'obligation_add_evidence',
  obligationFulfilled: 'obligation_fulfilled',
  obligationNotFulfilled: 'obligation_not_fulfilled',
  obligationWaive: 'obligation_waive',
  obligationPlanAction: 'obligation_plan_action',
  riskUpdate: 'risk_update',
  riskPostHeatMap: 'risk_post_heat_map',
  correctiveActionApprove: 'corrective_action_approve',
  correctiveActionStart: 'corrective_action_start',
  correctiveActionVerify: 'corrective_action_verify',
  correctiveActionClose: 'corrective_action_close',
  correctiveActionCancel: 'corrective_action_cancel',
  valueRecord: 'value_record',
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
  obligationCreate: 'obligation_create_view',
  obligationEvidence: 'obligation_evidence_view',
  obligationWaive: 'obligation_waive_view',
  obligationPlanAction: 'obligation_plan_action_view',
  riskCreate: 'risk_create_view',
  riskUpdate: 'risk_update_view',
  correctiveActionCancel: 'corrective_action_cancel_view',
  serviceCreditTerms: 'service_credit_terms_view',
  valueRecord: 'value_record_view',
  contractImport: 'contract_import_view',
  /** Shown while a slow service answers, and for errors that arrive after the modal opened. */
  notice: 'steward_notice_view',
} as const;

/** Message metadata event types (https://docs.slack.dev/messaging/message-metadata). */
export const METADATA = {
  checkinPrompt: 'steward_checkin_prompt',
  escalation: 'steward_escalation',
} as const;

export const SLASH_COMMAND = '/steward';
