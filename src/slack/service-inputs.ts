import { GOVERNANCE_ROLES, type GovernanceRole, type Person } from '../domain/types';
import { checkedValue, textValue, usersValue, type ViewValues } from './view-state';

/**
 * From modal values to the `input: unknown` the services validate. Values stay the strings people typed
 * (the services' zod schemas coerce and judge them); nothing here decides what is valid. The field names are
 * the block ids, and the alias functions map the services' nested error paths back onto those blocks.
 */

function compact(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

function slackPerson(userId: string): Person {
  return { slackUserId: userId };
}

export const SCORE_INPUT_FIELDS = ['value', 'comment', 'evidenceUrl'] as const;

/** submitScore / correctScore: `{ value, comment?, evidenceUrl? }` as typed. */
export function scoreInput(values: ViewValues): Record<string, unknown> {
  return compact({
    value: textValue(values, 'value'),
    comment: textValue(values, 'comment'),
    evidenceUrl: textValue(values, 'evidenceUrl'),
    // Only the correction modal has it.
    reason: textValue(values, 'reason'),
  });
}

export function notApplicableInput(values: ViewValues): Record<string, unknown> {
  return compact({ reason: textValue(values, 'reason') });
}

export const CONTRACT_FIELDS = {
  reference: 'reference',
  title: 'title',
  vendorName: 'vendorName',
  value: 'value',
  currency: 'currency',
  startDate: 'startDate',
  endDate: 'endDate',
  timezone: 'timezone',
  category: 'category',
  vendorContacts: 'vendorContacts',
} as const;

export function contractInput(values: ViewValues): Record<string, unknown> {
  const { vendorContacts, ...textFields } = CONTRACT_FIELDS;
  const contacts = usersValue(values, vendorContacts);
  return compact({
    ...Object.fromEntries(Object.values(textFields).map((field) => [field, textValue(values, field)])),
    vendorContacts: contacts.length > 0 ? contacts.map(slackPerson) : undefined,
  });
}

const CONTRACT_ALIASES: Record<string, string> = {
  vendor: 'vendorName',
  'vendor.name': 'vendorName',
  'value.amount': 'value',
  amount: 'value',
  'value.currency': 'currency',
};

export const contractErrorAlias = (key: string): string | undefined => CONTRACT_ALIASES[key];

export const KPI_FIELDS = {
  key: 'key',
  name: 'name',
  unit: 'unit',
  kind: 'kind',
  direction: 'direction',
  baseline: 'baseline',
  target: 'target',
  warningThreshold: 'warningThreshold',
  breachThreshold: 'breachThreshold',
  weight: 'weight',
  cadence: 'cadence',
  milestoneDates: 'milestoneDates',
  respondent: 'respondent',
  evidenceRequired: 'evidenceRequired',
  vendorVisible: 'vendorVisible',
} as const;

export const CADENCE_TYPES = ['weekly', 'monthly', 'quarterly', 'milestones'] as const;

/** upsertKpi: the KPI definition; `key` comes from the modal's context when an existing KPI is edited. */
export function kpiInput(values: ViewValues, existingKey?: string): Record<string, unknown> {
  const f = KPI_FIELDS;
  const cadenceType = textValue(values, f.cadence);
  const dates = (textValue(values, f.milestoneDates) ?? '')
    .split(/[\s,;]+/)
    .map((date) => date.trim())
    .filter(Boolean);
  return compact({
    key: existingKey ?? textValue(values, f.key),
    name: textValue(values, f.name),
    unit: textValue(values, f.unit) ?? '',
    kind: textValue(values, f.kind),
    direction: textValue(values, f.direction),
    baseline: textValue(values, f.baseline),
    target: textValue(values, f.target),
    warningThreshold: textValue(values, f.warningThreshold),
    breachThreshold: textValue(values, f.breachThreshold),
    weight: textValue(values, f.weight),
    cadence:
      cadenceType === undefined
        ? undefined
        : cadenceType === 'milestones'
          ? { type: cadenceType, dates }
          : { type: cadenceType },
    respondent: textValue(values, f.respondent),
    evidenceRequired: checkedValue(values, f.evidenceRequired),
    vendorVisible: checkedValue(values, f.vendorVisible),
  });
}

const KPI_ALIASES: Record<string, string> = {
  'cadence.type': 'cadence',
  'cadence.dates': 'milestoneDates',
  dates: 'milestoneDates',
  warning: 'warningThreshold',
  breach: 'breachThreshold',
};

export const kpiErrorAlias = (key: string): string | undefined =>
  KPI_ALIASES[key] ?? (/^cadence\.dates\.\d+$/.test(key) ? 'milestoneDates' : undefined);

export const GOVERNANCE_FIELDS: Record<GovernanceRole, string> = {
  owner: 'owner',
  procurement: 'procurement',
  legal: 'legal',
  finance: 'finance',
  operations: 'operations',
};

/** setGovernance: only the roles someone filled in; an empty role is left as it is. */
export function governanceInput(values: ViewValues): Partial<Record<GovernanceRole, Person[]>> {
  const input: Partial<Record<GovernanceRole, Person[]>> = {};
  for (const role of GOVERNANCE_ROLES) {
    const users = usersValue(values, GOVERNANCE_FIELDS[role]);
    if (users.length > 0) input[role] = users.map(slackPerson);
  }
  return input;
}

export const ESCALATION_LEVELS = 4;

export function levelField(level: number, part: 'people' | 'hours'): string {
  return `level${level}${part === 'people' ? 'People' : 'Hours'}`;
}

/** setEscalationPath: `{ levels: [{ level, people, ackWithinHours }] }` for each level with anything entered. */
export function escalationPathInput(values: ViewValues): { levels: Array<Record<string, unknown>> } {
  const levels: Array<Record<string, unknown>> = [];
  for (let level = 1; level <= ESCALATION_LEVELS; level += 1) {
    const people = usersValue(values, levelField(level, 'people'));
    const hours = textValue(values, levelField(level, 'hours'));
    if (people.length === 0 && hours === undefined) continue;
    levels.push(compact({ level, people: people.map(slackPerson), ackWithinHours: hours }));
  }
  return { levels };
}

export function escalationPathErrorAlias(key: string): string | undefined {
  const match = /^(?:levels|escalationPath)\.(\d+)(?:\.(\w+))?/.exec(key);
  if (!match) return key === 'levels' || key === 'escalationPath' ? levelField(1, 'people') : undefined;
  const level = Number(match[1]) + 1;
  return levelField(level, match[2] === 'ackWithinHours' ? 'hours' : 'people');
}

export const CORRECTIVE_ACTION_INPUT = { action: 'action', owner: 'owner', dueDate: 'dueDate' } as const;

/** addCorrectiveAction: `{ action, owner, dueDate }`, owner as a Person. */
export function correctiveActionInput(values: ViewValues): Record<string, unknown> {
  const owner = textValue(values, 'owner');
  return compact({
    action: textValue(values, 'action'),
    owner: owner ? slackPerson(owner) : undefined,
    dueDate: textValue(values, 'dueDate'),
  });
}

export function resolveInput(values: ViewValues): Record<string, unknown> {
  return compact({ resolution: textValue(values, 'resolution') });
}
