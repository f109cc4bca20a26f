import type { CardActionHandler } from '../types';
import { acknowledgeEscalation } from './acknowledge-escalation';
import { addCorrectiveAction } from './add-corrective-action';
import { cancelScoreCorrection } from './cancel-score-correction';
import { createContract } from './create-contract';
import { markNotApplicable } from './mark-not-applicable';
import { openScoreCorrection } from './open-score-correction';
import { resolveEscalation } from './resolve-escalation';
import { saveEscalationPath } from './save-escalation-path';
import { saveKpi } from './save-kpi';
import { saveRoles } from './save-roles';
import { snoozeCheckin } from './snooze-checkin';
import { submitScore } from './submit-score';
import { submitScoreCorrection } from './submit-score-correction';

/** Card action ids (`data.action`) and their handlers; Action.Execute and Action.Submit both land here. */
export const CARD_ACTION_HANDLERS: ReadonlyMap<string, CardActionHandler> = new Map(
  [
    submitScore,
    markNotApplicable,
    snoozeCheckin,
    openScoreCorrection,
    submitScoreCorrection,
    cancelScoreCorrection,
    acknowledgeEscalation,
    addCorrectiveAction,
    resolveEscalation,
    createContract,
    saveKpi,
    saveRoles,
    saveEscalationPath,
  ].map((handler) => [handler.id, handler]),
);
