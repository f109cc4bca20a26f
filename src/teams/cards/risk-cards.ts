import { RISK_CREATE_OMITS, RISK_FORM } from '../../chat/forms';
import { itemNeighbours, pagedSuffix, pageItems } from '../../chat/item-paging';
import type { Person } from '../../domain/types';
import type { RiskView } from '../../services/service-api';
import { actionExecute, commandButton, pagingButtons } from './action-buttons';
import { CARD_ACTIONS } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  execute,
  literal,
  paragraph,
  personName,
  type TextColor,
  text,
} from './adaptive-card';
import { formInputs } from './form-inputs';
import { type FormProblem, formBanner, inputIdsOf } from './forms';

/** `steward risk REF`: a risk rated likelihood × impact on the 5 × 5 matrix (the shared form), with its owner and review date. */
export function riskFormCard(
  reference: string,
  defaults: { reviewDate?: string },
  problem?: FormProblem,
): AdaptiveCard {
  const fields = formInputs(RISK_FORM, defaults, problem, { omit: RISK_CREATE_OMITS });
  return adaptiveCard([
    paragraph([literal(`⚠️ New risk on ${reference}`, { weight: 'Bolder', size: 'Medium' })]),
    text('Internal only: vendors and shared channels never see the risk register.', { isSubtle: true }),
    ...formBanner(problem, inputIdsOf(fields)),
    ...fields,
    actionSet([execute(RISK_FORM.submit, { action: CARD_ACTIONS.riskCreate, reference }, 'positive')]),
  ]);
}

/**
 * "Update" on a risk: the shared form filled in with the risk as the register holds it now, status included;
 * Save sends what changed, "‹ Back to risks" shows the register again without saving.
 */
export function riskUpdateCard(
  reference: string,
  risk: RiskView,
  known: readonly Person[],
  problem?: FormProblem,
): AdaptiveCard {
  const initial = { ...risk, owner: risk.owner.teamsUserId ?? '' };
  const fields = formInputs(RISK_FORM, initial, problem, { picker: { known: [risk.owner, ...known] } });
  return adaptiveCard([
    paragraph([literal(`⚠️ Updating “${risk.title}” on ${reference}`, { weight: 'Bolder', size: 'Medium' })]),
    ...formBanner(problem, inputIdsOf(fields)),
    ...fields,
    actionSet([
      execute('Save', { action: CARD_ACTIONS.riskUpdateSave, reference, riskId: risk.id }, 'positive'),
      commandButton('‹ Back to risks', 'risks', reference),
    ]),
  ]);
}

const RATINGS: Record<RiskView['rating'], { label: string; color: TextColor }> = {
  critical: { label: '🔴 Critical', color: 'Attention' },
  high: { label: '🟠 High', color: 'Warning' },
  medium: { label: '🟡 Medium', color: 'Default' },
  low: { label: '🟢 Low', color: 'Good' },
};

/** The word travels with the emoji, as RAG does. */
export function ratingBadge(rating: RiskView['rating']): string {
  return RATINGS[rating].label;
}

/**
 * `steward risks REF`: open and mitigating risks, highest score first. The heat map is an image, posted
 * as its own message by the service (`heatMap: 'posted'`) or attached to this reply (`'attached'`).
 */
export function riskListCard(
  reference: string,
  risks: readonly RiskView[],
  options: { heatMap: 'posted' | 'attached' | 'none'; offset?: number },
): AdaptiveCard {
  const page = pageItems(risks, 'risks', options.offset);
  const body: CardElement[] = [
    paragraph([
      literal(`⚠️ Risks of ${reference} (${risks.length} open)${pagedSuffix(page)}`, {
        weight: 'Bolder',
        size: 'Medium',
      }),
    ]),
  ];
  if (risks.length === 0) {
    body.push(paragraph([literal(`No open risks. "steward risk ${reference}" adds one.`, { isSubtle: true })]));
  }
  for (const risk of page.items) {
    const rating = RATINGS[risk.rating];
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Small',
      items: [
        paragraph([
          literal(`${risk.title}  `, { weight: 'Bolder' }),
          literal(`${rating.label} ${risk.score}`, { weight: 'Bolder', color: rating.color }),
        ]),
        paragraph(
          [
            literal(
              `likelihood ${risk.likelihood} × impact ${risk.impact} · ${risk.status} · owner ${personName(risk.owner)} · review ${risk.reviewDate}`,
              { isSubtle: true },
            ),
          ],
          'None',
        ),
        ...(risk.mitigation
          ? [paragraph([literal('Mitigation: ', { isSubtle: true }), literal(risk.mitigation)], 'None')]
          : []),
        actionSet([actionExecute('updateRisk', { reference, riskId: risk.id })]),
      ],
    });
  }
  const paging = pagingButtons(itemNeighbours(page, { list: 'risks', reference }));
  if (paging.length > 0) body.push(actionSet(paging));
  if (options.heatMap !== 'none') {
    body.push(
      text(
        options.heatMap === 'posted'
          ? 'The heat map (likelihood × impact) is posted as an image in this chat.'
          : 'The heat map (likelihood × impact) is attached below.',
        { isSubtle: true, spacing: 'Medium' },
      ),
    );
  }
  return adaptiveCard(body);
}
