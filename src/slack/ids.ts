import type { ActionsOn } from '../chat/actions';

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
  contractImportFile: 'contract_import_file',
  contractListPrevious: 'contract_list_previous',
  contractListNext: 'contract_list_next',
  contractPick: 'contract_pick',
  /** The contract picker (an external_select, src/chat/contract-picker.ts): its options and the choice made. */
  contractPicker: 'contract_picker',
} as const;

/** The picker's block id names the command it runs for the contract chosen: `contract_picker:scorecard`. */
export const CONTRACT_PICKER_BLOCK_PREFIX = 'contract_picker:';

/**
 * Each button of the shared table (src/chat/actions.ts) by its Slack action id; typed over the table, so a button
 * Slack offers cannot be left out. A button whose action has inputs opens a modal for them.
 */
export const SLACK_ACTION_IDS: { readonly [N in ActionsOn<'slack'>]: string } = {
  submitScore: ACTION.checkinOpenScore,
  notApplicable: ACTION.checkinNotApplicable,
  snooze: ACTION.checkinSnooze,
  correctScore: ACTION.scoreCorrect,
  acknowledgeEscalation: ACTION.escalationAcknowledge,
  addCorrectiveAction: ACTION.escalationAddAction,
  resolveEscalation: ACTION.escalationResolve,
  acknowledgeKickoff: ACTION.kickoffAcknowledge,
  addEvidence: ACTION.obligationAddEvidence,
  obligationFulfilled: ACTION.obligationFulfilled,
  obligationNotFulfilled: ACTION.obligationNotFulfilled,
  waiveObligation: ACTION.obligationWaive,
  approveCorrectiveAction: ACTION.correctiveActionApprove,
  startCorrectiveAction: ACTION.correctiveActionStart,
  verifyCorrectiveAction: ACTION.correctiveActionVerify,
  closeCorrectiveAction: ACTION.correctiveActionClose,
  cancelCorrectiveAction: ACTION.correctiveActionCancel,
  recordValue: ACTION.valueRecord,
  planCorrectiveAction: ACTION.obligationPlanAction,
  updateRisk: ACTION.riskUpdate,
  postHeatMap: ACTION.riskPostHeatMap,
  refreshHome: ACTION.homeRefresh,
  importFile: ACTION.contractImportFile,
  previousPage: ACTION.contractListPrevious,
  nextPage: ACTION.contractListNext,
  pickContract: ACTION.contractPick,
};

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
