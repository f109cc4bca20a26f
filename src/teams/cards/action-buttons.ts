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
