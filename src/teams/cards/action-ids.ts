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
} as const;

export type CardActionId = (typeof CARD_ACTIONS)[keyof typeof CARD_ACTIONS];

/**
 * Input ids of one check-in inside a prompt card. A grouped prompt lists several check-ins in one
 * card and Teams sends every input of the card with an action, so each check-in's inputs carry its slot.
 */
export function checkinInputId(slot: number, field: 'value' | 'comment' | 'evidenceUrl' | 'reason'): string {
  return `s${slot}_${field}`;
}

/** Input ids of one escalation card; the service's field names with the form's prefix. */
export function escalationInputId(field: 'action' | 'owner' | 'dueDate' | 'note'): string {
  return `esc_${field}`;
}
