/**
 * Card action ids: they travel in `data.action` of every Action.Execute and Action.Submit, name the
 * handler file in src/teams/handlers/card-actions/, and read like the Slack action ids they mirror.
 */
export const CARD_ACTIONS = {
  submitScore: 'checkin_submit_score',
  notApplicable: 'checkin_not_applicable',
  snooze: 'checkin_snooze',
  acknowledge: 'escalation_acknowledge',
  addCorrectiveAction: 'escalation_add_corrective_action',
  resolve: 'escalation_resolve',
  scoreCorrect: 'score_correct',
  scoreCorrectSubmit: 'score_correct_submit',
  scoreCorrectCancel: 'score_correct_cancel',
  contractCreate: 'contract_create',
  kpiSave: 'kpi_save',
  rolesSave: 'contract_roles_save',
  escalationPathSave: 'escalation_path_save',
  kickoffAcknowledge: 'kickoff_acknowledge',
  obligationCreate: 'obligation_create',
  obligationAddEvidence: 'obligation_add_evidence',
  obligationFulfilled: 'obligation_fulfilled',
  obligationNotFulfilled: 'obligation_not_fulfilled',
  obligationWaive: 'obligation_waive',
  obligationPlanOpen: 'obligation_plan_open',
  obligationPlanAction: 'obligation_plan_action',
  riskCreate: 'risk_create',
  riskOpenUpdate: 'risk_update',
  riskUpdateSave: 'risk_update_save',
  correctiveActionApprove: 'corrective_action_approve',
  /** Starts the work, or reopens a verified fix that did not hold. */
  correctiveActionStart: 'corrective_action_start',
  correctiveActionVerify: 'corrective_action_verify',
  correctiveActionClose: 'corrective_action_close',
  correctiveActionCancel: 'corrective_action_cancel',
  serviceCreditTermsSave: 'service_credit_terms_save',
  valueRecord: 'value_record',
  contractsImport: 'contracts_import',
  contractsImportFile: 'contracts_import_file',
  contractsListPage: 'contracts_list_page',
  homeOpenCheckin: 'home_open_checkin',
  runCommand: 'run_command',
  contractPick: 'contract_pick',
  /** "Open" under the contract picker: runs the card's command for the contract chosen in it. */
  contractPickerOpen: 'contract_picker_open',
} as const;

/** The contract picker's input id on a card (src/chat/contract-picker.ts). */
export const CONTRACT_PICKER_INPUT = 'contractPicker_reference';

export type CardActionId = (typeof CARD_ACTIONS)[keyof typeof CARD_ACTIONS];

/**
 * Input ids of one check-in inside a prompt card. A grouped prompt lists several check-ins in one
 * card and Teams sends every input of the card with an action, so each check-in's inputs carry its slot.
 */
export function checkinInputId(slot: number, field: 'value' | 'comment' | 'evidenceUrl' | 'reason'): string {
  return `s${slot}_${field}`;
}

/** Input ids of one escalation card; the service's field names with the form's prefix. */
export function escalationInputId(field: 'action' | 'owner' | 'dueDate' | 'resolution'): string {
  return `esc_${field}`;
}

/** Input ids of the score correction card. */
export function correctionInputId(field: 'value' | 'comment' | 'evidenceUrl' | 'reason'): string {
  return `corr_${field}`;
}

/** Input ids of the management forms: the service's field names with the form's prefix. */
export const FORM_PREFIX = {
  contract: 'new_',
  kpi: 'kpi_',
  roles: 'role_',
  path: 'path_',
  obligation: 'obl_',
  risk: 'risk_',
  credits: 'credit_',
  value: 'value_',
  import: 'import_',
  // The resolve form is part of the escalation card, whose inputs are `esc_…`.
  resolve: 'esc_',
  correctiveAction: 'esc_',
} as const;

export function formInputId(form: keyof typeof FORM_PREFIX, field: string): string {
  return `${FORM_PREFIX[form]}${field}`;
}

/** An escalation level's inputs: `path_2_people`, `path_2_role`, `path_2_hours`. */
export function pathInputId(level: number, part: 'people' | 'role' | 'hours'): string {
  return `${FORM_PREFIX.path}${level}_${part}`;
}

/**
 * Inputs of one obligation in the obligations card: every obligation's form is in the one card, and Teams
 * sends every input of the card with a button, so each carries its slot (`ob2_url`).
 */
export function obligationInputId(slot: number, field: 'url' | 'note' | 'waivedReason'): string {
  return `ob${slot}_${field}`;
}

/** The note of one corrective action in the corrective actions card (`ca0_note`). */
export function correctiveActionInputId(slot: number, field: 'note'): string {
  return `ca${slot}_${field}`;
}
