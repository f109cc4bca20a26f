import type { CardActionHandler } from '../types';
import { acknowledgeEscalation } from './acknowledge-escalation';
import { acknowledgeKickoff } from './acknowledge-kickoff';
import { addCorrectiveAction } from './add-corrective-action';
import { addObligationEvidence } from './add-obligation-evidence';
import { cancelScoreCorrection } from './cancel-score-correction';
import { contractListPage } from './contract-list-page';
import { contractPick } from './contract-pick';
import { contractPickerOpen } from './contract-picker-open';
import { createContract } from './create-contract';
import { createObligation } from './create-obligation';
import { createRisk } from './create-risk';
import { homeOpenCheckin } from './home-navigation';
import { importContracts } from './import-contracts';
import { importSentFile } from './import-file';
import { markNotApplicable } from './mark-not-applicable';
import {
  approveCorrectiveAction,
  cancelCorrectiveAction,
  closeCorrectiveAction,
  startCorrectiveAction,
  verifyCorrectiveAction,
} from './move-corrective-action';
import { openScoreCorrection } from './open-score-correction';
import { openObligationPlan, planObligationAction } from './plan-obligation-action';
import { recordValue } from './record-value';
import { resolveEscalation } from './resolve-escalation';
import { runCommand } from './run-command';
import { saveCreditTerms } from './save-credit-terms';
import { saveEscalationPath } from './save-escalation-path';
import { saveKpi } from './save-kpi';
import { saveRoles } from './save-roles';
import { markObligationFulfilled, markObligationNotFulfilled, waiveObligation } from './set-obligation-outcome';
import { snoozeCheckin } from './snooze-checkin';
import { submitScore } from './submit-score';
import { submitScoreCorrection } from './submit-score-correction';
import { openRiskUpdate, saveRiskUpdate } from './update-risk';

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
    acknowledgeKickoff,
    createObligation,
    addObligationEvidence,
    markObligationFulfilled,
    markObligationNotFulfilled,
    waiveObligation,
    openObligationPlan,
    planObligationAction,
    createRisk,
    openRiskUpdate,
    saveRiskUpdate,
    approveCorrectiveAction,
    startCorrectiveAction,
    verifyCorrectiveAction,
    closeCorrectiveAction,
    cancelCorrectiveAction,
    saveCreditTerms,
    recordValue,
    importContracts,
    importSentFile,
    contractListPage,
    homeOpenCheckin,
    runCommand,
    contractPick,
    contractPickerOpen,
  ].map((handler) => [handler.id, handler]),
);
