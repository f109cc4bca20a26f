import { z } from 'zod';
import { StewardError } from '../domain/errors';
import { validateScoreValue, validateThresholds } from '../domain/evaluation';
import { LIMITS } from '../domain/limits';
import { isValidIsoDate, isValidTimezone } from '../domain/local-time';
import { TEAMS_USER_ID } from '../domain/teams-user-id';
import {
  CHANNEL_PURPOSES,
  CONTRACT_STATUSES,
  CORRECTIVE_ACTION_STATUSES,
  DIRECTIONS,
  GOVERNANCE_ROLES,
  type Governance,
  KPI_KINDS,
  type KpiDefinition,
  type KpiKind,
  OBLIGATION_KINDS,
  OBLIGATION_OUTCOMES,
  type Person,
  RESPONDENTS,
  REVIEW_CADENCES,
  VALUE_KINDS,
} from '../domain/types';
import { RECURRENCES, RISK_STATUSES } from '../store/records';

/**
 * Every input a person can give, as zod schemas. Modals and cards send what was typed (strings
 * included), so numbers, booleans and dates are read leniently ("99,5", "yes", " 2026-03-31 ") and
 * judged strictly. Each message names the field, says what was wrong and shows how to get it right,
 * e.g. "Target must be a number, like 99.5." `parseInput` turns failures into one StewardError with
 * the messages keyed by field path (`vendorContacts.0.email`) for inline errors.
 *
 * Unknown keys are dropped (zod's default), so nothing a client adds, such as `$where`, reaches the store.
 */

/** Validates `data`; on failure throws StewardError('validation') with `fieldErrors` keyed by field path. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || 'form';
    fieldErrors[key] ??= issue.path.length === 0 && issue.code === 'invalid_type' ? FORM_EXPECTED : issue.message;
  }
  const messages = [...new Set(Object.values(fieldErrors))];
  const message =
    messages.length === 1 ? messages[0]! : `Please fix these ${messages.length} things: ${messages.join(' ')}`;
  throw new StewardError('validation', message, { fieldErrors });
}

const FORM_EXPECTED = 'Fill in the form: the values arrived in a shape Steward does not understand.';

// ---------------------------------------------------------------------------------------------
// Field builders. `label` starts each message, as the person sees the field.

type ErrorFor = (issue: { input?: unknown }) => string;
const requiredOr =
  (label: string, invalid: string): ErrorFor =>
  (issue) =>
    issue.input === undefined || issue.input === null ? `${label} is required.` : invalid;

/**
 * Bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069) reorder what follows them
 * on screen: a title "Pay" + U+202E + "fdp.exe" reads "Payexe.pdf" (Trojan Source, CVE-2021-42574). Nobody
 * types them on purpose in a title or a comment, so they are dropped; the implicit marks U+200E/U+200F,
 * which right-to-left writers do use, stay.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

const blankToUndefined = (value: unknown) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.replace(BIDI_CONTROLS, '').trim();
  return trimmed === '' ? undefined : trimmed;
};

/** Required text, trimmed. */
export function text(label: string, options: { min?: number; max?: number } = {}) {
  const { min = 1, max = 200 } = options;
  return z.preprocess(
    blankToUndefined,
    z
      .string({ error: requiredOr(label, `${label} must be text.`) })
      .min(min, `${label} must be at least ${min} characters.`)
      .max(max, `${label} must be at most ${max} characters.`),
  );
}

/** Optional text, trimmed; an empty field counts as not given. */
export function optionalText(label: string, options: { max?: number } = {}) {
  const { max = 200 } = options;
  return z.preprocess(
    blankToUndefined,
    z
      .string({ error: `${label} must be text.` })
      .max(max, `${label} must be at most ${max} characters.`)
      .optional(),
  );
}

/** Reads "99.5", "99,5", "1,200,000", "1 200 000" and "99.5%" as numbers; leaves anything else for zod to refuse. */
function toNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  let s = value
    .trim()
    .replace(/%$/, '')
    .replace(/[\s_\u00A0]/g, '');
  if (s === '') return undefined;
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^[-+]?\d*,\d+$/.test(s)) s = s.replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return value;
  return Number(s);
}

interface NumberRule {
  /** Shown in messages: "like 99.5". */
  example: string;
  min?: number;
  max?: number;
  integer?: boolean;
  /** Overrides the range wording, e.g. "a whole number from 1 to 5". */
  rule?: string;
}

function numberSchema(label: string, rule: NumberRule) {
  const range =
    rule.rule ??
    (rule.min !== undefined && rule.max !== undefined
      ? `${rule.integer ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max}`
      : rule.min !== undefined
        ? `${rule.integer ? 'a whole number' : 'a number'} of ${rule.min} or more`
        : undefined);
  const invalid = `${label} must be ${range ?? 'a number'}, like ${rule.example}.`;
  let schema = z.number({ error: requiredOr(label, invalid) });
  if (rule.integer) schema = schema.int(invalid);
  if (rule.min !== undefined) schema = schema.min(rule.min, invalid);
  if (rule.max !== undefined) schema = schema.max(rule.max, invalid);
  return schema;
}

export function numberField(label: string, rule: NumberRule) {
  return z.preprocess(toNumber, numberSchema(label, rule));
}

export function optionalNumber(label: string, rule: NumberRule) {
  return z.preprocess(toNumber, numberSchema(label, rule).optional());
}

const TRUE_WORDS = ['true', 'yes', 'y', 'on', '1', 'checked'];
const FALSE_WORDS = ['false', 'no', 'n', 'off', '0', ''];

export function booleanField(label: string, fallback = false) {
  return z.preprocess(
    (value) => {
      if (value === undefined || value === null) return fallback;
      if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : value;
      if (typeof value !== 'string') return value;
      const word = value.trim().toLowerCase();
      return TRUE_WORDS.includes(word) ? true : FALSE_WORDS.includes(word) ? false : value;
    },
    z.boolean({ error: `${label} must be yes or no.` }),
  );
}

function choice<const T extends readonly [string, ...string[]]>(label: string, values: T) {
  const list = `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
  return z.preprocess(
    (value) => (typeof value === 'string' ? blankToUndefined(value.toLowerCase()) : value),
    z.enum(values, { error: requiredOr(label, `${label} must be ${list}.`) }),
  );
}

function optionalChoice<const T extends readonly [string, ...string[]]>(label: string, values: T) {
  const list = `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
  return z.preprocess(
    (value) => (typeof value === 'string' ? blankToUndefined(value.toLowerCase()) : value),
    z.enum(values, { error: `${label} must be ${list}.` }).optional(),
  );
}

const dateMessage = (label: string) => `${label} must be a real date written YYYY-MM-DD, like 2026-03-31.`;

function dateSchema(label: string) {
  return z
    .string({ error: requiredOr(label, dateMessage(label)) })
    .regex(/^\d{4}-\d{2}-\d{2}$/, dateMessage(label))
    .refine(isValidIsoDate, {
      error: (issue) => `${String(issue.input)} is not a day in the calendar. ${dateMessage(label)}`,
    });
}

/** A calendar date, YYYY-MM-DD, that exists (2026-02-30 is refused). */
export function isoDate(label: string) {
  return z.preprocess(blankToUndefined, dateSchema(label));
}

export function optionalIsoDate(label: string) {
  return z.preprocess(blankToUndefined, dateSchema(label).optional());
}

const TIMEZONE_MESSAGE = 'Timezone must be an IANA zone such as Europe/Berlin, America/New_York or UTC.';

/** A real IANA zone, in its canonical spelling ("utc" becomes "UTC"). */
export const timezoneInput = z.preprocess(
  blankToUndefined,
  z
    .string({ error: requiredOr('Timezone', TIMEZONE_MESSAGE) })
    .refine(isValidTimezone, TIMEZONE_MESSAGE)
    .transform((zone) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone),
);

const REFERENCE_MESSAGE =
  'Reference must be 3 to 40 capital letters, digits and dashes, starting and ending with a letter or digit, like ACME-2026-001.';

/** A contract reference such as ACME-2026-001; typed lower case, it is read as upper case. */
export const referenceInput = z.preprocess(
  (value) => (typeof value === 'string' ? blankToUndefined(value.toUpperCase()) : value),
  z
    .string({ error: requiredOr('Reference', REFERENCE_MESSAGE) })
    .regex(/^[A-Z0-9][A-Z0-9-]{1,38}[A-Z0-9]$/, REFERENCE_MESSAGE),
);

const KPI_KEY_MESSAGE =
  'Key must start with a letter and use only lowercase letters, digits and dashes (at most 40), like first-response-time.';

export const kpiKeyInput = z.preprocess(
  (value) => (typeof value === 'string' ? blankToUndefined(value.toLowerCase()) : value),
  z.string({ error: requiredOr('Key', KPI_KEY_MESSAGE) }).regex(/^[a-z][a-z0-9-]{0,39}$/, KPI_KEY_MESSAGE),
);

const CURRENCY_MESSAGE = 'Currency must be a three-letter ISO code, like EUR or USD.';

export const currencyInput = z.preprocess(
  (value) => (typeof value === 'string' ? blankToUndefined(value.toUpperCase()) : value),
  z.string({ error: requiredOr('Currency', CURRENCY_MESSAGE) }).regex(/^[A-Z]{3}$/, CURRENCY_MESSAGE),
);

const PERIOD_KEY_MESSAGE =
  'Period must be written like 2026-03 (month), 2026-Q1 (quarter), 2026-W09 (week) or M-2026-03-31 (milestone).';

export const periodKeyInput = z.preprocess(
  blankToUndefined,
  z
    .string({ error: requiredOr('Period', PERIOD_KEY_MESSAGE) })
    .regex(
      /^(\d{4}-W(0[1-9]|[1-4]\d|5[0-3])|\d{4}-(0[1-9]|1[0-2])|\d{4}-Q[1-4]|M-\d{4}-\d{2}-\d{2})$/,
      PERIOD_KEY_MESSAGE,
    )
    .refine((key) => !key.startsWith('M-') || isValidIsoDate(key.slice(2)), PERIOD_KEY_MESSAGE),
);

export function urlField(label: string) {
  const message = `${label} must be a link starting with https:// (or http://), like https://example.com/report.pdf.`;
  return z.preprocess(
    blankToUndefined,
    z
      .string({ error: message })
      .max(LIMITS.url, `${label} must be at most ${LIMITS.url} characters.`)
      .refine((value) => {
        try {
          const url = new URL(value);
          return url.protocol === 'https:' || url.protocol === 'http:';
        } catch {
          return false;
        }
      }, message)
      .optional(),
  );
}

// ---------------------------------------------------------------------------------------------
// People

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const SLACK_TEAM = /^[TE][A-Z0-9]{2,}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A person: an object with at least one of slackUserId, teamsUserId or email, or simply a Slack
 * user id (U…), a Teams user id (a GUID) or an email address as text.
 */
export const personInput = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const s = value.trim();
    if (SLACK_USER.test(s)) return { slackUserId: s };
    if (TEAMS_USER_ID.test(s)) return { teamsUserId: s.toLowerCase() };
    if (EMAIL.test(s)) return { email: s };
    return value;
  },
  z
    .object(
      {
        name: optionalText('Name', { max: LIMITS.personName }),
        email: z.preprocess(
          blankToUndefined,
          z.string().regex(EMAIL, 'Email must be an address like name@example.com.').max(254).optional(),
        ),
        slackUserId: z.preprocess(
          blankToUndefined,
          z
            .string()
            .regex(SLACK_USER, 'Slack user must be a user id like U0123ABCD; pick the person from the list.')
            .optional(),
        ),
        slackTeamId: z.preprocess(
          blankToUndefined,
          z.string().regex(SLACK_TEAM, 'Slack team must be a workspace id like T0123ABCD.').optional(),
        ),
        teamsUserId: z.preprocess(
          blankToUndefined,
          z
            .string()
            .regex(
              TEAMS_USER_ID,
              'Teams user must be a Microsoft Entra object id like 6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11.',
            )
            .transform((id) => id.toLowerCase())
            .optional(),
        ),
      },
      { error: 'Choose a person: pick a Slack or Teams user, or give an email address.' },
    )
    .refine((person) => Boolean(person.slackUserId || person.teamsUserId || person.email), {
      error: 'Choose a person: pick a Slack or Teams user, or give an email address.',
    }),
) as z.ZodType<Person>;

/** A vendor contact is a person. */
export const vendorContactInput = personInput;

function people(label: string, max = 20) {
  return z
    .array(personInput, { error: `${label} must be a list of people.` })
    .max(max, `${label} can name at most ${max} people.`);
}

// ---------------------------------------------------------------------------------------------
// Contracts

const contractFields = {
  title: text('Title', { max: LIMITS.contractTitle }),
  category: optionalText('Category', { max: LIMITS.category }),
  vendorName: text('Vendor name', { max: LIMITS.vendorName }),
  vendorContacts: people('Vendor contacts').optional(),
  value: numberField('Contract value', { example: '1200000', min: 0 }),
  currency: currencyInput,
  startDate: isoDate('Start date'),
  endDate: isoDate('End date'),
  timezone: timezoneInput.optional(),
  /** How often the governance review meets; quarterly when left out. */
  reviewCadence: optionalChoice('Review cadence', REVIEW_CADENCES),
  /** Fee per period for service credits, in the contract's currency. */
  periodFee: optionalNumber('Fee per period', { example: '25000', min: 0 }),
};

function endNotBeforeStart(value: { startDate?: string; endDate?: string }, ctx: z.RefinementCtx) {
  if (value.startDate && value.endDate && value.endDate < value.startDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['endDate'],
      message: `End date must be on or after the start date (${value.startDate}).`,
    });
  }
}

/** New contract, as the create modal sends it. New contracts start as draft or active. */
export const contractCreateInput = z
  .object({
    reference: referenceInput,
    ...contractFields,
    status: optionalChoice('Status', ['draft', 'active'] as const),
    owners: people('Owners', 10).optional(),
  })
  .superRefine(endNotBeforeStart);

/** Editing a contract: any of the fields, each judged as on creation. */
export const contractUpdateInput = z
  .object({
    title: contractFields.title.optional(),
    category: contractFields.category,
    vendorName: contractFields.vendorName.optional(),
    vendorContacts: contractFields.vendorContacts,
    value: optionalNumber('Contract value', { example: '1200000', min: 0 }),
    currency: currencyInput.optional(),
    startDate: optionalIsoDate('Start date'),
    endDate: optionalIsoDate('End date'),
    timezone: timezoneInput.optional(),
    reviewCadence: contractFields.reviewCadence,
    periodFee: contractFields.periodFee,
    buyerHolidays: z.array(isoDate('Holiday')).max(366).optional(),
    vendorHolidays: z.array(isoDate('Holiday')).max(366).optional(),
  })
  .superRefine(endNotBeforeStart);

export const contractStatusInput = z.object({
  status: choice('Status', CONTRACT_STATUSES),
  reason: optionalText('Reason', { max: LIMITS.statusReason }),
});

/** Governance roles → people; roles left out are left as they are. */
export const governanceInput = z.object(
  Object.fromEntries(GOVERNANCE_ROLES.map((role) => [role, people(`The ${role} role`, 10).optional()])) as Record<
    (typeof GOVERNANCE_ROLES)[number],
    z.ZodOptional<ReturnType<typeof people>>
  >,
) as unknown as z.ZodType<Governance>;

const escalationLevelInput = z.object({
  level: numberField('Level', { example: '1', min: 1, max: 10, integer: true }),
  role: optionalChoice('Role', GOVERNANCE_ROLES),
  people: people('People', 10).default([]),
  ackWithinHours: numberField('Time to acknowledge', {
    example: '24',
    min: 1,
    max: 720,
    integer: true,
    rule: 'a whole number of hours from 1 to 720',
  }),
});

/** `{ levels: [...] }` → the escalation path, levels sorted; each level names a role or people. */
export const escalationPathInput = z
  .object({
    levels: z
      .array(escalationLevelInput, { error: 'Add at least one escalation level.' })
      .min(1, 'Add at least one escalation level.')
      .max(10, 'An escalation path has at most 10 levels.'),
  })
  .superRefine((value, ctx) => {
    value.levels.forEach((level, index) => {
      if (!level.role && level.people.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', index, 'people'],
          message: `Level ${level.level} must name a role or at least one person to notify.`,
        });
      }
      if (level.level !== index + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', index, 'level'],
          message: `Levels must be numbered 1, 2, 3… in order; level ${index + 1} is missing or out of place.`,
        });
      }
    });
  })
  .transform((value) => value.levels);

/** Linking a Slack channel or Teams conversation to a contract. */
export const channelLinkInput = z
  .object({
    surface: choice('Surface', ['slack', 'teams'] as const),
    channelId: text('Channel', { max: 300 }),
    purpose: choice('Purpose', CHANNEL_PURPOSES),
    serviceUrl: urlField('Service URL'),
  })
  .superRefine((value, ctx) => {
    if (value.surface === 'slack' && !/^[CGD][A-Z0-9]{2,}$/.test(value.channelId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['channelId'],
        message: 'Channel must be a Slack channel id like C0123ABCD; pick the channel from the list.',
      });
    }
    if (value.surface === 'teams' && !value.serviceUrl) {
      ctx.addIssue({
        code: 'custom',
        path: ['serviceUrl'],
        message: 'Service URL is required for a Teams conversation; it comes with the Teams activity.',
      });
    }
  });

// ---------------------------------------------------------------------------------------------
// KPIs

const KIND_VALUE_RULES: Record<KpiKind, NumberRule> = {
  percent: { example: '99.5', min: 0, max: 100, rule: 'a percentage from 0 to 100' },
  rating: { example: '4', min: 1, max: 5, rule: 'a rating from 1 to 5' },
  'yes-no': { example: '1 (yes) or 0 (no)', min: 0, max: 1, rule: '1 (yes) or 0 (no)' },
  duration: { example: '4.5', min: 0, rule: 'a duration of 0 or more' },
  currency: { example: '1250.50', min: 0, rule: 'an amount of 0 or more' },
  number: { example: '42' },
};

const cadenceInput = z.preprocess(
  (value) => (typeof value === 'string' ? { type: value } : value),
  z.discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('weekly') }),
      z.object({ type: z.literal('monthly') }),
      z.object({ type: z.literal('quarterly') }),
      z.object({
        type: z.literal('milestones'),
        dates: z
          .array(isoDate('Milestone date'), { error: 'Milestones need their dates, written YYYY-MM-DD.' })
          .min(1, 'Milestones need at least one date, written YYYY-MM-DD, like 2026-06-30.')
          .max(100, 'A KPI can have at most 100 milestones.')
          .transform((dates) => [...new Set(dates)].sort()),
      }),
    ],
    { error: 'Cadence must be weekly, monthly, quarterly or milestones.' },
  ),
);

const kpiDefinitionFields = {
  name: text('Name', { max: LIMITS.kpiName }),
  unit: z.preprocess(
    (value) => (value === undefined || value === null ? '' : value),
    z.string().trim().max(LIMITS.kpiUnit, `Unit must be at most ${LIMITS.kpiUnit} characters, like % or h.`),
  ),
  kind: choice('Kind', KPI_KINDS),
  direction: choice('Direction', DIRECTIONS),
  baseline: numberField('Baseline', { example: '98' }),
  target: numberField('Target', { example: '99.5' }),
  warningThreshold: numberField('Warning threshold', { example: '99' }),
  breachThreshold: numberField('Breach threshold', { example: '98' }),
  weight: numberField('Weight', { example: '25', min: 0, max: 100, rule: 'a number from 0 to 100' }),
  cadence: cadenceInput,
  respondent: choice('Respondent', RESPONDENTS),
  evidenceRequired: booleanField('Evidence required'),
  vendorVisible: booleanField('Visible to vendor'),
};

/** Ranges per kind, threshold order (via the domain's rules) and vendor visibility of vendor-answered KPIs. */
function checkKpiDefinition(definition: KpiDefinition, ctx: z.RefinementCtx) {
  const labels = {
    baseline: 'Baseline',
    target: 'Target',
    warningThreshold: 'Warning threshold',
    breachThreshold: 'Breach threshold',
  };
  const rule = KIND_VALUE_RULES[definition.kind];
  let rangeProblem = false;
  for (const field of ['baseline', 'target', 'warningThreshold', 'breachThreshold'] as const) {
    const value = definition[field];
    const outside =
      (rule.min !== undefined && value < rule.min) ||
      (rule.max !== undefined && value > rule.max) ||
      (definition.kind === 'yes-no' && value !== 0 && value !== 1);
    if (outside) {
      rangeProblem = true;
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `${labels[field]} must be ${rule.rule ?? 'a number'} for a ${definition.kind} KPI, like ${rule.example}.`,
      });
    }
  }
  if (!rangeProblem) {
    for (const problem of validateThresholds(definition)) {
      ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    }
  }
  if (definition.respondent === 'vendor' && !definition.vendorVisible) {
    ctx.addIssue({
      code: 'custom',
      path: ['vendorVisible'],
      message: 'A KPI the vendor answers is shown to the vendor: tick "Visible to vendor", or let the owner answer it.',
    });
  }
}

/** A complete KPI definition without its key (e.g. an edit merged with the current definition). */
export const kpiDefinitionInput = z.object(kpiDefinitionFields).superRefine(checkKpiDefinition);

/** A new KPI or a full edit of one: key plus definition. */
export const kpiInput = z.object({ key: kpiKeyInput, ...kpiDefinitionFields }).superRefine(checkKpiDefinition);

/**
 * A partial edit. Only the fields given are judged here; merge them with the current definition and
 * parse the result with `kpiDefinitionInput` to check ranges and threshold order together.
 */
export const kpiUpdateInput = z.object({
  ...Object.fromEntries(Object.entries(kpiDefinitionFields).map(([key, schema]) => [key, schema.optional()])),
  reason: optionalText('Reason', { max: LIMITS.kpiChangeReason }),
  effectiveFrom: optionalIsoDate('Effective from'),
}) as unknown as z.ZodType<Partial<KpiDefinition> & { reason?: string; effectiveFrom?: string }>;

// ---------------------------------------------------------------------------------------------
// Check-ins and scores

const YES_WORDS = ['yes', 'y', 'true', 'met', 'ja', 'oui', 'si', 'sí'];
const NO_WORDS = ['no', 'n', 'false', 'not met', 'nein', 'non'];

/**
 * A score as typed for one KPI: the value is judged by the KPI's kind (percent 0–100, rating 1–5,
 * yes/no), and evidence is required when the KPI asks for it.
 */
export function scoreInputFor(kpi: Pick<KpiDefinition, 'kind' | 'unit' | 'evidenceRequired'>) {
  const rule = KIND_VALUE_RULES[kpi.kind];
  const unit = kpi.unit && kpi.kind !== 'percent' ? ` in ${kpi.unit}` : '';
  const hint = `Score must be ${rule.rule ?? 'a number'}${unit}, like ${rule.example}.`;
  return z
    .object({
      value: z.preprocess(
        (value) => {
          if (kpi.kind === 'yes-no' && typeof value === 'string') {
            const word = value.trim().toLowerCase();
            if (YES_WORDS.includes(word)) return 1;
            if (NO_WORDS.includes(word)) return 0;
          }
          return toNumber(value);
        },
        z
          .number({ error: requiredOr('Score', hint) })
          .refine((value) => validateScoreValue(value, kpi.kind) === null, hint),
      ),
      comment: optionalText('Comment', { max: LIMITS.comment }),
      evidenceUrl: urlField('Evidence'),
    })
    .superRefine((value, ctx) => {
      if (kpi.evidenceRequired && !value.evidenceUrl) {
        ctx.addIssue({
          code: 'custom',
          path: ['evidenceUrl'],
          message: 'Evidence is required for this KPI: paste a link to the report or document, starting with https://.',
        });
      }
    });
}

/** Correcting an accepted score: a new score plus why. */
export function scoreCorrectionInputFor(kpi: Pick<KpiDefinition, 'kind' | 'unit' | 'evidenceRequired'>) {
  return scoreInputFor(kpi).and(
    z.object({ reason: text('Reason for the correction', { min: 3, max: LIMITS.reason }) }),
  );
}

export const notApplicableInput = z.object({
  reason: text('Reason', { min: 3, max: LIMITS.reason }),
});

export const snoozeInput = z.object({
  hours: z.preprocess(
    (value) => (value === undefined || value === '' ? 24 : toNumber(value)),
    numberSchema('Snooze', {
      example: '24',
      min: 1,
      max: 336,
      integer: true,
      rule: 'a whole number of hours from 1 to 336',
    }),
  ),
});

// ---------------------------------------------------------------------------------------------
// Escalations, corrective actions, obligations, risks, value, lessons

export const correctiveActionInput = z.object({
  action: text('Action', { min: 3, max: LIMITS.action }),
  owner: personInput,
  dueDate: isoDate('Due date'),
  kpiKey: kpiKeyInput.optional(),
});

export const correctiveActionUpdateInput = z.object({
  status: optionalChoice('Status', CORRECTIVE_ACTION_STATUSES),
  action: optionalText('Action', { max: LIMITS.action }),
  owner: personInput.optional(),
  dueDate: optionalIsoDate('Due date'),
  note: optionalText('Note', { max: LIMITS.note }),
});

export const resolutionInput = z.object({
  resolution: text('Resolution', { min: 3, max: LIMITS.resolution }),
});

export const obligationInput = z.object({
  kind: choice('Kind', OBLIGATION_KINDS),
  title: text('Title', { max: LIMITS.title }),
  description: optionalText('Description', { max: LIMITS.description }),
  owner: personInput,
  dueDate: isoDate('Due date'),
  recurrence: z.preprocess(
    (value) => (value === undefined || value === '' ? 'none' : value),
    choice('Recurrence', RECURRENCES),
  ),
});

export const obligationOutcomeInput = z
  .object({
    outcome: choice(
      'Outcome',
      OBLIGATION_OUTCOMES.filter((o) => o !== 'open') as unknown as readonly [
        'fulfilled-on-time',
        'fulfilled-late',
        'not-fulfilled',
        'waived',
      ],
    ),
    evidenceUrl: urlField('Evidence'),
    note: optionalText('Note', { max: LIMITS.note }),
    waivedReason: optionalText('Reason for waiving', { max: LIMITS.note }),
  })
  .superRefine((value, ctx) => {
    if (value.outcome === 'waived' && !value.waivedReason) {
      ctx.addIssue({
        code: 'custom',
        path: ['waivedReason'],
        message: 'Reason for waiving is required: say why the obligation is waived.',
      });
    }
  });

const scale = (label: string) =>
  numberField(label, { example: '3', min: 1, max: 5, integer: true, rule: 'a whole number from 1 to 5' });

export const riskInput = z.object({
  title: text('Title', { max: LIMITS.title }),
  description: optionalText('Description', { max: LIMITS.description }),
  likelihood: scale('Likelihood'),
  impact: scale('Impact'),
  mitigation: optionalText('Mitigation', { max: LIMITS.mitigation }),
  owner: personInput,
  reviewDate: isoDate('Review date'),
  status: z.preprocess(
    (value) => (value === undefined || value === '' ? 'open' : value),
    choice('Status', RISK_STATUSES),
  ),
});

export const riskUpdateInput = z.object({
  title: optionalText('Title', { max: LIMITS.title }),
  description: optionalText('Description', { max: LIMITS.description }),
  likelihood: scale('Likelihood').optional(),
  impact: scale('Impact').optional(),
  mitigation: optionalText('Mitigation', { max: LIMITS.mitigation }),
  owner: personInput.optional(),
  reviewDate: optionalIsoDate('Review date'),
  status: optionalChoice('Status', RISK_STATUSES),
});

export const valueRecordInput = z.object({
  periodKey: periodKeyInput,
  kind: choice('Kind', VALUE_KINDS),
  planned: numberField('Planned value', { example: '12500' }),
  realized: numberField('Realized value', { example: '11800' }),
  currency: currencyInput,
  note: optionalText('Note', { max: LIMITS.note }),
});

export const lessonInput = z.object({
  category: optionalText('Category', { max: LIMITS.category }),
  text: text('Lesson', { min: 10, max: LIMITS.lesson }),
});

export type ContractCreateInput = z.output<typeof contractCreateInput>;
export type ContractUpdateInput = z.output<typeof contractUpdateInput>;
export type KpiInput = z.output<typeof kpiInput>;
export type EscalationPathInput = z.output<typeof escalationPathInput>;
export type ChannelLinkInput = z.output<typeof channelLinkInput>;
export type ScoreSubmission = z.output<ReturnType<typeof scoreInputFor>>;
export type CorrectiveActionInput = z.output<typeof correctiveActionInput>;
export type ObligationInput = z.output<typeof obligationInput>;
export type ObligationOutcomeInput = z.output<typeof obligationOutcomeInput>;
export type RiskInput = z.output<typeof riskInput>;
export type ValueRecordInput = z.output<typeof valueRecordInput>;
export type LessonInput = z.output<typeof lessonInput>;
