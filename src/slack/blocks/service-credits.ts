import type { ServiceCreditClaimPack, ServiceCreditTermsView } from '../../services/service-api';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import { RULE_LINE_FORMAT, SERVICE_CREDIT_FIELDS } from '../service-inputs';
import { context, input, type KnownBlock, type ModalView, modal, numberInput, section, textInput } from './kit';
import { money } from './money';
import { escapeMrkdwn } from './mrkdwn';
import { fileWhere } from './records';

function ruleLine(rule: ServiceCreditTermsView['rules'][number]): string {
  const flat = rule.flatPercentOnBreach === undefined ? '' : ` ${rule.flatPercentOnBreach}`;
  return `${rule.kpiKey} ${rule.percentOfFeePerPoint} ${rule.capPercent}${flat}`;
}

/** `/steward credits REF terms`: the fee, one rule a line, and the contract cap, filled in with the terms now. */
export function serviceCreditTermsModal(ctx: ModalContext, terms: ServiceCreditTermsView): ModalView {
  const f = SERVICE_CREDIT_FIELDS;
  const currency = terms.periodFee?.currency;
  return modal({
    callbackId: VIEW.serviceCreditTerms,
    title: 'Service credit terms',
    submit: 'Save terms',
    privateMetadata: encodeModalContext(ctx),
    blocks: [
      section(
        `Service credits of *${escapeMrkdwn(terms.contractRef)}*: what the vendor credits back when a KPI breaches.`,
      ),
      input(
        f.periodFee,
        `Fee per period${currency ? ` (${currency})` : ''}`,
        numberInput({ decimals: true, initial: terms.periodFee?.amount, placeholder: 'e.g. 25000' }),
        { hint: "In the contract's currency; credits are a share of it." },
      ),
      input(
        f.rules,
        'Rules, one per line',
        textInput({
          initial: terms.rules.map(ruleLine).join('\n'),
          multiline: true,
          maxLength: 3000,
          placeholder: 'availability 2 10 1',
        }),
        {
          optional: true,
          hint: `${RULE_LINE_FORMAT}: percent of the fee per point beyond the breach threshold, the rule's cap in percent, and optionally a flat percent as soon as it breaches.`,
        },
      ),
      input(
        f.contractCapPercent,
        'Contract cap (% of the fee)',
        numberInput({ decimals: true, initial: terms.contractCapPercent ?? undefined, placeholder: 'e.g. 15' }),
        { optional: true, hint: 'The most all rules together credit in a period.' },
      ),
    ],
  });
}

/** `/steward credits REF`: the terms as they stand. */
export function serviceCreditTermsMessage(terms: ServiceCreditTermsView): { text: string; blocks: KnownBlock[] } {
  const ref = escapeMrkdwn(terms.contractRef);
  const rules = terms.rules.map(
    (rule) =>
      `• \`${escapeMrkdwn(rule.kpiKey)}\`: ${rule.percentOfFeePerPoint}% of the fee per point beyond breach, capped at ${rule.capPercent}%${rule.flatPercentOnBreach === undefined ? '' : `, plus ${rule.flatPercentOnBreach}% on breach`}`,
  );
  const blocks: KnownBlock[] = [
    section(
      `*Service credit terms of ${ref}*\nFee per period: ${terms.periodFee ? money(terms.periodFee) : '_not set_'} · contract cap: ${terms.contractCapPercent === null ? '_none_' : `${terms.contractCapPercent}%`}\n${rules.join('\n') || '_No rules yet._'}`,
    ),
    context(
      `Change them with \`/steward credits ${ref} terms\`; make a period's claim pack with \`/steward credits ${ref} 2026-03\`.`,
    ),
  ];
  return { text: `Service credit terms of ${ref}`, blocks };
}

export function serviceCreditTermsSaved(terms: ServiceCreditTermsView): string {
  const count = terms.rules.length;
  return `:white_check_mark: Saved the service credit terms of *${escapeMrkdwn(terms.contractRef)}*: ${count} rule${count === 1 ? '' : 's'}, fee ${terms.periodFee ? money(terms.periodFee) : 'not set'}.`;
}

/** The claim pack's summary (the service's text, escaped) and where its CSV went. */
export function claimPackMessage(pack: ServiceCreditClaimPack): { text: string; blocks: KnownBlock[] } {
  const summary = escapeMrkdwn(pack.summary);
  return {
    text: summary,
    blocks: [section(summary), context(`:page_facing_up: The claim pack CSV ${fileWhere(pack.csv)}.`)],
  };
}
