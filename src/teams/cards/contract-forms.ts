import {
  DIRECTIONS,
  type EscalationLevel,
  GOVERNANCE_ROLES,
  type Governance,
  type GovernanceRole,
  KPI_KINDS,
  type Kpi,
  type Person,
  RESPONDENTS,
} from '../../domain/types';
import { peopleText } from '../people-text';
import { CARD_ACTIONS, formInputId, pathInputId } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  type Container,
  execute,
  heading,
  type InputChoiceSet,
  literal,
  paragraph,
  personName,
  text,
} from './adaptive-card';
import { type FormProblem, field, formBanner, inputIdsOf } from './forms';

/**
 * The management forms Slack shows as modals (src/slack/blocks/contract-modals.ts), as Adaptive Cards
 * posted in reply to the command: the same fields, one Action.Execute (with its Action.Submit fallback)
 * that sends every input to the same service call. Rejected input comes back as the same card with the
 * typed values and each message under its input; success replaces the form with a confirmation.
 *
 * People are typed as emails or Microsoft Entra object ids: a card cannot search Slack's or Teams'
 * directory for a multi-person field in every client, and both ids are what the service reads.
 */

export const CADENCE_TYPES = ['weekly', 'monthly', 'quarterly', 'milestones'] as const;
/** The most levels the path form offers, as on Slack. */
export const ESCALATION_FORM_LEVELS = 4;

const PEOPLE_PLACEHOLDER = 'name@example.com, 6f1c1c7e-…';

/** The input ids of the contract form, by the service's field name. */
export const CONTRACT_FIELDS = [
  'reference',
  'title',
  'vendorName',
  'value',
  'currency',
  'startDate',
  'endDate',
  'timezone',
  'category',
  'vendorContacts',
] as const;
export type ContractField = (typeof CONTRACT_FIELDS)[number];

/** `steward new`: everything a contract needs to start. */
export function contractCreateCard(
  defaults: { timezone?: string; startDate?: string },
  problem?: FormProblem,
): AdaptiveCard {
  const id = (name: ContractField) => formInputId('contract', name);
  const fields: CardElement[] = [
    ...field(
      {
        type: 'Input.Text',
        id: id('reference'),
        label: 'Reference',
        placeholder: 'e.g. ACME-2026-001',
        maxLength: 40,
        isRequired: true,
        errorMessage: 'Give the contract a reference, like ACME-2026-001.',
      },
      problem,
    ),
    text('A short, unique id people type in commands: capital letters, digits and dashes.', {
      isSubtle: true,
      spacing: 'None',
      size: 'Small',
    }),
    ...field(
      {
        type: 'Input.Text',
        id: id('title'),
        label: 'Title',
        placeholder: 'e.g. Facilities management, HQ campus',
        maxLength: 200,
        isRequired: true,
        errorMessage: 'Give the contract a title.',
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Text',
        id: id('vendorName'),
        label: 'Vendor',
        placeholder: 'The supplier’s legal name',
        maxLength: 200,
        isRequired: true,
        errorMessage: 'Name the vendor.',
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Number',
        id: id('value'),
        label: 'Contract value',
        min: 0,
        isRequired: true,
        errorMessage: 'Enter the contract value, like 1200000.',
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Text',
        id: id('currency'),
        label: 'Currency',
        value: 'EUR',
        placeholder: 'ISO code, e.g. EUR',
        maxLength: 3,
        isRequired: true,
        errorMessage: 'Enter a three-letter currency code, like EUR.',
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Date',
        id: id('startDate'),
        label: 'Start date',
        ...(defaults.startDate ? { value: defaults.startDate } : {}),
        isRequired: true,
        errorMessage: 'Pick the start date.',
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Date',
        id: id('endDate'),
        label: 'End date',
        isRequired: true,
        errorMessage: 'Pick the end date.',
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Text',
        id: id('timezone'),
        label: 'Timezone (check-ins go out at local times in this zone)',
        placeholder: defaults.timezone ? `e.g. ${defaults.timezone}` : 'e.g. Europe/Berlin; empty: Steward’s default',
        ...(defaults.timezone ? { value: defaults.timezone } : {}),
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Text',
        id: id('category'),
        label: 'Category (optional)',
        placeholder: 'e.g. Facilities',
        maxLength: 80,
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Text',
        id: id('vendorContacts'),
        label: 'Vendor contacts (optional): emails or Microsoft Entra object ids',
        placeholder: PEOPLE_PLACEHOLDER,
        isMultiline: true,
        maxLength: 2000,
      },
      problem,
    ),
    text('People at the vendor who answer vendor check-ins and see the vendor scorecard.', {
      isSubtle: true,
      spacing: 'None',
      size: 'Small',
    }),
  ];
  return adaptiveCard([
    heading('📁 New contract'),
    ...formBanner(problem, inputIdsOf(fields)),
    ...fields,
    actionSet([execute('Create contract', { action: CARD_ACTIONS.contractCreate }, 'positive')]),
  ]);
}

export const KPI_FIELDS = [
  'key',
  'name',
  'unit',
  'kind',
  'direction',
  'baseline',
  'target',
  'warningThreshold',
  'breachThreshold',
  'weight',
  'cadence',
  'milestoneDates',
  'respondent',
  'evidenceRequired',
  'vendorVisible',
] as const;
export type KpiField = (typeof KPI_FIELDS)[number];

const KIND_LABELS: Record<(typeof KPI_KINDS)[number], string> = {
  percent: 'Percent',
  number: 'Number',
  currency: 'Currency amount',
  duration: 'Duration',
  'yes-no': 'Yes / no',
  rating: 'Rating 1–5',
};

const DIRECTION_LABELS: Record<(typeof DIRECTIONS)[number], string> = {
  'higher-is-better': 'Higher is better',
  'lower-is-better': 'Lower is better',
};

const CADENCE_LABELS: Record<(typeof CADENCE_TYPES)[number], string> = {
  weekly: 'Weekly',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  milestones: 'On milestone dates',
};

const RESPONDENT_LABELS: Record<(typeof RESPONDENTS)[number], string> = {
  owner: 'Contract owner',
  vendor: 'Vendor',
};

function choices<T extends string>(values: readonly T[], labels: Record<T, string>): InputChoiceSet['choices'] {
  return values.map((value) => ({ title: labels[value], value }));
}

/** What the KPI form edits: the KPI as it is (editing), or only its key (a key the person chose earlier). */
export interface KpiFormSubject {
  reference: string;
  /** Editing this KPI; a new version is saved, past scores keep theirs. */
  existing?: Pick<Kpi, 'key' | 'version'> & Partial<Kpi>;
}

/** `steward kpi REF [KEY]`: adds a KPI, or edits one (prefilled with its current definition). */
export function kpiFormCard(subject: KpiFormSubject, problem?: FormProblem): AdaptiveCard {
  const k = subject.existing;
  const id = (name: KpiField) => formInputId('kpi', name);
  const number = (
    name: KpiField,
    label: string,
    value: number | undefined,
    extra: { min?: number; max?: number } = {},
  ) =>
    field(
      {
        type: 'Input.Number',
        id: id(name),
        label,
        ...extra,
        ...(value === undefined ? {} : { value }),
        isRequired: true,
        errorMessage: `Enter the ${label.toLowerCase().replace(/ \(.*$/, '')}.`,
      },
      problem,
    );
  const cadence = k?.cadence;
  const fields: CardElement[] = [
    ...(k
      ? []
      : field(
          {
            type: 'Input.Text',
            id: id('key'),
            label: 'Key (lowercase letters, digits and dashes, used in commands)',
            placeholder: 'e.g. availability',
            maxLength: 40,
            isRequired: true,
            errorMessage: 'Give the KPI a key, like availability.',
          },
          problem,
        )),
    ...field(
      {
        type: 'Input.Text',
        id: id('name'),
        label: 'Name',
        placeholder: 'e.g. Service availability',
        maxLength: 120,
        isRequired: true,
        errorMessage: 'Name the KPI.',
        ...(k?.name ? { value: k.name } : {}),
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Text',
        id: id('unit'),
        label: 'Unit (optional)',
        placeholder: 'e.g. %, h, EUR, tickets',
        maxLength: 20,
        ...(k?.unit ? { value: k.unit } : {}),
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.ChoiceSet',
        id: id('kind'),
        label: 'Kind of value',
        style: 'compact',
        choices: choices(KPI_KINDS, KIND_LABELS),
        value: k?.kind ?? 'percent',
        isRequired: true,
        errorMessage: 'Choose the kind of value.',
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.ChoiceSet',
        id: id('direction'),
        label: 'Direction',
        style: 'compact',
        choices: choices(DIRECTIONS, DIRECTION_LABELS),
        value: k?.direction ?? 'higher-is-better',
        isRequired: true,
        errorMessage: 'Choose whether higher or lower is better.',
      },
      problem,
    ),
    ...number('baseline', 'Baseline', k?.baseline),
    ...number('target', 'Target', k?.target),
    ...number('warningThreshold', 'Warning threshold (amber from this value)', k?.warningThreshold),
    ...number('breachThreshold', 'Breach threshold (red from this value)', k?.breachThreshold),
    ...number('weight', 'Weight in the overall score', k?.weight ?? 1, { min: 0, max: 100 }),
    ...field(
      {
        type: 'Input.ChoiceSet',
        id: id('cadence'),
        label: 'Cadence',
        style: 'compact',
        choices: choices(CADENCE_TYPES, CADENCE_LABELS),
        value: cadence?.type ?? 'monthly',
        isRequired: true,
        errorMessage: 'Choose how often the KPI is measured.',
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Text',
        id: id('milestoneDates'),
        label: 'Milestone dates (only for the milestone cadence)',
        placeholder: 'YYYY-MM-DD, YYYY-MM-DD',
        maxLength: 2000,
        ...(cadence?.type === 'milestones' ? { value: cadence.dates.join(', ') } : {}),
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.ChoiceSet',
        id: id('respondent'),
        label: 'Who answers',
        style: 'compact',
        choices: choices(RESPONDENTS, RESPONDENT_LABELS),
        value: k?.respondent ?? 'owner',
        isRequired: true,
        errorMessage: 'Choose who answers the check-ins.',
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Toggle',
        id: id('evidenceRequired'),
        title: 'Evidence link required with every score',
        valueOn: 'true',
        valueOff: 'false',
        value: String(k?.evidenceRequired ?? false),
        wrap: true,
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Toggle',
        id: id('vendorVisible'),
        title: 'Vendor may see this KPI (shared channels, vendor scorecard)',
        valueOn: 'true',
        valueOff: 'false',
        value: String(k?.vendorVisible ?? true),
        wrap: true,
      },
      problem,
    ),
  ];
  const head: CardElement[] = k
    ? [
        paragraph([
          literal(`📏 Editing ${k.name ?? k.key} (${k.key}, version ${k.version}) on ${subject.reference}`, {
            weight: 'Bolder',
            size: 'Medium',
          }),
        ]),
        text('Saving creates a new version; scores already given keep the version they were given under.', {
          isSubtle: true,
        }),
      ]
    : [paragraph([literal(`📏 New KPI on ${subject.reference}`, { weight: 'Bolder', size: 'Medium' })])];
  const data = {
    action: CARD_ACTIONS.kpiSave,
    reference: subject.reference,
    ...(k ? { kpiKey: k.key, version: k.version, ...(k.name ? { kpiName: k.name } : {}) } : {}),
  };
  return adaptiveCard([
    ...head,
    ...formBanner(problem, inputIdsOf(fields)),
    ...fields,
    actionSet([execute('Save KPI', data, 'positive')]),
  ]);
}

const ROLE_LABELS: Record<GovernanceRole, string> = {
  owner: 'Owner',
  procurement: 'Procurement',
  legal: 'Legal',
  finance: 'Finance',
  operations: 'Operations',
};

/** `steward roles REF`: who holds each governance role, prefilled with who holds it now. */
export function rolesFormCard(reference: string, current: Governance, problem?: FormProblem): AdaptiveCard {
  const fields: CardElement[] = [];
  for (const role of GOVERNANCE_ROLES) {
    const people = current[role] ?? [];
    fields.push(
      ...field(
        {
          type: 'Input.Text',
          id: formInputId('roles', role),
          label: `${ROLE_LABELS[role]}${role === 'owner' ? ' (at least one)' : ''}`,
          placeholder: PEOPLE_PLACEHOLDER,
          maxLength: 2000,
          ...(people.length > 0 ? { value: peopleText(people) } : {}),
          ...(role === 'owner' ? { isRequired: true, errorMessage: 'A contract needs at least one owner.' } : {}),
        },
        problem,
      ),
      ...nowHolding(people),
    );
  }
  return adaptiveCard([
    paragraph([literal(`👥 Governance roles of ${reference}`, { weight: 'Bolder', size: 'Medium' })]),
    text(
      'Emails or Microsoft Entra object ids, separated by commas. Saving sets every role as written here: a role left empty has nobody.',
      { isSubtle: true },
    ),
    ...formBanner(problem, inputIdsOf(fields)),
    ...fields,
    actionSet([execute('Save roles', { action: CARD_ACTIONS.rolesSave, reference }, 'positive')]),
  ]);
}

/** `steward path REF`: who is told at each level and how long they have to acknowledge. */
export function escalationPathCard(
  reference: string,
  current: readonly EscalationLevel[],
  problem?: FormProblem,
): AdaptiveCard {
  const levels: Container[] = [];
  for (let level = 1; level <= ESCALATION_FORM_LEVELS; level += 1) {
    const now = current.find((entry) => entry.level === level);
    const hours = now?.ackWithinHours ?? (level === 1 ? 24 : undefined);
    levels.push({
      type: 'Container',
      separator: level > 1,
      spacing: 'Medium',
      items: [
        text(`Level ${level}${level === 1 ? ' (told first)' : ' (optional)'}`, { weight: 'Bolder' }),
        ...field(
          {
            type: 'Input.Text',
            id: pathInputId(level, 'people'),
            label: 'People to notify: emails or Microsoft Entra object ids',
            placeholder: PEOPLE_PLACEHOLDER,
            maxLength: 2000,
            ...(now && now.people.length > 0 ? { value: peopleText(now.people) } : {}),
          },
          problem,
        ),
        ...nowHolding(now?.people ?? []),
        ...field(
          {
            type: 'Input.ChoiceSet',
            id: pathInputId(level, 'role'),
            label: 'And/or everyone holding a role',
            style: 'compact',
            placeholder: 'No role',
            choices: GOVERNANCE_ROLES.map((role) => ({ title: ROLE_LABELS[role], value: role })),
            ...(now?.role ? { value: now.role } : {}),
          },
          problem,
        ),
        ...field(
          {
            type: 'Input.Number',
            id: pathInputId(level, 'hours'),
            label: 'Hours to acknowledge before the next level is told',
            min: 1,
            max: 720,
            ...(hours === undefined ? {} : { value: hours }),
          },
          problem,
        ),
      ],
    });
  }
  return adaptiveCard([
    paragraph([literal(`🪜 Escalation path of ${reference}`, { weight: 'Bolder', size: 'Medium' })]),
    text(
      'Level 1 is told first; each level climbs to the next when nobody acknowledges in time. Leave the levels you do not need empty.',
      { isSubtle: true },
    ),
    ...formBanner(problem, inputIdsOf(levels)),
    ...levels,
    actionSet([execute('Save escalation path', { action: CARD_ACTIONS.escalationPathSave, reference }, 'positive')]),
  ]);
}

/** Who the prefilled ids are, by name, so the person sees whom they keep or remove. */
function nowHolding(people: readonly Person[]): CardElement[] {
  const named = people.filter((person) => person.name);
  if (named.length === 0) return [];
  return [paragraph([literal(`Now: ${people.map(personName).join(', ')}`, { isSubtle: true, size: 'Small' })], 'None')];
}

/**
 * The form replaced once the service accepted it: what was saved, in our words around the stored text, and
 * anything more worth knowing now (the lessons from earlier contracts, after a contract is created).
 */
export function formDoneCard(headline: string, next?: string, more: readonly CardElement[] = []): AdaptiveCard {
  return adaptiveCard([
    paragraph([literal(`✅ ${headline}`, { weight: 'Bolder' })]),
    ...(next ? [paragraph([literal(next, { isSubtle: true })], 'Small')] : []),
    ...more,
  ]);
}
