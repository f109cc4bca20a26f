/**
 * The buttons people press on Steward's messages and cards, once for both surfaces: what each one means, its
 * label and style, and exactly which inputs it carries. Slack renders them as Block Kit buttons (a button with
 * inputs opens a modal for them), Teams as `Action.Execute` on the card; each surface maps every action of the
 * table to its own id and handler in a map typed over the table, so a button forgotten on one surface does not
 * compile, and test/chat/parity.test.ts checks the handlers are registered.
 *
 * `inputs` are the service's field names the button sends. A button with none sends none: on Teams it is marked
 * `associatedInputs: none`, so a required input of another form on the same card never blocks it.
 */
export interface ActionSpec {
  label: string;
  style?: 'primary' | 'danger';
  inputs: readonly string[];
  /** Offered on one surface only: a known gap, named here so the parity test holds everything else to both. */
  only?: 'slack' | 'teams';
}

export const ACTIONS = {
  submitScore: { label: 'Submit score', style: 'primary', inputs: ['value', 'comment', 'evidenceUrl'] },
  notApplicable: { label: 'Not applicable', inputs: ['reason'] },
  snooze: { label: 'Snooze 1 day', inputs: [] },
  correctScore: { label: 'Correct…', inputs: [] },
  acknowledgeEscalation: { label: 'Acknowledge', style: 'primary', inputs: [] },
  addCorrectiveAction: { label: 'Add corrective action', inputs: ['action', 'owner', 'dueDate'] },
  resolveEscalation: { label: 'Resolve', inputs: ['resolution'] },
  acknowledgeKickoff: { label: 'Acknowledge kickoff', style: 'primary', inputs: [] },
  addEvidence: { label: 'Add evidence', inputs: ['url', 'note'] },
  // The link and note typed under an obligation go with its outcome as evidence (Teams lists them inline).
  obligationFulfilled: { label: 'Fulfilled', style: 'primary', inputs: ['url', 'note'] },
  obligationNotFulfilled: { label: 'Not fulfilled', style: 'danger', inputs: ['url', 'note'] },
  waiveObligation: { label: 'Waive', inputs: ['waivedReason'] },
  // A step may carry a note (Teams has a note input under each action).
  approveCorrectiveAction: { label: 'Approve', style: 'primary', inputs: ['note'] },
  startCorrectiveAction: { label: 'Start', inputs: ['note'] },
  verifyCorrectiveAction: { label: 'Verify', style: 'primary', inputs: ['note'] },
  closeCorrectiveAction: { label: 'Close', style: 'primary', inputs: ['note'] },
  cancelCorrectiveAction: { label: 'Cancel…', style: 'danger', inputs: ['note'] },
  // Under a checked import file: reads the same file again and imports it whole (label: importFileLabel).
  importFile: { label: 'Import', style: 'primary', inputs: [] },
  // Under a contract list longer than a page: the same list, the page before or after (src/chat/list-paging.ts).
  previousPage: { label: '‹ Previous', inputs: [] },
  nextPage: { label: 'Next ›', inputs: [] },
  // Beside each contract offered for a command given none or part of a reference (src/chat/contract-choices.ts).
  pickContract: { label: 'Open', inputs: [] },
  // Known gaps: Slack only for now.
  recordValue: { label: 'Record value', inputs: [], only: 'slack' },
  planCorrectiveAction: { label: 'Plan corrective action', inputs: ['action', 'owner', 'dueDate'] },
  updateRisk: { label: 'Update', inputs: [] },
  postHeatMap: { label: 'Post heat map', inputs: [], only: 'slack' },
  refreshHome: { label: 'Refresh', inputs: [], only: 'slack' },
} as const satisfies Record<string, ActionSpec>;

export type ActionName = keyof typeof ACTIONS;

/** The import button says how many contracts it imports. */
export function importFileLabel(contracts: number): string {
  return `${ACTIONS.importFile.label} ${contracts} contract${contracts === 1 ? '' : 's'}`;
}
/** The actions a surface offers: every one not marked for the other surface only. */
export type ActionsOn<S extends 'slack' | 'teams'> = {
  [N in ActionName]: (typeof ACTIONS)[N] extends { only: infer O } ? (O extends S ? N : never) : N;
}[ActionName];

export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

export function actionsOn(surface: 'slack' | 'teams'): ActionName[] {
  return ACTION_NAMES.filter((name) => {
    const only = (ACTIONS[name] as ActionSpec).only;
    return only === undefined || only === surface;
  });
}
