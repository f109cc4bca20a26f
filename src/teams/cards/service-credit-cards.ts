import { CREDIT_TERMS_FORM, ruleLines } from '../../chat/forms';
import { periodLabel } from '../../domain/format';
import type { ServiceCreditClaimPack, ServiceCreditTermsView } from '../../services/service-api';
import { CARD_ACTIONS } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  execute,
  facts,
  literal,
  paragraph,
  text,
} from './adaptive-card';
import { money } from './card-text';
import { formInputs } from './form-inputs';
import { type FormProblem, formBanner, inputIdsOf } from './forms';

/** `steward credits REF terms`: the fee, one rule per KPI, and the cap, prefilled with the terms as they are. */
export function creditTermsFormCard(terms: ServiceCreditTermsView, problem?: FormProblem): AdaptiveCard {
  const fields = formInputs(
    CREDIT_TERMS_FORM,
    {
      periodFee: terms.periodFee?.amount,
      rules: ruleLines(terms.rules),
      contractCapPercent: terms.contractCapPercent ?? undefined,
    },
    problem,
  );
  const currency = terms.periodFee ? ` Fees are in ${terms.periodFee.currency}.` : '';
  return adaptiveCard([
    paragraph([literal(`💶 Service credit terms of ${terms.contractRef}`, { weight: 'Bolder', size: 'Medium' })]),
    text(
      `When a KPI breaches, the vendor credits back a share of the period fee for each point beyond its breach threshold, up to the cap. Saving replaces the terms: a rule left out is removed.${currency}`,
      { isSubtle: true },
    ),
    ...formBanner(problem, inputIdsOf(fields)),
    ...fields,
    actionSet([
      execute(
        CREDIT_TERMS_FORM.submit,
        { action: CARD_ACTIONS.serviceCreditTermsSave, reference: terms.contractRef },
        'positive',
      ),
    ]),
  ]);
}

/** `steward credits REF`: the terms as they are; `saved` after the form was saved. */
export function creditTermsCard(terms: ServiceCreditTermsView, options: { saved?: boolean } = {}): AdaptiveCard {
  const rows = [
    {
      label: 'Fee per period',
      value: terms.periodFee ? money(terms.periodFee.amount, terms.periodFee.currency) : 'not set',
    },
    ...terms.rules.map((rule) => ({
      label: rule.kpiKey,
      value: `${rule.percentOfFeePerPoint}% per point, cap ${rule.capPercent}%${rule.flatPercentOnBreach === undefined ? '' : `, ${rule.flatPercentOnBreach}% on breach`}`,
    })),
    { label: 'Contract cap', value: terms.contractCapPercent === null ? 'none' : `${terms.contractCapPercent}%` },
  ];
  return adaptiveCard([
    paragraph([
      literal(
        options.saved
          ? `✅ Saved the service credit terms of ${terms.contractRef}.`
          : `💶 Service credit terms of ${terms.contractRef}`,
        { weight: 'Bolder', size: options.saved ? 'Default' : 'Medium' },
      ),
    ]),
    facts(rows),
    paragraph(
      [
        literal(
          `"steward credits ${terms.contractRef} terms" changes them; "steward credits ${terms.contractRef} 2026-03" makes the claim pack for a period.`,
          { isSubtle: true },
        ),
      ],
      'Small',
    ),
  ]);
}

/** `steward credits REF PERIOD`: the summary the service wrote, and where the CSV claim pack is. */
export function claimPackCard(pack: ServiceCreditClaimPack, options: { csv: 'posted' | 'attached' }): AdaptiveCard {
  const { statement } = pack;
  const body: CardElement[] = [
    paragraph([
      literal(`💶 Service credits of ${pack.contractRef}, ${periodLabel(pack.periodKey)}`, {
        weight: 'Bolder',
        size: 'Medium',
      }),
    ]),
    // Posted in this chat, the claim pack's own card already reads out the summary: it is said once.
    ...(options.csv === 'posted' ? [] : pack.summary.split('\n').map((line) => paragraph([literal(line)], 'Small'))),
    facts([
      { label: 'Fee', value: money(statement.periodFee.amount, statement.periodFee.currency) },
      { label: 'Subtotal', value: money(statement.subtotal.amount, statement.subtotal.currency) },
      ...(statement.contractCap
        ? [
            {
              label: 'Contract cap',
              value: `${money(statement.contractCap.amount, statement.contractCap.currency)}${statement.contractCapApplied ? ' (applied)' : ''}`,
            },
          ]
        : []),
      { label: 'Total', value: money(statement.total.amount, statement.total.currency) },
    ]),
    paragraph(
      [
        literal(
          options.csv === 'posted'
            ? `The claim pack (${pack.csv.file.filename}), with the summary, each score and its evidence, is posted in this chat.`
            : `The claim pack (${pack.csv.file.filename}) is attached below, with each score and its evidence.`,
          { isSubtle: true },
        ),
      ],
      'Medium',
    ),
  ];
  return adaptiveCard(body);
}
