import type { z } from 'zod';
import {
  CONTRACT_FORM,
  CORRECTIVE_ACTION_FORM,
  CREDIT_TERMS_FORM,
  creditTermsInput,
  ESCALATION_PATH_FORM,
  EVIDENCE_FORM,
  escalationPathErrorField,
  escalationPathInput,
  type FieldValues,
  type FormSpec,
  KPI_FORM,
  NOT_APPLICABLE_FORM,
  OBLIGATION_FORM,
  outcomeInput,
  RESOLVE_FORM,
  RISK_CREATE_OMITS,
  RISK_FORM,
  ROLES_FORM,
  STEP_NOTE_FORM,
  scoreForm,
  stepInput,
  VALUE_FORM,
  WAIVE_FORM,
} from '../../src/chat/forms';
import { StewardError } from '../../src/domain/errors';
import {
  contractCreateInput,
  correctiveActionInput as correctiveActionSchema,
  correctiveActionUpdateInput,
  escalationPathInput as escalationPathSchema,
  governanceInput,
  kpiInput,
  notApplicableInput as notApplicableSchema,
  obligationInput,
  obligationOutcomeInput,
  parseInput,
  resolutionInput,
  riskInput,
  scoreCorrectionInputFor,
  scoreInputFor,
  valueRecordInput,
} from '../../src/services/inputs';
import { evidenceInput as evidenceSchema } from '../../src/services/obligations-service';
import { serviceCreditTermsInput as creditTermsSchema } from '../../src/services/service-credits-service';
import {
  contractCreateModal,
  contractRolesModal,
  escalationPathModal,
  kpiEditModal,
} from '../../src/slack/blocks/contract-modals';
import { cancelActionModal } from '../../src/slack/blocks/corrective-actions';
import { correctiveActionModal, resolveEscalationModal } from '../../src/slack/blocks/escalation';
import { evidenceModal, obligationCreateModal, waiveModal } from '../../src/slack/blocks/obligations';
import { riskModal } from '../../src/slack/blocks/risks';
import { notApplicableModal, scoreModal } from '../../src/slack/blocks/score-modal';
import { serviceCreditTermsModal } from '../../src/slack/blocks/service-credits';
import { valueRecordModal } from '../../src/slack/blocks/value';
import { checkinPromptCard } from '../../src/teams/cards/checkin-card';
import {
  contractCreateCard,
  escalationPathCard,
  kpiFormCard,
  rolesFormCard,
} from '../../src/teams/cards/contract-forms';
import { correctiveActionListCard } from '../../src/teams/cards/corrective-action-card';
import { escalationCard } from '../../src/teams/cards/escalation-card';
import { cardInputId, underIds } from '../../src/teams/cards/form-inputs';
import { obligationFormCard, obligationListCard } from '../../src/teams/cards/obligation-cards';
import { riskFormCard } from '../../src/teams/cards/risk-cards';
import { scoreCorrectionCard } from '../../src/teams/cards/score-correction-card';
import { creditTermsFormCard } from '../../src/teams/cards/service-credit-cards';
import { valueFormCard } from '../../src/teams/cards/value-cards';
import { cannedCheckin, cannedEscalation } from '../support/fake-steward-services';
import { byId } from '../teams/cards/card-assertions';

/**
 * Every form's limits equal the service's, and both surfaces render them: a field that takes 64 characters in
 * Slack's modal and 40 on the Teams card while the service keeps 40 fails here. The service side is judged by
 * behaviour (the longest value is accepted, one more character is refused), not by reading the constant.
 */
const TERMS = { contractRef: 'ACME-2026-001', periodFee: null, rules: [], contractCapPercent: null };

const CREDITS_CASE = {
  form: CREDIT_TERMS_FORM,
  schema: creditTermsSchema,
  valid: { periodFee: '25000', rules: 'availability 2 10 1', contractCapPercent: '15' },
  slack: () => serviceCreditTermsModal({ subject: 'ACME-2026-001', channelId: 'C0STEWARD' }, TERMS),
  teams: () => creditTermsFormCard(TERMS),
  convert: (values: Record<string, unknown>) => ({
    input: creditTermsInput(values as FieldValues).input,
    fieldOf: (path: string) => (path.startsWith('rules') ? 'rules' : path),
  }),
};

const SCORED_KPI = { ...cannedCheckin().kpi, kind: 'percent' as const, evidenceRequired: true };
const SCORE_VIEW = {
  checkinId: 'chk-1',
  contractRef: 'ACME-2026-001',
  contractTitle: 'Managed network services',
  kpi: SCORED_KPI,
  periodKey: '2026-11',
  periodLabel: 'November 2026',
  current: { scoreId: 'score-1', value: 99.2 },
};
const SCORE_VALID = { value: '99.5', comment: 'Report attached', evidenceUrl: 'https://example.com/report.pdf' };

const SCORE_CASES = [
  {
    form: scoreForm(SCORED_KPI),
    schema: scoreInputFor(SCORED_KPI),
    valid: SCORE_VALID,
    slack: () => scoreModal(SCORE_VIEW, { subject: 'chk-1', channelId: 'C0STEWARD' }, 'submit'),
    teams: () => checkinPromptCard({ items: [cannedCheckin({ kpi: SCORED_KPI })], addressees: [] }),
    teamsIds: underIds(scoreForm(SCORED_KPI), 's0'),
    // Beside "Mark not applicable" on the same card: Teams would check the score before that button too.
    teamsUnchecked: true,
  },
  {
    form: scoreForm(SCORED_KPI, 'correct'),
    schema: scoreCorrectionInputFor(SCORED_KPI),
    valid: { ...SCORE_VALID, reason: 'The report was revised' },
    slack: () => scoreModal(SCORE_VIEW, { subject: 'score-1', channelId: 'C0STEWARD' }, 'correct'),
    teams: () => scoreCorrectionCard(SCORE_VIEW, { checkinId: 'chk-1', scoreId: 'score-1', slot: 0 }),
    teamsIds: underIds(scoreForm(SCORED_KPI, 'correct'), 'corr'),
  },
  {
    form: NOT_APPLICABLE_FORM,
    schema: notApplicableSchema,
    valid: { reason: 'The service was suspended all month' },
    slack: () => notApplicableModal(null, { subject: 'chk-1', channelId: 'C0STEWARD' }),
    teams: () => checkinPromptCard({ items: [cannedCheckin()], addressees: [] }),
    teamsIds: underIds(NOT_APPLICABLE_FORM, 's0'),
    teamsUnchecked: true,
  },
];

const OPEN_OBLIGATION = {
  id: 'obl-1',
  contractRef: 'ACME-2026-001',
  kind: 'report' as const,
  title: 'Quarterly report',
  owner: { name: 'Vic Vendor', email: 'vic@example.com' },
  dueDate: '2026-03-31',
  recurrence: 'none' as const,
  outcome: 'open' as const,
  overdue: false,
  evidence: [],
};
const PLANNED_ACTION = {
  id: 'ca-1',
  contractRef: 'ACME-2026-001',
  action: 'Replace the core switch',
  owner: { name: 'Alex Owner', slackUserId: 'U0OWNER' },
  dueDate: '2026-03-20',
  status: 'planned' as const,
  history: [],
  nextSteps: ['approved' as const, 'cancelled' as const],
};

const RECORD_CASES = [
  {
    form: EVIDENCE_FORM,
    schema: evidenceSchema,
    valid: { url: 'https://example.com/report.pdf', note: 'Delivered on time' },
    slack: () => evidenceModal({ subject: 'obl-1', channelId: 'C0STEWARD' }, null),
    teams: () => obligationListCard('ACME-2026-001', [OPEN_OBLIGATION], { canDecide: true }),
    teamsIds: underIds(EVIDENCE_FORM, 'ob0'),
  },
  {
    form: WAIVE_FORM,
    schema: obligationOutcomeInput,
    valid: { waivedReason: 'The site closed for the quarter' },
    slack: () => waiveModal({ subject: 'obl-1', channelId: 'C0STEWARD' }, null),
    teams: () => obligationListCard('ACME-2026-001', [OPEN_OBLIGATION], { canDecide: true }),
    teamsIds: underIds(WAIVE_FORM, 'ob0'),
    teamsUnchecked: true,
    convert: (values: Record<string, unknown>) => ({
      input: outcomeInput('waived', values as FieldValues),
      fieldOf: (path: string) => path,
    }),
  },
  {
    form: STEP_NOTE_FORM,
    schema: correctiveActionUpdateInput,
    valid: { note: 'Superseded by the new staffing plan' },
    slack: () => cancelActionModal({ subject: 'ca-1', channelId: 'C0STEWARD' }, null),
    teams: () => correctiveActionListCard('ACME-2026-001', [PLANNED_ACTION]),
    teamsIds: underIds(STEP_NOTE_FORM, 'ca0'),
    teamsUnchecked: true,
    convert: (values: Record<string, unknown>) => ({
      input: stepInput('cancelled', values as FieldValues),
      fieldOf: (path: string) => path,
    }),
  },
];

const RISK = {
  id: 'risk-1',
  contractRef: 'ACME-2026-001',
  title: 'Single power feed',
  likelihood: 3,
  impact: 4,
  score: 12,
  rating: 'high',
  owner: { name: 'Alex Owner', slackUserId: 'U0OWNER' },
  reviewDate: '2026-04-01',
  status: 'open',
} as const;

const PATH_CASE = {
  form: ESCALATION_PATH_FORM,
  schema: escalationPathSchema,
  // Every level filled, so each level's bounds are judged on a path the service otherwise takes.
  valid: {
    level1People: [{ slackUserId: 'U0OWNER' }],
    level1Hours: '24',
    level2Role: 'finance',
    level2Hours: '48',
    level3People: ['dana@example.com'],
    level3Hours: '72',
    level4Role: 'legal',
    level4Hours: '96',
  },
  slack: () => escalationPathModal({ subject: 'ACME-2026-001', channelId: 'C0STEWARD' }, 'ACME-2026-001'),
  teams: () => escalationPathCard('ACME-2026-001', []),
  convert: (values: Record<string, unknown>) => {
    const { input, formLevels } = escalationPathInput(values as FieldValues);
    return { input, fieldOf: (path: string) => escalationPathErrorField(path, formLevels)?.field };
  },
};

const CASES: Array<{
  form: FormSpec;
  schema: z.ZodType;
  valid: Record<string, unknown>;
  slack: () => { blocks: unknown[] };
  teams: () => Parameters<typeof byId>[0];
  /** Fields one surface leaves off this rendering (a new risk has no status yet). */
  teamsOmits?: readonly string[];
  /**
   * A form whose fields are not the service's own (the path form's levels): its converter to the service input,
   * and where a service message lands on the form.
   */
  convert?: (values: Record<string, unknown>) => { input: unknown; fieldOf: (path: string) => string | undefined };
  /** The form under the ids the card gives it (a check-in's `s0_…` inputs), when not the form's own. */
  teamsIds?: FormSpec;
  /** The card leaves required checks to the service (a reason beside a score, sent by every button). */
  teamsUnchecked?: boolean;
}> = [
  {
    form: CONTRACT_FORM,
    schema: contractCreateInput,
    valid: {
      reference: 'ACME-2026-001',
      title: 'Managed network services',
      vendorName: 'Acme Networks GmbH',
      value: '1200000',
      currency: 'EUR',
      startDate: '2026-01-01',
      endDate: '2028-12-31',
    },
    slack: () => contractCreateModal({ subject: '', channelId: 'C0STEWARD' }, { timezone: 'UTC' }),
    teams: () => contractCreateCard({}),
  },
  {
    form: KPI_FORM,
    schema: kpiInput,
    valid: {
      key: 'availability',
      name: 'Availability',
      unit: '%',
      kind: 'percent',
      direction: 'higher-is-better',
      baseline: '98',
      target: '99.5',
      warningThreshold: '99',
      breachThreshold: '98',
      weight: '50',
      cadence: { type: 'monthly' },
      respondent: 'owner',
    },
    slack: () => kpiEditModal({ subject: 'ACME-2026-001', channelId: 'C0STEWARD' }, 'ACME-2026-001'),
    teams: () => kpiFormCard({ reference: 'ACME-2026-001' }),
  },
  {
    form: ROLES_FORM,
    schema: governanceInput,
    valid: { owner: ['U0OWNER'] },
    slack: () => contractRolesModal({ subject: 'ACME-2026-001', channelId: 'C0STEWARD' }, 'ACME-2026-001'),
    teams: () => rolesFormCard('ACME-2026-001', {}),
  },
  {
    form: OBLIGATION_FORM,
    schema: obligationInput,
    valid: { kind: 'report', title: 'Monthly report', owner: 'U0VENDOR', dueDate: '2026-03-05' },
    slack: () => obligationCreateModal({ subject: 'ACME-2026-001', channelId: 'C0STEWARD' }, 'ACME-2026-001'),
    teams: () => obligationFormCard('ACME-2026-001'),
  },
  {
    form: RESOLVE_FORM,
    schema: resolutionInput,
    valid: { resolution: 'Switch replaced' },
    slack: () => resolveEscalationModal({ subject: 'esc-1', channelId: 'C0STEWARD' }),
    teams: () => escalationCard(cannedEscalation()),
    // The escalation card holds the corrective-action form too: each form's required inputs would stop the other.
    teamsUnchecked: true,
  },
  {
    form: VALUE_FORM,
    schema: valueRecordInput,
    valid: { periodKey: '2026-03', kind: 'savings', planned: '12500', realized: '11800', currency: 'EUR' },
    slack: () => valueRecordModal({ subject: 'ACME-2026-001', channelId: 'C0STEWARD' }, 'ACME-2026-001'),
    teams: () => valueFormCard('ACME-2026-001', {}),
  },
  {
    form: RISK_FORM,
    schema: riskInput,
    valid: { title: 'Single power feed', likelihood: '3', impact: '4', owner: 'U0OWNER', reviewDate: '2026-04-01' },
    slack: () => riskModal({ subject: 'ACME-2026-001', channelId: 'C0STEWARD' }, 'ACME-2026-001', { existing: RISK }),
    teams: () => riskFormCard('ACME-2026-001', {}),
    teamsOmits: RISK_CREATE_OMITS,
  },
  {
    form: CORRECTIVE_ACTION_FORM,
    schema: correctiveActionSchema,
    valid: { action: 'Add a second on-call engineer', owner: 'U0OWNER', dueDate: '2026-04-01' },
    slack: () => correctiveActionModal({ subject: 'esc-1', channelId: 'C0STEWARD' }),
    teams: () => escalationCard(cannedEscalation()),
    teamsUnchecked: true,
  },
  PATH_CASE,
  CREDITS_CASE,
  ...SCORE_CASES,
  ...RECORD_CASES,
];

/** A value of `length` characters the field's own rule accepts in shape: a reference, a key, a code, or words. */
function ofLength(field: string, length: number): string {
  if (field === 'reference') return 'A'.repeat(length);
  if (field === 'key') return 'a'.repeat(length);
  if (field === 'currency') return 'E'.repeat(length);
  // The longest period is a milestone's: M-2026-03-31.
  if (field === 'periodKey')
    return `M-2026-03-31${'1'.repeat(Math.max(0, length - 12))}`.slice(0, Math.max(length, 12));
  return 'x'.repeat(length);
}

function refusalOf(schema: z.ZodType, input: unknown): Record<string, string> {
  try {
    parseInput(schema, input);
    return {};
  } catch (error) {
    if (error instanceof StewardError) return error.fieldErrors;
    throw error;
  }
}

describe.each(CASES)(
  'the $form.id form',
  ({ form, schema, valid, slack, teams, teamsOmits = [], convert, teamsIds, teamsUnchecked }) => {
    /** The service's messages, by the form's field names. */
    const refusal = (schema: z.ZodType, values: Record<string, unknown>): Record<string, string> => {
      if (!convert) return refusalOf(schema, values);
      const { input, fieldOf } = convert(values);
      return Object.fromEntries(
        Object.entries(refusalOf(schema, input)).map(([path, message]) => [fieldOf(path) ?? path, message]),
      );
    };

    const limited = form.fields.filter((field) => field.maxLength !== undefined);

    it('starts from an input the service accepts', () => {
      expect(refusal(schema, valid)).toEqual({});
    });

    // A form of people and choices only has no text limit to compare.
    const rows = limited.map((field) => [field.name, field.maxLength as number] as const);
    if (rows.length > 0)
      it.each(rows)('%s takes at most %i characters, as the service does', (name, max) => {
        expect(refusal(schema, { ...valid, [name]: ofLength(name, max) })).toEqual({});
        expect(refusal(schema, { ...valid, [name]: ofLength(name, max + 1) })).toHaveProperty([name]);
      });

    // A number field's bounds: the service takes the bound and refuses one beyond it.
    const bounded = form.fields.flatMap((field) => [
      ...(field.min !== undefined ? [[field.name, 'min', field.min, field.min - 1] as const] : []),
      ...(field.max !== undefined ? [[field.name, 'max', field.max, field.max + 1] as const] : []),
    ]);
    if (bounded.length > 0)
      it.each(bounded)('%s has the %s %d the service has', (name, _bound, edge, beyond) => {
        expect(refusal(schema, { ...valid, [name]: String(edge) })).toEqual({});
        expect(refusal(schema, { ...valid, [name]: String(beyond) })).toHaveProperty([name]);
      });

    it('offers only choices the service takes', () => {
      for (const field of form.fields) {
        for (const choice of field.choices ?? []) {
          const problems = refusal(schema, { ...valid, [field.name]: choice.value });
          expect([field.name, choice.value, problems[field.name]]).toEqual([field.name, choice.value, undefined]);
        }
      }
    });

    it('gives Slack’s modal and the Teams card the same limits, labels and required fields', () => {
      const blocks = slack().blocks as Array<{
        block_id?: string;
        optional?: boolean;
        label?: { text: string };
        element?: { max_length?: number; min_value?: string; max_value?: string };
      }>;
      const card = teams();
      for (const field of form.fields) {
        const block = blocks.find((b) => b.block_id === field.name);
        if (teamsOmits.includes(field.name)) {
          expect(byId(card, cardInputId(teamsIds ?? form, field.name))).toBeUndefined();
          continue;
        }
        const input = byId(card, cardInputId(teamsIds ?? form, field.name));
        expect([field.name, block?.element?.max_length]).toEqual([field.name, field.maxLength]);
        const typedPeople = { people: 2000, person: 254 } as Record<string, number>;
        // A person picked from a list has no length to type.
        const picked = input?.type === 'Input.ChoiceSet' && field.kind === 'person';
        expect([field.name, input?.maxLength]).toEqual([
          field.name,
          picked ? undefined : (typedPeople[field.kind] ?? field.maxLength),
        ]);
        expect([field.name, block?.optional]).toEqual([field.name, field.optional ?? false]);
        expect([field.name, input?.isRequired]).toEqual([
          field.name,
          field.optional || field.kind === 'toggle' || teamsUnchecked ? undefined : true,
        ]);
        // Slack refuses a number past its bounds with a message; on Teams the bounds are named in the placeholder
        // and left to the service, as the Agents Playground clamps a bounded Input.Number silently.
        if (field.max !== undefined) {
          expect(block?.element?.max_value).toBe(String(field.max));
          expect(input?.max).toBeUndefined();
          expect(input?.placeholder).toContain(String(field.max));
        }
        if (field.min !== undefined) {
          expect(block?.element?.min_value).toBe(String(field.min));
          expect(input?.min).toBeUndefined();
        }
        expect(block?.label?.text).toBe(field.label);
      }
    });
  },
);
