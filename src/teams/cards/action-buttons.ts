import { ACTIONS, type ActionSpec, type ActionsOn } from '../../chat/actions';
import { CARD_ACTIONS } from './action-ids';
import { type ExecuteAction, execute } from './adaptive-card';

/**
 * Each button of the shared table (src/chat/actions.ts) by its Teams card action id (`data.action`); typed over
 * the table, so a button Teams offers cannot be left out.
 */
export const TEAMS_ACTION_IDS: { readonly [N in ActionsOn<'teams'>]: string } = {
  submitScore: CARD_ACTIONS.submitScore,
  notApplicable: CARD_ACTIONS.notApplicable,
  snooze: CARD_ACTIONS.snooze,
  correctScore: CARD_ACTIONS.scoreCorrect,
  acknowledgeEscalation: CARD_ACTIONS.acknowledge,
  addCorrectiveAction: CARD_ACTIONS.addCorrectiveAction,
  resolveEscalation: CARD_ACTIONS.resolve,
  acknowledgeKickoff: CARD_ACTIONS.kickoffAcknowledge,
  addEvidence: CARD_ACTIONS.obligationAddEvidence,
  obligationFulfilled: CARD_ACTIONS.obligationFulfilled,
  updateRisk: CARD_ACTIONS.riskOpenUpdate,
  planCorrectiveAction: CARD_ACTIONS.obligationPlanAction,
  obligationNotFulfilled: CARD_ACTIONS.obligationNotFulfilled,
  waiveObligation: CARD_ACTIONS.obligationWaive,
  approveCorrectiveAction: CARD_ACTIONS.correctiveActionApprove,
  startCorrectiveAction: CARD_ACTIONS.correctiveActionStart,
  verifyCorrectiveAction: CARD_ACTIONS.correctiveActionVerify,
  closeCorrectiveAction: CARD_ACTIONS.correctiveActionClose,
  cancelCorrectiveAction: CARD_ACTIONS.correctiveActionCancel,
  importFile: CARD_ACTIONS.contractsImportFile,
  previousPage: CARD_ACTIONS.contractsListPage,
  nextPage: CARD_ACTIONS.contractsListPage,
  pickContract: CARD_ACTIONS.contractPick,
};

/**
 * A button of the shared table as `Action.Execute`, with its label, style and id. A button that carries no
 * inputs says so (`associatedInputs: none`): Teams validates every input of the card with a submit-style
 * action otherwise, and a required input of another form on the same card would block it.
 */
export function actionExecute(
  name: ActionsOn<'teams'>,
  data: Record<string, string | number | boolean | undefined>,
  title?: string,
): ExecuteAction {
  const spec: ActionSpec = ACTIONS[name];
  const style = spec.style === 'primary' ? 'positive' : spec.style === 'danger' ? 'destructive' : undefined;
  return execute(
    title ?? spec.label,
    { ...data, action: TEAMS_ACTION_IDS[name] },
    style,
    spec.inputs.length === 0 ? { associatedInputs: 'none' } : {},
  );
}

/**
 * A button that runs a read command and shows its answer in place of the card (run-command.ts), e.g. "Scorecard"
 * on a contract's row. It submits no inputs, so nothing else typed on the card blocks it.
 */
export function commandButton(title: string, command: RunnableCommand, reference?: string): ExecuteAction {
  return execute(title, { action: CARD_ACTIONS.runCommand, command, ...(reference ? { reference } : {}) }, undefined, {
    associatedInputs: 'none',
  });
}

/** The commands a button may run: reads only, each with at most a contract reference. */
export const RUNNABLE_COMMANDS = [
  'home',
  'list',
  'escalations',
  'help',
  'scorecard',
  'charts',
  'kpis',
  'risks',
  'obligations',
] as const;
export type RunnableCommand = (typeof RUNNABLE_COMMANDS)[number];

/** "‹ Previous" / "Next ›" under a list longer than one page (src/chat/item-paging.ts); nothing when it fits one. */
export function pagingButtons(pages: { previous?: string; next?: string }): ExecuteAction[] {
  return [
    ...(pages.previous !== undefined ? [actionExecute('previousPage', { page: pages.previous })] : []),
    ...(pages.next !== undefined ? [actionExecute('nextPage', { page: pages.next })] : []),
  ];
}
