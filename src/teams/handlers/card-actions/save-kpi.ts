import { CARD_ACTIONS, formInputId } from '../../cards/action-ids';
import { formDoneCard, KPI_FIELDS, type KpiField, kpiFormCard } from '../../cards/contract-forms';
import { splitList } from '../../people-text';
import type { CardActionArgs, CardActionHandler } from '../types';
import { input, requiredId } from './card-data';
import { compact, formProblem, formValues, type Placement, splitPath } from './form-data';

const INPUT_IDS = KPI_FIELDS.map((field) => formInputId('kpi', field));

/** upsertKpi's input, as typed; an edited KPI's key comes from the card, not from an input. */
export function kpiInput(values: Record<string, string>, existingKey?: string): Record<string, unknown> {
  const typed = (field: KpiField) => values[formInputId('kpi', field)];
  const cadence = typed('cadence');
  return compact({
    key: existingKey ?? typed('key'),
    name: typed('name'),
    unit: typed('unit') ?? '',
    kind: typed('kind'),
    direction: typed('direction'),
    baseline: typed('baseline'),
    target: typed('target'),
    warningThreshold: typed('warningThreshold'),
    breachThreshold: typed('breachThreshold'),
    weight: typed('weight'),
    cadence:
      cadence === undefined
        ? undefined
        : cadence === 'milestones'
          ? { type: cadence, dates: splitList(typed('milestoneDates')) }
          : { type: cadence },
    respondent: typed('respondent'),
    evidenceRequired: typed('evidenceRequired'),
    vendorVisible: typed('vendorVisible'),
  });
}

const ALIASES: Record<string, KpiField> = {
  'cadence.type': 'cadence',
  'cadence.dates': 'milestoneDates',
  dates: 'milestoneDates',
  warning: 'warningThreshold',
  breach: 'breachThreshold',
};

export function placeKpiError(path: string): Placement {
  const alias = ALIASES[path] ?? (/^cadence\.dates\.\d+$/.test(path) ? 'milestoneDates' : undefined);
  if (alias) return { inputId: formInputId('kpi', alias) };
  const { head } = splitPath(path);
  return (KPI_FIELDS as readonly string[]).includes(head) ? { inputId: formInputId('kpi', head) } : undefined;
}

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
      kpiInput(formValues(args.data, INPUT_IDS), subject.existing?.key),
    );
    return {
      card: formDoneCard(
        `Saved KPI ${kpi.name} (${kpi.key}, version ${kpi.version}) on ${kpi.contractRef}.`,
        `"steward kpis ${kpi.contractRef}" lists them all; "steward kpi ${kpi.contractRef}" adds another.`,
      ),
    };
  },
  async onValidationError(args, error) {
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeKpiError);
    return { card: kpiFormCard(subjectOf(args), problem) };
  },
};
