import { StewardError } from '../domain/errors';
import { LIMITS } from '../domain/limits';
import {
  DIRECTIONS,
  GOVERNANCE_ROLES,
  KPI_KINDS,
  type Kpi,
  OBLIGATION_KINDS,
  type Person,
  RESPONDENTS,
  REVIEW_CADENCES,
  VALUE_KINDS,
} from '../domain/types';
import {
  CADENCE_LABELS,
  CADENCE_TYPES,
  DIRECTION_LABELS,
  IMPACT_LABELS,
  KPI_KIND_LABELS,
  LIKELIHOOD_LABELS,
  OBLIGATION_KIND_LABELS,
  RESPONDENT_LABELS,
  REVIEW_CADENCE_LABELS,
  RISK_STATUS_LABELS,
  RISK_STATUSES,
  ROLE_LABELS,
  VALUE_KIND_LABELS,
} from './labels';

/**
 * The forms people fill in, once for both surfaces: Slack renders a form as a modal (src/slack/blocks/form.ts),
 * Teams as an Adaptive Card (src/teams/cards/form-inputs.ts). Each field is named after the service's input
 * field, carries its kind, label, hint and limits (text lengths from domain/limits.ts, the numbers the zod
 * schemas judge by), and each form has one converter from the values read off either surface to the service's
 * input, and one mapping from the service's field errors back to its fields.
 *
 * Values stay what people typed: the services' schemas coerce and judge them; nothing here decides validity.
 */

/**
 * `person` is one person (an owner), `people` several (vendor contacts, a role). `file` is a file the person
 * gives Steward: an upload field where the surface has one (Slack), otherwise a line saying how to send it in
 * the chat (Teams cards take no files); its value is the surface's id for the file.
 */
export type FieldKind = 'text' | 'longText' | 'number' | 'date' | 'choice' | 'person' | 'people' | 'toggle' | 'file';

export interface FormField<Name extends string = string> {
  /** The service's input field, and the input's id on both surfaces. */
  name: Name;
  kind: FieldKind;
  label: string;
  /** A line under the input: what to type, or what it is for. */
  hint?: string;
  placeholder?: string;
  optional?: boolean;
  /** Text: the most characters the service keeps. */
  maxLength?: number;
  /** Numbers. */
  min?: number;
  max?: number;
  /** Numbers: whole numbers only (a 1–5 rating). */
  integer?: boolean;
  /** Choices, in the order shown. */
  choices?: ReadonlyArray<{ value: string; label: string }>;
  /**
   * Long text kept exactly as typed, blank lines included (pasted rules or CSV): the messages name line numbers,
   * which trimming would move.
   */
  asTyped?: boolean;
  /** Text that is a link (Slack's URL input, Teams' Url style): `https://…`. */
  url?: boolean;
  /** Choices shown all at once (radio buttons) rather than in a drop-down: a few, each worth reading. */
  expanded?: boolean;
  /** A toggle's words next to its box. */
  toggleText?: string;
  /** Files: the extensions taken, without the dot. */
  fileTypes?: readonly string[];
  /** What a surface that checks required inputs itself (Teams) says when this one is left empty. */
  missing?: string;
}

/**
 * What was entered, by field name: text as typed (trimmed, empty left out), ticked boxes, and people: chosen
 * (Slack) or typed as emails and ids (Teams), which the service judges.
 */
export type FieldValue = string | boolean | ReadonlyArray<Person | string> | undefined;
export type FieldValues = Readonly<Record<string, FieldValue>>;

export interface FormSpec<Name extends string = string> {
  /** Names the form on both surfaces (Teams input ids are `${id}_${field}`). */
  id: string;
  title: string;
  submit: string;
  fields: ReadonlyArray<FormField<Name>>;
  /** Service error paths whose field is named differently on the form (`vendor.name` → vendorName). */
  aliases?: Readonly<Record<string, Name>>;
}

const choicesOf = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value, label: labels[value] }));

export const CONTRACT_FORM = {
  id: 'contract',
  title: 'New contract',
  submit: 'Create contract',
  fields: [
    {
      name: 'reference',
      kind: 'text',
      label: 'Reference',
      placeholder: 'e.g. ACME-2026-001',
      hint: 'A short, unique id people type in commands: capital letters, digits and dashes.',
      maxLength: LIMITS.reference,
      missing: 'Give the contract a reference, like ACME-2026-001.',
    },
    {
      name: 'title',
      kind: 'text',
      label: 'Title',
      placeholder: 'e.g. Facilities management, HQ campus',
      maxLength: LIMITS.contractTitle,
      missing: 'Give the contract a title.',
    },
    {
      name: 'vendorName',
      kind: 'text',
      label: 'Vendor',
      placeholder: 'The supplier’s legal name',
      maxLength: LIMITS.vendorName,
      missing: 'Name the vendor.',
    },
    {
      name: 'value',
      kind: 'number',
      label: 'Contract value',
      min: 0,
      missing: 'Enter the contract value, like 1200000.',
    },
    {
      name: 'currency',
      kind: 'text',
      label: 'Currency',
      placeholder: 'ISO code, e.g. EUR',
      maxLength: LIMITS.currency,
      missing: 'Enter a three-letter currency code, like EUR.',
    },
    { name: 'startDate', kind: 'date', label: 'Start date', missing: 'Pick the start date.' },
    { name: 'endDate', kind: 'date', label: 'End date', missing: 'Pick the end date.' },
    {
      name: 'timezone',
      kind: 'text',
      label: 'Timezone',
      placeholder: 'e.g. Europe/Berlin',
      hint: 'Check-ins go out at local times in this zone.',
      optional: true,
    },
    {
      name: 'reviewCadence',
      kind: 'choice',
      label: 'Governance review',
      choices: choicesOf(REVIEW_CADENCES, REVIEW_CADENCE_LABELS),
      hint: 'How often the review meets; its pack is posted a few days before. Quarterly unless you choose.',
      optional: true,
    },
    {
      name: 'category',
      kind: 'text',
      label: 'Category',
      placeholder: 'e.g. Facilities',
      maxLength: LIMITS.category,
      optional: true,
    },
    {
      name: 'vendorContacts',
      kind: 'people',
      label: 'Vendor contacts',
      hint: 'People at the vendor who answer vendor check-ins and see the vendor scorecard.',
      optional: true,
    },
  ],
  aliases: {
    vendor: 'vendorName',
    'vendor.name': 'vendorName',
    amount: 'value',
    'value.amount': 'value',
    'value.currency': 'currency',
  },
} as const satisfies FormSpec;

export type ContractField = (typeof CONTRACT_FORM.fields)[number]['name'];

/**
 * The service input of a form whose fields are the service's fields: each value as typed, one person for a
 * `person` field, the list for a `people` field (left out when empty), empty fields left out.
 */
export function formInput(form: FormSpec, values: FieldValues): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of form.fields) {
    const value = values[field.name];
    if (field.kind === 'person') input[field.name] = Array.isArray(value) ? value[0] : value;
    else if (field.kind === 'people') input[field.name] = Array.isArray(value) && value.length > 0 ? value : undefined;
    else input[field.name] = value;
  }
  return compact(input);
}

/** contracts.create: every field as typed, the vendor contacts as people. */
export function contractInput(values: FieldValues): Record<string, unknown> {
  return formInput(CONTRACT_FORM, values);
}

export const KPI_FORM = {
  id: 'kpi',
  title: 'KPI',
  submit: 'Save KPI',
  fields: [
    {
      name: 'key',
      kind: 'text',
      label: 'Key',
      placeholder: 'e.g. availability',
      hint: 'Short id used in commands: lowercase letters, digits and dashes.',
      maxLength: LIMITS.kpiKey,
      missing: 'Give the KPI a key, like availability.',
    },
    {
      name: 'name',
      kind: 'text',
      label: 'Name',
      placeholder: 'e.g. Service availability',
      maxLength: LIMITS.kpiName,
      missing: 'Name the KPI.',
    },
    {
      name: 'unit',
      kind: 'text',
      label: 'Unit',
      placeholder: 'e.g. %, h, EUR, tickets',
      maxLength: LIMITS.kpiUnit,
      optional: true,
    },
    {
      name: 'kind',
      kind: 'choice',
      label: 'Kind of value',
      choices: choicesOf(KPI_KINDS, KPI_KIND_LABELS),
      missing: 'Choose the kind of value.',
    },
    {
      name: 'direction',
      kind: 'choice',
      label: 'Direction',
      choices: choicesOf(DIRECTIONS, DIRECTION_LABELS),
      missing: 'Choose whether higher or lower is better.',
    },
    { name: 'baseline', kind: 'number', label: 'Baseline', missing: 'Enter the baseline.' },
    { name: 'target', kind: 'number', label: 'Target', missing: 'Enter the target.' },
    {
      name: 'warningThreshold',
      kind: 'number',
      label: 'Warning threshold',
      hint: 'Amber from this value.',
      missing: 'Enter the warning threshold.',
    },
    {
      name: 'breachThreshold',
      kind: 'number',
      label: 'Breach threshold',
      hint: 'Red from this value.',
      missing: 'Enter the breach threshold.',
    },
    {
      name: 'weight',
      kind: 'number',
      label: 'Weight in the overall score',
      min: 0,
      max: 100,
      missing: 'Enter the weight in the overall score.',
    },
    {
      name: 'cadence',
      kind: 'choice',
      label: 'Cadence',
      choices: choicesOf(CADENCE_TYPES, CADENCE_LABELS),
      missing: 'Choose how often the KPI is measured.',
    },
    {
      name: 'milestoneDates',
      kind: 'text',
      label: 'Milestone dates',
      placeholder: 'YYYY-MM-DD, YYYY-MM-DD',
      hint: 'Only for the milestone cadence.',
      optional: true,
    },
    {
      name: 'respondent',
      kind: 'choice',
      label: 'Who answers',
      choices: choicesOf(RESPONDENTS, RESPONDENT_LABELS),
      missing: 'Choose who answers the check-ins.',
    },
    {
      name: 'evidenceRequired',
      kind: 'toggle',
      label: 'Evidence',
      toggleText: 'Evidence link required with every score',
      optional: true,
    },
    {
      name: 'vendorVisible',
      kind: 'toggle',
      label: 'Visibility',
      toggleText: 'Vendor may see this KPI (shared channels, vendor scorecard)',
      optional: true,
    },
  ],
  aliases: {
    'cadence.type': 'cadence',
    'cadence.dates': 'milestoneDates',
    dates: 'milestoneDates',
    warning: 'warningThreshold',
    breach: 'breachThreshold',
  },
} as const satisfies FormSpec;

export type KpiField = (typeof KPI_FORM.fields)[number]['name'];

/** What the KPI form opens with: the KPI being edited, or the defaults of a new one. */
export function kpiFormValues(k?: Partial<Kpi>): Record<string, string | number | boolean | undefined> {
  const cadence = k?.cadence;
  return {
    name: k?.name,
    unit: k?.unit,
    kind: k?.kind ?? 'percent',
    direction: k?.direction ?? 'higher-is-better',
    baseline: k?.baseline,
    target: k?.target,
    warningThreshold: k?.warningThreshold,
    breachThreshold: k?.breachThreshold,
    weight: k?.weight ?? 1,
    cadence: cadence?.type ?? 'monthly',
    milestoneDates: cadence?.type === 'milestones' ? cadence.dates.join(', ') : undefined,
    respondent: k?.respondent ?? 'owner',
    evidenceRequired: k?.evidenceRequired ?? false,
    vendorVisible: k?.vendorVisible ?? true,
  };
}

/** contracts.upsertKpi: the definition as typed; an edited KPI's key comes with the form, not from an input. */
export function kpiInput(values: FieldValues, existingKey?: string): Record<string, unknown> {
  const typed = (field: KpiField) => values[field] as string | undefined;
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
    evidenceRequired: values.evidenceRequired === true,
    vendorVisible: values.vendorVisible === true,
  });
}

/**
 * `roles REF`: who holds each governance role. A role left empty keeps the people it has now (the service
 * replaces only the roles it is given), on both surfaces.
 */
export const ROLES_FORM = {
  id: 'roles',
  title: 'Governance roles',
  submit: 'Save roles',
  fields: GOVERNANCE_ROLES.map((role) => ({
    name: role,
    kind: 'people' as const,
    label: ROLE_LABELS[role],
    optional: true,
  })),
} satisfies FormSpec;

/**
 * Resolving an escalation: what fixed it. The service reads `resolution`; Teams once sent `note` here, so its
 * Resolve could never succeed. One description keeps both surfaces on the service's field.
 */
export const RESOLVE_FORM = {
  id: 'resolve',
  title: 'Resolve escalation',
  submit: 'Resolve escalation',
  fields: [
    {
      name: 'resolution',
      kind: 'longText',
      label: 'How was it resolved?',
      placeholder: 'What fixed it, and what was agreed?',
      maxLength: LIMITS.resolution,
      missing: 'Say how it was resolved.',
    },
  ],
} as const satisfies FormSpec;

export const OBLIGATION_FORM = {
  id: 'obligation',
  title: 'New obligation',
  submit: 'Add obligation',
  fields: [
    {
      name: 'kind',
      kind: 'choice',
      label: 'Kind',
      choices: choicesOf(OBLIGATION_KINDS, OBLIGATION_KIND_LABELS),
      missing: 'Choose what kind of obligation it is.',
    },
    {
      name: 'title',
      kind: 'text',
      label: 'Title',
      placeholder: 'e.g. Quarterly service report',
      maxLength: LIMITS.title,
      missing: 'Give the obligation a title.',
    },
    { name: 'description', kind: 'longText', label: 'Description', maxLength: LIMITS.description, optional: true },
    {
      name: 'owner',
      kind: 'person',
      label: 'Owner',
      hint: 'Who owes it: someone at the vendor or on the contract team.',
      missing: 'Name who owes it.',
    },
    { name: 'dueDate', kind: 'date', label: 'Due date', missing: 'Pick the due date.' },
    {
      name: 'recurrence',
      kind: 'choice',
      label: 'Recurs',
      hint: 'A recurring obligation gets its next occurrence when this one is closed.',
      choices: [
        { value: 'none', label: 'Once' },
        { value: 'monthly', label: 'Every month' },
        { value: 'quarterly', label: 'Every quarter' },
        { value: 'yearly', label: 'Every year' },
      ],
    },
  ],
} as const satisfies FormSpec;

export const VALUE_FORM = {
  id: 'value',
  title: 'Record value',
  submit: 'Record value',
  fields: [
    {
      name: 'periodKey',
      kind: 'text',
      label: 'Period',
      placeholder: 'e.g. 2026-03 or 2026-Q1',
      hint: 'A month (2026-03) or a quarter (2026-Q1) within the contract term.',
      maxLength: 12,
      missing: 'Name the period, like 2026-03.',
    },
    {
      name: 'kind',
      kind: 'choice',
      label: 'Kind of value',
      choices: choicesOf(VALUE_KINDS, VALUE_KIND_LABELS),
      missing: 'Choose the kind of value.',
    },
    { name: 'planned', kind: 'number', label: 'Planned', missing: 'Enter what was planned, like 12500.' },
    { name: 'realized', kind: 'number', label: 'Realized', missing: 'Enter what was realized, like 11800.' },
    {
      name: 'currency',
      kind: 'text',
      label: 'Currency',
      placeholder: 'ISO code, e.g. EUR',
      maxLength: LIMITS.currency,
      missing: 'Enter a three-letter currency code, like EUR.',
    },
    { name: 'note', kind: 'longText', label: 'Note', maxLength: LIMITS.note, optional: true },
  ],
} as const satisfies FormSpec;

/**
 * A risk on the 5 × 5 matrix. `status` is only on the update form (a new risk is open). Left empty, the owner is
 * the person adding the risk, on both surfaces.
 */
export const RISK_FORM = {
  id: 'risk',
  title: 'Risk',
  submit: 'Add risk',
  fields: [
    {
      name: 'title',
      kind: 'text',
      label: 'Title',
      placeholder: 'e.g. Key engineer leaves the vendor',
      maxLength: LIMITS.title,
      missing: 'Give the risk a title.',
    },
    { name: 'description', kind: 'longText', label: 'Description', maxLength: LIMITS.description, optional: true },
    {
      name: 'likelihood',
      kind: 'number',
      label: 'Likelihood (1–5)',
      hint: scaleHint(LIKELIHOOD_LABELS),
      min: 1,
      max: 5,
      integer: true,
      missing: 'Rate the likelihood from 1 to 5.',
    },
    {
      name: 'impact',
      kind: 'number',
      label: 'Impact (1–5)',
      hint: scaleHint(IMPACT_LABELS),
      min: 1,
      max: 5,
      integer: true,
      missing: 'Rate the impact from 1 to 5.',
    },
    {
      name: 'mitigation',
      kind: 'longText',
      label: 'Mitigation',
      placeholder: 'What reduces it',
      maxLength: LIMITS.mitigation,
      optional: true,
    },
    { name: 'owner', kind: 'person', label: 'Owner', hint: 'Left empty: you.', optional: true },
    { name: 'reviewDate', kind: 'date', label: 'Review date', missing: 'Pick when the risk is looked at again.' },
    {
      name: 'status',
      kind: 'choice',
      label: 'Status',
      choices: choicesOf(RISK_STATUSES, RISK_STATUS_LABELS),
      missing: 'Choose the risk’s status.',
    },
  ],
} as const satisfies FormSpec;

/** The fields of a new risk: a new risk is open, so the status is the update form's only. */
export const RISK_CREATE_OMITS = ['status'] as const;

function scaleHint(labels: readonly string[]): string {
  return labels.map((label, index) => `${index + 1} ${label.toLowerCase()}`).join(' · ');
}

/** risks.create: as typed, the owner left empty being `defaultOwner` (the person adding it). */
export function riskInput(values: FieldValues, defaultOwner?: Person): Record<string, unknown> {
  const input = formInput(RISK_FORM, values);
  return input.owner === undefined && defaultOwner ? { ...input, owner: defaultOwner } : input;
}

/**
 * risks.update: only what the person changed against what the form opened with, so the audit trail records the
 * change and nothing else.
 */
export function changedInput(form: FormSpec, values: FieldValues, initial: FieldValues): Record<string, unknown> {
  const now = formInput(form, values);
  const before = formInput(form, initial);
  return Object.fromEntries(
    Object.entries(now).filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(before[field])),
  );
}

/**
 * A corrective action, on an escalation or planned for an obligation not fulfilled. Left empty, the owner is the
 * person adding it, on both surfaces.
 */
export const CORRECTIVE_ACTION_FORM = {
  id: 'correctiveAction',
  title: 'Corrective action',
  submit: 'Add corrective action',
  fields: [
    {
      name: 'action',
      kind: 'longText',
      label: 'What will be done?',
      placeholder: 'e.g. Add a second on-call engineer for weekends',
      maxLength: LIMITS.action,
      missing: 'Describe what will be done.',
    },
    { name: 'owner', kind: 'person', label: 'Owner', hint: 'Left empty: you.', optional: true },
    { name: 'dueDate', kind: 'date', label: 'Due date', missing: 'Pick a due date.' },
  ],
} as const satisfies FormSpec;

/** escalations.addCorrectiveAction and correctiveActions.planForObligation: the owner left empty is `defaultOwner`. */
export function correctiveActionInput(values: FieldValues, defaultOwner?: Person): Record<string, unknown> {
  const input = formInput(CORRECTIVE_ACTION_FORM, values);
  return input.owner === undefined && defaultOwner ? { ...input, owner: defaultOwner } : input;
}

/** How many levels the escalation path form offers; the service takes up to 10 through other means. */
export const ESCALATION_LEVELS = 4;
const LEVELS = Array.from({ length: ESCALATION_LEVELS }, (_, index) => index + 1);
export type LevelPart = 'people' | 'role' | 'hours';

/** A level's field on the path form: `level2People`, `level2Role`, `level2Hours`. */
export function levelField(level: number, part: LevelPart): string {
  return `level${level}${part.charAt(0).toUpperCase()}${part.slice(1)}`;
}

/**
 * `path REF`: who is told at each level (people, everyone holding a role, or both) and how long they have to
 * acknowledge. Every level may be left empty; the service refuses a path with none, or with a gap.
 */
export const ESCALATION_PATH_FORM = {
  id: 'path',
  title: 'Escalation path',
  submit: 'Save escalation path',
  fields: LEVELS.flatMap((level) => [
    {
      name: levelField(level, 'people'),
      kind: 'people' as const,
      label: `Level ${level}: people to notify`,
      optional: true,
    },
    {
      name: levelField(level, 'role'),
      kind: 'choice' as const,
      label: `Level ${level}: and/or everyone holding a role`,
      choices: choicesOf(GOVERNANCE_ROLES, ROLE_LABELS),
      optional: true,
    },
    {
      name: levelField(level, 'hours'),
      kind: 'number' as const,
      label: `Level ${level}: hours to acknowledge`,
      hint: level === 1 ? 'Before the next level is told.' : undefined,
      min: 1,
      max: 720,
      integer: true,
      optional: true,
    },
  ]),
} satisfies FormSpec;

/** The path form's fields of one level, in order. */
export function levelFields(level: number): string[] {
  return (['people', 'role', 'hours'] as const).map((part) => levelField(level, part));
}

/** What the path form opens with: the path as it is, and 24 hours on level 1 of a new one. */
export function escalationPathValues(
  current: ReadonlyArray<{ level: number; role?: string; people: readonly Person[]; ackWithinHours: number }>,
): Record<string, string | number | readonly Person[] | undefined> {
  const values: Record<string, string | number | readonly Person[] | undefined> = {};
  for (const level of LEVELS) {
    const now = current.find((entry) => entry.level === level);
    values[levelField(level, 'people')] = now && now.people.length > 0 ? now.people : undefined;
    values[levelField(level, 'role')] = now?.role;
    values[levelField(level, 'hours')] = now?.ackWithinHours ?? (level === 1 ? 24 : undefined);
  }
  return values;
}

/**
 * contracts.setEscalationPath: `{ levels }`, one entry per form level with anything entered, numbered as on the
 * form (a gap is the service's to refuse). `formLevels` says which form level each entry came from, to place the
 * service's `levels.N…` messages.
 */
export function escalationPathInput(values: FieldValues): {
  input: { levels: Array<Record<string, unknown>> };
  formLevels: number[];
} {
  const levels: Array<Record<string, unknown>> = [];
  const formLevels: number[] = [];
  for (const level of LEVELS) {
    const picked = values[levelField(level, 'people')];
    const people = Array.isArray(picked) ? picked : [];
    const role = values[levelField(level, 'role')];
    const hours = values[levelField(level, 'hours')];
    if (people.length === 0 && role === undefined && hours === undefined) continue;
    levels.push(compact({ level, people, role, ackWithinHours: hours }));
    formLevels.push(level);
  }
  return { input: { levels }, formLevels };
}

/**
 * Where a service message about the path belongs: `levels.1.ackWithinHours` under the hours of the second level
 * entered, `levels.0.people.2` under its people (the third one), a path with no level under level 1's people.
 */
export function escalationPathErrorField(
  path: string,
  formLevels: readonly number[],
): { field: string; index?: number } | undefined {
  const match = /^(?:levels|escalationPath)(?:\.(\d+)(?:\.(\w+)(?:\.(\d+))?)?)?/.exec(path);
  if (!match) return undefined;
  if (match[1] === undefined) return { field: levelField(1, 'people') };
  const level = formLevels[Number(match[1])] ?? Number(match[1]) + 1;
  if (match[2] === 'ackWithinHours') return { field: levelField(level, 'hours') };
  if (match[2] === 'role') return { field: levelField(level, 'role') };
  const person = match[2] === 'people' && match[3] !== undefined ? Number(match[3]) : undefined;
  return { field: levelField(level, 'people'), ...(person === undefined ? {} : { index: person }) };
}

/** How a service credit rule is written on the terms form: one a line. */
export const RULE_LINE_FORMAT = 'kpi-key percent-per-point cap [flat-on-breach]';

/** `credits REF terms`: the fee, one rule a line, and the cap for all rules together. Saving replaces the terms. */
export const CREDIT_TERMS_FORM = {
  id: 'credits',
  title: 'Service credit terms',
  submit: 'Save terms',
  fields: [
    {
      name: 'periodFee',
      kind: 'number',
      label: 'Fee per period',
      hint: 'In the contract’s currency; credits are a share of it.',
      placeholder: 'e.g. 25000',
      min: 0,
      optional: true,
    },
    {
      name: 'rules',
      kind: 'longText',
      label: 'Rules, one per line',
      placeholder: 'availability 2 10 1',
      hint: `${RULE_LINE_FORMAT}: percent of the fee per point beyond the breach threshold, the rule’s cap in percent, and optionally a flat percent as soon as it breaches.`,
      optional: true,
      asTyped: true,
    },
    {
      name: 'contractCapPercent',
      kind: 'number',
      label: 'Contract cap (% of the fee)',
      hint: 'The most all rules together credit in a period.',
      placeholder: 'e.g. 15',
      min: 0,
      max: 100,
      optional: true,
    },
  ],
} as const satisfies FormSpec;

/** The terms' rules as the form shows them, one a line. */
export function ruleLines(
  rules: ReadonlyArray<{
    kpiKey: string;
    percentOfFeePerPoint: number;
    capPercent: number;
    flatPercentOnBreach?: number;
  }>,
): string {
  return rules
    .map((rule) =>
      [
        rule.kpiKey,
        rule.percentOfFeePerPoint,
        rule.capPercent,
        ...(rule.flatPercentOnBreach === undefined ? [] : [rule.flatPercentOnBreach]),
      ].join(' '),
    )
    .join('\n');
}

/**
 * serviceCredits.setTerms from the form. The rules field holds one rule a line, `kpi-key percent cap [flat]`
 * (e.g. `availability 2 10 1`): that line syntax is the form's own, so a line in another shape is refused here,
 * naming the line (blank lines count, as the person sees them); the numbers are the service's to judge.
 * `lineOf` gives the line a rule came from, for `creditTermsErrors`.
 */
export function creditTermsInput(values: FieldValues): {
  input: Record<string, unknown>;
  lineOf: (rule: number) => number;
} {
  const text = typeof values.rules === 'string' ? values.rules : '';
  const rules: Array<Record<string, unknown>> = [];
  const lines: number[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const words = line
      .trim()
      .split(/[\s;]+/)
      .filter(Boolean);
    if (words.length === 0) return;
    if (words.length < 3 || words.length > 4) {
      problems.push(
        `Line ${index + 1}: write the KPI key, the % of the fee per point beyond breach and the cap %, and optionally a flat % on breach, like "availability 2 10".`,
      );
      return;
    }
    const [kpiKey, percentOfFeePerPoint, capPercent, flatPercentOnBreach] = words;
    rules.push(compact({ kpiKey, percentOfFeePerPoint, capPercent, flatPercentOnBreach }));
    lines.push(index + 1);
  });
  if (problems.length > 0) {
    throw new StewardError('validation', problems.join(' '), { fieldErrors: { rules: problems.join(' ') } });
  }
  return {
    input: compact({ periodFee: values.periodFee, rules, contractCapPercent: values.contractCapPercent }),
    lineOf: (rule) => lines[rule] ?? rule + 1,
  };
}

/** The service's `rules.<index>.<field>` messages said against the line of the rules field they are on. */
export function creditTermsErrors(error: StewardError, lineOf: (rule: number) => number): StewardError {
  const fieldErrors: Record<string, string> = {};
  const add = (field: string, message: string) => {
    fieldErrors[field] = fieldErrors[field] ? `${fieldErrors[field]} ${message}` : message;
  };
  for (const [key, message] of Object.entries(error.fieldErrors)) {
    const rule = /^rules\.(\d+)(?:\.|$)/.exec(key);
    if (rule) add('rules', `Line ${lineOf(Number(rule[1]))}: ${message}`);
    else add(key, message);
  }
  return new StewardError('validation', error.userMessage, { fieldErrors, cause: error });
}

/** The words of a rating from 1 to 5. */
const RATING_WORDS = ['Very poor', 'Poor', 'Acceptable', 'Good', 'Excellent'] as const;

/** What the value input of a score needs to know of its KPI. */
export type ScoredKpi = Pick<Kpi, 'kind' | 'unit' | 'evidenceRequired'>;

/** The score's value field, fitted to the KPI's kind with the bounds the service checks a score against. */
function scoreValueField(kpi: ScoredKpi): FormField {
  switch (kpi.kind) {
    case 'percent':
      return {
        name: 'value',
        kind: 'number',
        label: 'Score (%)',
        placeholder: '0–100',
        min: 0,
        max: 100,
        missing: 'Enter a percentage from 0 to 100.',
      };
    case 'yes-no':
      return {
        name: 'value',
        kind: 'choice',
        label: 'Met this period?',
        choices: [
          { value: '1', label: 'Yes' },
          { value: '0', label: 'No' },
        ],
        expanded: true,
        missing: 'Choose yes or no.',
      };
    case 'rating':
      return {
        name: 'value',
        kind: 'choice',
        label: 'Rating (1 = poor, 5 = excellent)',
        choices: RATING_WORDS.map((word, index) => ({ value: String(index + 1), label: `${index + 1} — ${word}` })),
        expanded: true,
        missing: 'Choose a rating from 1 to 5.',
      };
    case 'currency':
    case 'duration':
      return {
        name: 'value',
        kind: 'number',
        label: `Score (${kpi.unit || kpi.kind})`,
        min: 0,
        missing: 'Enter a number.',
      };
    default:
      return { name: 'value', kind: 'number', label: `Score (${kpi.unit || kpi.kind})`, missing: 'Enter a number.' };
  }
}

/**
 * Answering a check-in (`submit`), or correcting an accepted score (`correct`, which also asks why): the value
 * input fits the KPI, and the evidence link is required where the KPI requires evidence.
 */
export function scoreForm(kpi: ScoredKpi, mode: 'submit' | 'correct' = 'submit'): FormSpec {
  const fields: FormField[] = [
    scoreValueField(kpi),
    {
      name: 'comment',
      kind: 'longText',
      label: 'Comment',
      placeholder: 'What explains this value?',
      maxLength: LIMITS.comment,
      optional: true,
    },
    {
      name: 'evidenceUrl',
      kind: 'text',
      label: kpi.evidenceRequired ? 'Evidence link (required for this KPI)' : 'Evidence link',
      placeholder: 'https://…',
      // No length here: Slack's URL input takes none, and a link over LIMITS.url is refused by the service.
      url: true,
      ...(kpi.evidenceRequired
        ? {
            hint: 'This KPI needs evidence: link the report, dashboard or ticket.',
            missing: 'This KPI needs a link to the evidence (a report, a dashboard, a ticket).',
          }
        : { optional: true }),
    },
  ];
  if (mode === 'correct') {
    fields.push({
      name: 'reason',
      kind: 'longText',
      label: 'Why the correction?',
      placeholder: 'e.g. the monthly report was revised',
      maxLength: LIMITS.reason,
      missing: 'Say why the score is corrected.',
    });
  }
  return {
    id: mode === 'submit' ? 'score' : 'correction',
    title: mode === 'submit' ? 'Submit score' : 'Correct score',
    submit: mode === 'submit' ? 'Submit' : 'Save correction',
    fields,
  };
}

/** An accepted score as its form shows it: yes/no and ratings as their choice, numbers as they are. */
export function scoreFormValue(kind: Kpi['kind'], value: number): string | number {
  if (kind === 'yes-no') return value >= 1 ? '1' : '0';
  if (kind === 'rating') return String(value);
  return value;
}

/**
 * submitScore / correctScore: `{ value, comment?, evidenceUrl?, reason? }` as typed. Reading an answer does not
 * depend on the KPI (every kind of value comes back as the text typed or the choice picked), so one form reads them
 * all; the service judges the value against the KPI.
 */
export const SCORE_ANSWER_FORM = scoreForm({ kind: 'number', unit: '', evidenceRequired: false }, 'correct');

export function scoreInput(values: FieldValues): Record<string, unknown> {
  return formInput(SCORE_ANSWER_FORM, values);
}

/** Why a check-in does not apply this period. */
export const NOT_APPLICABLE_FORM = {
  id: 'notApplicable',
  title: 'Not applicable',
  submit: 'Mark not applicable',
  fields: [
    {
      name: 'reason',
      kind: 'longText',
      label: 'Why does this KPI not apply this period?',
      placeholder: 'e.g. the service was suspended all month',
      maxLength: LIMITS.reason,
      missing: 'Say why it does not apply.',
    },
  ],
} as const satisfies FormSpec;

/** Evidence for an obligation: a link, a note, or both. */
export const EVIDENCE_FORM = {
  id: 'evidence',
  title: 'Add evidence',
  submit: 'Add evidence',
  fields: [
    // No length here: Slack's URL input takes none, and a link over LIMITS.url is refused by the service.
    { name: 'url', kind: 'text', label: 'Evidence link', placeholder: 'https://…', url: true, optional: true },
    {
      name: 'note',
      kind: 'longText',
      label: 'Note',
      placeholder: 'What was delivered, and where to find it',
      maxLength: LIMITS.note,
      optional: true,
    },
  ],
} as const satisfies FormSpec;

/** obligations.addEvidence: `{ url?, note? }` as typed. */
export function evidenceInput(values: FieldValues): Record<string, unknown> {
  return formInput(EVIDENCE_FORM, values);
}

/** Waiving an obligation: the reason is required, and kept with it. */
export const WAIVE_FORM = {
  id: 'waive',
  title: 'Waive obligation',
  submit: 'Waive',
  fields: [
    {
      name: 'waivedReason',
      kind: 'longText',
      label: 'Why is it waived?',
      placeholder: 'e.g. the site closed for the quarter',
      maxLength: LIMITS.note,
      missing: 'Say why the obligation is waived.',
    },
  ],
} as const satisfies FormSpec;

/**
 * obligations.setOutcome: the outcome, with whatever evidence (link, note) and waiver reason was typed beside it;
 * the service requires the reason to waive.
 */
export function outcomeInput(
  outcome: 'fulfilled' | 'not-fulfilled' | 'waived',
  values: FieldValues,
): Record<string, unknown> {
  const evidence = evidenceInput(values);
  return compact({
    outcome,
    evidenceUrl: evidence.url,
    note: evidence.note,
    waivedReason: outcome === 'waived' ? formInput(WAIVE_FORM, values).waivedReason : undefined,
  });
}

/** A note with a corrective action's next step; cancelling requires one. */
export const STEP_NOTE_FORM = {
  id: 'stepNote',
  title: 'Cancel action',
  submit: 'Cancel action',
  fields: [
    {
      name: 'note',
      kind: 'longText',
      label: 'Why is it cancelled?',
      placeholder: 'e.g. superseded by the new staffing plan',
      maxLength: LIMITS.note,
      missing: 'Say why the action is cancelled.',
    },
  ],
} as const satisfies FormSpec;

/** correctiveActions.update: the step, with the note typed (the service requires one to cancel). */
export function stepInput(status: string, values: FieldValues): Record<string, unknown> {
  return compact({ status, note: formInput(STEP_NOTE_FORM, values).note });
}

const IMPORT_MISSING = 'Paste the CSV, header row first, or give Steward the .csv or .xlsx file.';

/**
 * `import`: a CSV pasted or a file attached, checked by a dry run first. Each surface caps the paste at what its
 * platform carries (a Slack text input takes 3,000 characters, a Teams card about 28 KB), so a larger portfolio
 * comes as a file; the service judges either.
 */
export const IMPORT_FORM = {
  id: 'import',
  title: 'Import contracts',
  submit: 'Run',
  fields: [
    {
      name: 'csv',
      kind: 'longText',
      label: 'CSV',
      hint: 'Problems are listed by line and column; nothing is imported while any row is bad.',
      missing: IMPORT_MISSING,
      asTyped: true,
      optional: true,
    },
    {
      name: 'file',
      kind: 'file',
      label: 'Or a file',
      hint: 'A .csv (any Excel language: comma or semicolon, UTF-8 or Windows encodings) or an .xlsx, up to 2 MB.',
      fileTypes: ['csv', 'xlsx', 'txt'],
      optional: true,
    },
    {
      // Steward reads the decimal mark from the file's numbers and asks here when they leave it open
      // ("1.250": 1.25 or 1250); the answer goes with the next check or import of the same file.
      name: 'decimalMark',
      kind: 'choice',
      label: 'Decimal mark',
      hint: 'Leave it unless Steward asks: it reads the mark from the numbers, and asks when 1.250 could be 1.25 or 1250.',
      choices: [
        { value: 'point', label: 'Decimal point: 1,250.5 or 1250.5' },
        { value: 'comma', label: 'Decimal comma: 1.250,5 or 1250,5' },
      ],
      expanded: true,
      optional: true,
    },
    {
      // A workbook's first sheet is read unless one is named; the dry run lists the others when there are any.
      name: 'sheet',
      kind: 'text',
      label: 'Sheet',
      hint: 'For an .xlsx with several sheets: the name of the one to read. Left empty, the first.',
      maxLength: 100,
      optional: true,
    },
    {
      name: 'dryRun',
      kind: 'toggle',
      label: 'Dry run',
      toggleText: 'Dry run only: check the file, import nothing',
      optional: true,
    },
  ],
} as const satisfies FormSpec;

/**
 * imports.importContracts: the CSV as pasted (line numbers must match) or the id of the file attached, one of
 * the two; and a dry run unless the box was unticked (a form that did not say, an older card, only checks); and
 * the decimal mark when the person chose one (a value from elsewhere is ignored: Steward reads it from the file).
 */
export function importInput(values: FieldValues): {
  csv?: string;
  fileId?: string;
  dryRun: boolean;
  decimalMark?: 'point' | 'comma';
  sheet?: string;
} {
  const csv = typeof values.csv === 'string' && values.csv.trim() !== '' ? values.csv : undefined;
  const fileId = typeof values.file === 'string' && values.file !== '' ? values.file : undefined;
  if (csv === undefined && fileId === undefined) {
    throw new StewardError('validation', IMPORT_MISSING, { fieldErrors: { csv: IMPORT_MISSING } });
  }
  if (csv !== undefined && fileId !== undefined) {
    const message = 'Paste the CSV or attach a file, not both: clear one of them.';
    throw new StewardError('validation', message, { fieldErrors: { file: message } });
  }
  return {
    ...(csv !== undefined ? { csv } : {}),
    ...(fileId !== undefined ? { fileId } : {}),
    dryRun: values.dryRun !== false,
    ...(values.decimalMark === 'point' || values.decimalMark === 'comma' ? { decimalMark: values.decimalMark } : {}),
    ...(typeof values.sheet === 'string' && values.sheet.trim() !== '' ? { sheet: values.sheet.trim() } : {}),
  };
}

/**
 * Where a service error path belongs on the form: the field, and for a list (people, milestone dates) the
 * position of the entry the message is about. Undefined when no field of the form shows it.
 */
export function fieldOfError(form: FormSpec, path: string): { field: string; index?: number } | undefined {
  const alias = form.aliases?.[path];
  if (alias) return { field: alias };
  const [head = '', second] = path.split('.');
  const nested = Object.entries(form.aliases ?? {}).find(([key]) => path.startsWith(`${key}.`));
  if (nested) return { field: nested[1] };
  if (!form.fields.some((field) => field.name === head)) return undefined;
  const index = second !== undefined && /^\d+$/.test(second) ? Number(second) : undefined;
  return index === undefined ? { field: head } : { field: head, index };
}

/** A list typed into one box: split on commas, semicolons and line breaks. */
export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

function compact(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}
