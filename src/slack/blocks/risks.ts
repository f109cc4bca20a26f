import { RISK_CREATE_OMITS, RISK_FORM } from '../../chat/forms';
import { itemNeighbours, pagedSuffix, pageItems } from '../../chat/item-paging';
import { RISK_STATUS_LABELS } from '../../chat/labels';
import type { RiskView } from '../../services/service-api';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import { formBlocks } from './form';
import {
  actionButton,
  context,
  ITEM_PAGING_BLOCK,
  type KnownBlock,
  type ModalView,
  modal,
  pagingBlock,
  section,
} from './kit';
import { escapeMrkdwn, mention } from './mrkdwn';

const RATING_BADGE: Record<RiskView['rating'], string> = {
  low: ':large_green_circle: Low',
  medium: ':large_yellow_circle: Medium',
  high: ':large_orange_circle: High',
  critical: ':red_circle: Critical',
};

/** A risk button carries its contract and id (the update modal is prefilled from the contract's register). */
export function riskButtonValue(risk: Pick<RiskView, 'contractRef' | 'id'>): string {
  return `${risk.contractRef}|${risk.id}`;
}

export function readRiskButtonValue(value: string): { reference: string; riskId: string } | null {
  const [reference, riskId, extra] = value.split('|');
  return reference && riskId && extra === undefined ? { reference, riskId } : null;
}

export function riskLine(risk: RiskView): string {
  const mitigation = risk.mitigation ? `\nMitigation: ${escapeMrkdwn(risk.mitigation)}` : '';
  return `${RATING_BADGE[risk.rating]} *${escapeMrkdwn(risk.title)}* — likelihood ${risk.likelihood} × impact ${risk.impact} = *${risk.score}*\n${RISK_STATUS_LABELS[risk.status]} · owner ${mention(risk.owner)} · review by ${escapeMrkdwn(risk.reviewDate)}${mitigation}`;
}

/** `/steward risks REF`: highest score first, each with Update; the heat map is one click away. */
export function riskListMessage(
  risks: RiskView[],
  reference: string,
  offset = 0,
): { text: string; blocks: KnownBlock[] } {
  const ref = escapeMrkdwn(reference);
  const page = pageItems(risks, 'risks', offset);
  const blocks: KnownBlock[] = [
    section(`*Risk register of ${ref}* · ${risks.length} open${pagedSuffix(page)}`, {
      block_id: 'risks:head',
      ...(risks.length > 0 ? { accessory: actionButton('postHeatMap', reference) } : {}),
    }),
  ];
  if (risks.length === 0) blocks.push(context(`No open risks. Add one with \`/steward risk ${ref}\`.`));
  for (const risk of page.items) {
    blocks.push(
      section(riskLine(risk), {
        block_id: `risk:${risk.id}`,
        accessory: actionButton('updateRisk', riskButtonValue(risk)),
      }),
    );
  }
  blocks.push(...pagingBlock(ITEM_PAGING_BLOCK, itemNeighbours(page, { list: 'risks', reference })));
  return { text: `Risk register of ${ref}: ${risks.length} open${pagedSuffix(page)}`, blocks };
}

/** `/steward risk REF` adds a risk; "Update" opens the same shared form (src/chat/forms.ts) filled in, with its status. */
export function riskModal(
  ctx: ModalContext,
  reference: string,
  options: { existing?: RiskView; owner?: string; reviewDate?: string } = {},
): ModalView {
  const risk = options.existing;
  const initial = risk
    ? { ...risk, owner: risk.owner.slackUserId }
    : { owner: options.owner, reviewDate: options.reviewDate };
  const blocks: KnownBlock[] = [
    section(risk ? `Updating a risk on *${escapeMrkdwn(reference)}*.` : `A new risk on *${escapeMrkdwn(reference)}*.`),
    ...formBlocks(RISK_FORM, initial, { omit: risk ? [] : RISK_CREATE_OMITS }),
  ];
  return modal({
    callbackId: risk ? VIEW.riskUpdate : VIEW.riskCreate,
    title: risk ? 'Update risk' : 'New risk',
    submit: risk ? 'Save' : RISK_FORM.submit,
    privateMetadata: encodeModalContext(ctx),
    blocks,
  });
}

/** An App Home line for a risk whose review is due. */
export function homeRisk(risk: RiskView): KnownBlock {
  return section(`*${escapeMrkdwn(risk.contractRef)}* · ${riskLine(risk)}`, {
    block_id: `home:risk:${risk.id}`,
    accessory: actionButton('updateRisk', riskButtonValue(risk)),
  });
}
