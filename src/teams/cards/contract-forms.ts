import {
  CONTRACT_FORM,
  ESCALATION_LEVELS,
  ESCALATION_PATH_FORM,
  escalationPathValues,
  KPI_FORM,
  kpiFormValues,
  levelField,
  levelFields,
  ROLES_FORM,
} from '../../chat/forms';
import type { EscalationLevel, Governance, Kpi, Person } from '../../domain/types';
import { CARD_ACTIONS } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  type Container,
  execute,
  heading,
  literal,
  paragraph,
  personName,
  text,
} from './adaptive-card';
import { formInputs } from './form-inputs';
import { type FormProblem, formBanner, inputIdsOf } from './forms';

/**
 * The management forms Slack shows as modals (src/slack/blocks/contract-modals.ts), as Adaptive Cards
 * posted in reply to the command: the same fields, one Action.Execute (with its Action.Submit fallback)
 * that sends every input to the same service call. Rejected input comes back as the same card with the
 * typed values and each message under its input; success replaces the form with a confirmation.
 *
 * People are typed as emails or Microsoft Entra object ids: a card cannot search Slack's or Teams'
 * directory for a multi-person field in every client, and both ids are what the service reads.
 */

const _PEOPLE_PLACEHOLDER = 'name@example.com, 6f1c1c7e-…';

/** `steward new`: everything a contract needs to start (the shared form, src/chat/forms.ts). */
export function contractCreateCard(
  defaults: { timezone?: string; startDate?: string },
  problem?: FormProblem,
): AdaptiveCard {
  const fields = formInputs(
    CONTRACT_FORM,
    { currency: 'EUR', timezone: defaults.timezone, startDate: defaults.startDate },
    problem,
  );
  return adaptiveCard([
    heading('📁 New contract'),
    ...formBanner(problem, inputIdsOf(fields)),
    ...fields,
    actionSet([execute(CONTRACT_FORM.submit, { action: CARD_ACTIONS.contractCreate }, 'positive')]),
  ]);
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
  const fields = formInputs(
    KPI_FORM,
    kpiFormValues(k),
    problem,
    // An edited KPI keeps its key: it names the KPI in commands and past scores.
    { omit: k ? ['key'] : [] },
  );
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
    actionSet([execute(KPI_FORM.submit, data, 'positive')]),
  ]);
}

/** `steward roles REF`: who holds each governance role, prefilled with who holds it now. */
export function rolesFormCard(reference: string, current: Governance, problem?: FormProblem): AdaptiveCard {
  const fields = formInputs(ROLES_FORM, current, problem, {
    after: (role) => nowHolding(current[role as keyof Governance] ?? []),
  });
  return adaptiveCard([
    paragraph([literal(`👥 Governance roles of ${reference}`, { weight: 'Bolder', size: 'Medium' })]),
    text('Emails or Microsoft Entra object ids, separated by commas. A role left empty keeps who holds it now.', {
      isSubtle: true,
    }),
    ...formBanner(problem, inputIdsOf(fields)),
    ...fields,
    actionSet([execute(ROLES_FORM.submit, { action: CARD_ACTIONS.rolesSave, reference }, 'positive')]),
  ]);
}

/** `steward path REF`: who is told at each level and how long they have to acknowledge. */
export function escalationPathCard(
  reference: string,
  current: readonly EscalationLevel[],
  problem?: FormProblem,
): AdaptiveCard {
  const initial = escalationPathValues(current);
  const levels: Container[] = Array.from({ length: ESCALATION_LEVELS }, (_, index) => {
    const level = index + 1;
    const own = levelFields(level);
    const now = current.find((entry) => entry.level === level);
    return {
      type: 'Container',
      separator: level > 1,
      spacing: 'Medium',
      items: [
        text(`Level ${level}${level === 1 ? ' (told first)' : ' (optional)'}`, { weight: 'Bolder' }),
        ...formInputs(ESCALATION_PATH_FORM, initial, problem, {
          omit: ESCALATION_PATH_FORM.fields.map((f) => f.name).filter((name) => !own.includes(name)),
          after: (name) => (name === levelField(level, 'people') ? nowHolding(now?.people ?? []) : []),
        }),
      ],
    };
  });
  return adaptiveCard([
    paragraph([literal(`🪜 Escalation path of ${reference}`, { weight: 'Bolder', size: 'Medium' })]),
    text(
      'Level 1 is told first; each level climbs to the next when nobody acknowledges in time. Leave the levels you do not need empty.',
      { isSubtle: true },
    ),
    ...formBanner(problem, inputIdsOf(levels)),
    ...levels,
    actionSet([
      execute(ESCALATION_PATH_FORM.submit, { action: CARD_ACTIONS.escalationPathSave, reference }, 'positive'),
    ]),
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
