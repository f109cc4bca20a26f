import type { types } from '@slack/bolt';
import { DIRECTIONS, GOVERNANCE_ROLES, KPI_KINDS, type Kpi, RESPONDENTS } from '../../domain/types';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import {
  CADENCE_TYPES,
  CONTRACT_FIELDS,
  ESCALATION_LEVELS,
  GOVERNANCE_FIELDS,
  KPI_FIELDS,
  levelField,
} from '../service-inputs';
import {
  context,
  input,
  type KnownBlock,
  type ModalView,
  modal,
  multiUsersSelect,
  numberInput,
  option,
  section,
  staticSelect,
  textInput,
} from './kit';
import { escapeMrkdwn } from './mrkdwn';

function datepicker(initial?: string): types.Datepicker {
  return { type: 'datepicker', action_id: '', ...(initial ? { initial_date: initial } : {}) };
}

/** `/steward new`: everything a contract needs to start. */
export function contractCreateModal(ctx: ModalContext, defaults: { timezone: string; startDate?: string }): ModalView {
  const f = CONTRACT_FIELDS;
  return modal({
    callbackId: VIEW.contractCreate,
    title: 'New contract',
    submit: 'Create',
    privateMetadata: encodeModalContext(ctx),
    blocks: [
      input(f.reference, 'Reference', textInput({ placeholder: 'e.g. ACME-2026-001', maxLength: 40 }), {
        hint: 'A short, unique id people type in commands: capital letters, digits and dashes.',
      }),
      input(f.title, 'Title', textInput({ placeholder: 'e.g. Facilities management, HQ campus', maxLength: 200 })),
      input(f.vendorName, 'Vendor', textInput({ placeholder: 'The supplier’s legal name', maxLength: 200 })),
      input(f.value, 'Contract value', numberInput({ decimals: true, min: 0 })),
      input(f.currency, 'Currency', textInput({ initial: 'EUR', placeholder: 'ISO code, e.g. EUR', maxLength: 3 })),
      input(f.startDate, 'Start date', datepicker(defaults.startDate)),
      input(f.endDate, 'End date', datepicker()),
      input(f.timezone, 'Timezone', textInput({ initial: defaults.timezone, placeholder: 'e.g. Europe/Berlin' }), {
        hint: 'Check-ins go out at local times in this zone.',
      }),
      input(f.category, 'Category', textInput({ placeholder: 'e.g. Facilities', maxLength: 80 }), { optional: true }),
      input(f.vendorContacts, 'Vendor contacts', multiUsersSelect(), {
        optional: true,
        hint: 'People at the vendor (Slack Connect users) who answer vendor check-ins and see the vendor scorecard.',
      }),
    ],
  });
}

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

function checkbox(text: string, value: string, checked: boolean): types.Checkboxes {
  const choice = { text: { type: 'plain_text' as const, text }, value };
  return { type: 'checkboxes', action_id: '', options: [choice], ...(checked ? { initial_options: [choice] } : {}) };
}

/** `/steward kpi REF [KEY]`: adds a KPI, or edits one (a new version; past scores keep theirs). */
export function kpiEditModal(ctx: ModalContext, reference: string, existing?: Kpi): ModalView {
  const f = KPI_FIELDS;
  const k = existing;
  const blocks: KnownBlock[] = [
    section(
      k
        ? `Editing *${escapeMrkdwn(k.name)}* (\`${escapeMrkdwn(k.key)}\`, version ${k.version}) on *${escapeMrkdwn(reference)}*`
        : `New KPI on *${escapeMrkdwn(reference)}*`,
    ),
  ];
  if (k) {
    blocks.push(context('Saving creates a new version; scores already given keep the version they were given under.'));
  } else {
    blocks.push(
      input(f.key, 'Key', textInput({ placeholder: 'e.g. availability', maxLength: 64 }), {
        hint: 'Short id used in commands: lowercase letters, digits and dashes.',
      }),
    );
  }
  const cadence = k?.cadence;
  blocks.push(
    input(f.name, 'Name', textInput({ initial: k?.name, placeholder: 'e.g. Service availability', maxLength: 150 })),
    input(f.unit, 'Unit', textInput({ initial: k?.unit, placeholder: 'e.g. %, h, EUR, tickets', maxLength: 20 }), {
      optional: true,
    }),
    input(
      f.kind,
      'Kind of value',
      staticSelect(
        KPI_KINDS.map((kind) => option(KIND_LABELS[kind], kind)),
        k?.kind,
      ),
    ),
    input(
      f.direction,
      'Direction',
      staticSelect(
        DIRECTIONS.map((direction) => option(DIRECTION_LABELS[direction], direction)),
        k?.direction ?? 'higher-is-better',
      ),
    ),
    input(f.baseline, 'Baseline', numberInput({ decimals: true, initial: k?.baseline })),
    input(f.target, 'Target', numberInput({ decimals: true, initial: k?.target })),
    input(f.warningThreshold, 'Warning threshold', numberInput({ decimals: true, initial: k?.warningThreshold }), {
      hint: 'Amber from this value.',
    }),
    input(f.breachThreshold, 'Breach threshold', numberInput({ decimals: true, initial: k?.breachThreshold }), {
      hint: 'Red from this value.',
    }),
    input(
      f.weight,
      'Weight in the overall score',
      numberInput({ decimals: true, min: 0, max: 100, initial: k?.weight ?? 1 }),
    ),
    input(
      f.cadence,
      'Cadence',
      staticSelect(
        CADENCE_TYPES.map((type) => option(CADENCE_LABELS[type], type)),
        cadence?.type ?? 'monthly',
      ),
    ),
    input(
      f.milestoneDates,
      'Milestone dates',
      textInput({
        initial: cadence?.type === 'milestones' ? cadence.dates.join(', ') : undefined,
        placeholder: 'YYYY-MM-DD, YYYY-MM-DD',
      }),
      { optional: true, hint: 'Only for the milestone cadence.' },
    ),
    input(
      f.respondent,
      'Who answers',
      staticSelect(
        RESPONDENTS.map((respondent) => option(RESPONDENT_LABELS[respondent], respondent)),
        k?.respondent ?? 'owner',
      ),
    ),
    input(
      f.evidenceRequired,
      'Evidence',
      checkbox('Evidence link required with every score', 'yes', k?.evidenceRequired ?? false),
      {
        optional: true,
      },
    ),
    input(
      f.vendorVisible,
      'Visibility',
      checkbox('Vendor may see this KPI (shared channels, vendor scorecard)', 'yes', k?.vendorVisible ?? true),
      { optional: true },
    ),
  );
  return modal({
    callbackId: VIEW.kpiEdit,
    title: k ? 'Edit KPI' : 'Add KPI',
    submit: 'Save',
    privateMetadata: encodeModalContext(ctx),
    blocks,
  });
}

const ROLE_LABELS: Record<(typeof GOVERNANCE_ROLES)[number], string> = {
  owner: 'Owner',
  procurement: 'Procurement',
  legal: 'Legal',
  finance: 'Finance',
  operations: 'Operations',
};

/** `/steward roles REF`: who holds each governance role. */
export function contractRolesModal(ctx: ModalContext, reference: string): ModalView {
  return modal({
    callbackId: VIEW.contractRoles,
    title: 'Governance roles',
    submit: 'Save roles',
    privateMetadata: encodeModalContext(ctx),
    blocks: [
      section(`Who holds each role on *${escapeMrkdwn(reference)}*.`),
      context('Roles you leave empty keep the people they have now.'),
      ...GOVERNANCE_ROLES.map((role) =>
        input(GOVERNANCE_FIELDS[role], ROLE_LABELS[role], multiUsersSelect(), { optional: true }),
      ),
    ],
  });
}

/** `/steward path REF`: who is told at each escalation level, and how long they have to acknowledge. */
export function escalationPathModal(ctx: ModalContext, reference: string): ModalView {
  const blocks: KnownBlock[] = [
    section(
      `Escalation path for *${escapeMrkdwn(reference)}*: level 1 is told first; each level climbs to the next when nobody acknowledges in time.`,
    ),
  ];
  for (let level = 1; level <= ESCALATION_LEVELS; level += 1) {
    const optional = level > 1;
    blocks.push(
      input(levelField(level, 'people'), `Level ${level}: people`, multiUsersSelect(), { optional }),
      input(
        levelField(level, 'hours'),
        `Level ${level}: hours to acknowledge`,
        numberInput({ decimals: false, min: 1, max: 24 * 30, ...(level === 1 ? { initial: 24 } : {}) }),
        { optional },
      ),
    );
  }
  return modal({
    callbackId: VIEW.escalationPath,
    title: 'Escalation path',
    submit: 'Save path',
    privateMetadata: encodeModalContext(ctx),
    blocks,
  });
}
