import type { types } from '@slack/bolt';
import type { RiskView } from '../../services/service-api';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import { RISK_FIELDS } from '../service-inputs';
import {
  actionButton,
  context,
  input,
  type KnownBlock,
  MESSAGE_BLOCK_LIMIT,
  type ModalView,
  modal,
  option,
  section,
  staticSelect,
  textInput,
  usersSelect,
} from './kit';
import { escapeMrkdwn, mention } from './mrkdwn';

const RATING_BADGE: Record<RiskView['rating'], string> = {
  low: ':large_green_circle: Low',
  medium: ':large_yellow_circle: Medium',
  high: ':large_orange_circle: High',
  critical: ':red_circle: Critical',
};

const LIKELIHOOD_LABELS = ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'];
const IMPACT_LABELS = ['Minor', 'Moderate', 'Significant', 'Major', 'Severe'];
const STATUS_LABELS: Record<RiskView['status'], string> = {
  open: 'Open',
  mitigating: 'Mitigating',
  accepted: 'Accepted',
  closed: 'Closed',
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
  return `${RATING_BADGE[risk.rating]} *${escapeMrkdwn(risk.title)}* — likelihood ${risk.likelihood} × impact ${risk.impact} = *${risk.score}*\n${STATUS_LABELS[risk.status]} · owner ${mention(risk.owner)} · review by ${escapeMrkdwn(risk.reviewDate)}${mitigation}`;
}

/** `/steward risks REF`: highest score first, each with Update; the heat map is one click away. */
export function riskListMessage(risks: RiskView[], reference: string): { text: string; blocks: KnownBlock[] } {
  const ref = escapeMrkdwn(reference);
  const blocks: KnownBlock[] = [
    section(`*Risk register of ${ref}* · ${risks.length} open`, {
      block_id: 'risks:head',
      ...(risks.length > 0 ? { accessory: actionButton('postHeatMap', reference) } : {}),
    }),
  ];
  if (risks.length === 0) blocks.push(context(`No open risks. Add one with \`/steward risk ${ref}\`.`));
  const room = MESSAGE_BLOCK_LIMIT - blocks.length - 1;
  for (const risk of risks.slice(0, room)) {
    blocks.push(
      section(riskLine(risk), {
        block_id: `risk:${risk.id}`,
        accessory: actionButton('updateRisk', riskButtonValue(risk)),
      }),
    );
  }
  if (risks.length > room) blocks.push(context(`…and ${risks.length - room} more.`));
  return { text: `Risk register of ${ref}: ${risks.length} open`, blocks };
}

function scaleSelect(labels: string[], initial?: number): types.StaticSelect {
  return staticSelect(
    labels.map((label, index) => option(`${index + 1} — ${label}`, String(index + 1))),
    initial === undefined ? undefined : String(initial),
  );
}

/** `/steward risk REF` adds a risk; "Update" opens the same form filled in, with its status. */
export function riskModal(
  ctx: ModalContext,
  reference: string,
  options: { existing?: RiskView; owner?: string; reviewDate?: string } = {},
): ModalView {
  const f = RISK_FIELDS;
  const risk = options.existing;
  const blocks: KnownBlock[] = [
    section(risk ? `Updating a risk on *${escapeMrkdwn(reference)}*.` : `A new risk on *${escapeMrkdwn(reference)}*.`),
    input(
      f.title,
      'Title',
      textInput({ initial: risk?.title, maxLength: 200, placeholder: 'e.g. Key engineer leaves' }),
    ),
    input(f.description, 'Description', textInput({ initial: risk?.description, multiline: true, maxLength: 2000 }), {
      optional: true,
    }),
    input(f.likelihood, 'Likelihood (1–5)', scaleSelect(LIKELIHOOD_LABELS, risk?.likelihood)),
    input(f.impact, 'Impact (1–5)', scaleSelect(IMPACT_LABELS, risk?.impact)),
    input(
      f.mitigation,
      'Mitigation',
      textInput({ initial: risk?.mitigation, multiline: true, maxLength: 2000, placeholder: 'What reduces it' }),
      { optional: true },
    ),
    input(f.owner, 'Owner', usersSelect(risk?.owner.slackUserId ?? options.owner)),
    input(f.reviewDate, 'Review date', {
      type: 'datepicker',
      action_id: '',
      ...((risk?.reviewDate ?? options.reviewDate) ? { initial_date: risk?.reviewDate ?? options.reviewDate } : {}),
    }),
  ];
  if (risk) {
    blocks.push(
      input(
        f.status,
        'Status',
        staticSelect(
          (Object.keys(STATUS_LABELS) as Array<RiskView['status']>).map((status) =>
            option(STATUS_LABELS[status], status),
          ),
          risk.status,
        ),
      ),
    );
  }
  return modal({
    callbackId: risk ? VIEW.riskUpdate : VIEW.riskCreate,
    title: risk ? 'Update risk' : 'New risk',
    submit: risk ? 'Save' : 'Add risk',
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
