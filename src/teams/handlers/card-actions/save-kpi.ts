import { KPI_FORM, kpiInput } from '../../../chat/forms';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { formDoneCard, kpiFormCard } from '../../cards/contract-forms';
import { cardInputIds, placeFormError, readCardForm } from '../../cards/form-inputs';
import type { CardActionArgs, CardActionHandler } from '../types';
import { input, requiredId } from './card-data';
import { formProblem, formValues } from './form-data';

const INPUT_IDS = cardInputIds(KPI_FORM);

function subjectOf(args: CardActionArgs) {
  const reference = requiredId(args.data, 'reference');
  const kpiKey = input(args.data, 'kpiKey');
  const version = Number(args.data.version);
  const kpiName = input(args.data, 'kpiName');
  return {
    reference,
    ...(kpiKey
      ? {
          existing: {
            key: kpiKey,
            version: Number.isInteger(version) ? version : 1,
            ...(kpiName ? { name: kpiName } : {}),
          },
        }
      : {}),
  };
}

/** "Save KPI" on the form `steward kpi REF [KEY]` posted: creates the KPI or a new version of it. */
export const saveKpi: CardActionHandler = {
  id: CARD_ACTIONS.kpiSave,
  async run(args) {
    const subject = subjectOf(args);
    const kpi = await args.deps.services.contracts.upsertKpi(
      args.actor,
      subject.reference,
      kpiInput(readCardForm(KPI_FORM, formValues(args.data, INPUT_IDS)), subject.existing?.key),
    );
    return {
      card: formDoneCard(
        `Saved KPI ${kpi.name} (${kpi.key}, version ${kpi.version}) on ${kpi.contractRef}.`,
        `"steward kpis ${kpi.contractRef}" lists them all; "steward kpi ${kpi.contractRef}" adds another.`,
      ),
    };
  },
  async onValidationError(args, error) {
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeFormError(KPI_FORM));
    return { card: kpiFormCard(subjectOf(args), problem) };
  },
};
