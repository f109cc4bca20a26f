import type { CardActionHandler } from '../types';
import { acknowledgeEscalation } from './acknowledge-escalation';
import { addCorrectiveAction } from './add-corrective-action';
import { markNotApplicable } from './mark-not-applicable';
import { resolveEscalation } from './resolve-escalation';
import { snoozeCheckin } from './snooze-checkin';
import { submitScore } from './submit-score';

/** Card action ids (`data.action`) and their handlers; Action.Execute and Action.Submit both land here. */
export const CARD_ACTION_HANDLERS: ReadonlyMap<string, CardActionHandler> = new Map(
  [submitScore, markNotApplicable, snoozeCheckin, acknowledgeEscalation, addCorrectiveAction, resolveEscalation].map(
    (handler) => [handler.id, handler],
  ),
);
