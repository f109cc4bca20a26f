import { CREDIT_TERMS_FORM, ruleLines } from '../../chat/forms';
import type { ServiceCreditClaimPack, ServiceCreditTermsView } from '../../services/service-api';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import { formBlocks } from './form';
import { context, type KnownBlock, type ModalView, modal, section } from './kit';
import { money } from './money';
import { escapeMrkdwn } from './mrkdwn';
import { fileWhere } from './records';

/** `/steward credits REF terms`: the shared terms form, filled in with the terms now. */
export function serviceCreditTermsModal(ctx: ModalContext, terms: ServiceCreditTermsView): ModalView {
  return modal({
    callbackId: VIEW.serviceCreditTerms,
    title: CREDIT_TERMS_FORM.title,
    submit: CREDIT_TERMS_FORM.submit,
    privateMetadata: encodeModalContext(ctx),
    blocks: [
      section(
        `Service credits of *${escapeMrkdwn(terms.contractRef)}*${terms.periodFee ? ` (fees in ${terms.periodFee.currency})` : ''}: what the vendor credits back when a KPI breaches.`,
      ),
      ...formBlocks(CREDIT_TERMS_FORM, {
        periodFee: terms.periodFee?.amount,
        rules: ruleLines(terms.rules),
        contractCapPercent: terms.contractCapPercent ?? undefined,
      }),
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
