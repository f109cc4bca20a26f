import { itemNeighbours, pagedSuffix, pageItems } from '../../chat/item-paging';
import { kpiSummary, triggerLabel } from '../../chat/labels';
import { describeListFilter, encodeListPage, LIST_ORDER, neighbourPages, pageRange } from '../../chat/list-paging';
import type { Kpi } from '../../domain/types';
import type { ContractFilter, ContractPage, EscalationSummary, ScorecardView } from '../../services/service-api';
import {
  actionButton,
  actions,
  context,
  header,
  ITEM_PAGING_BLOCK,
  type KnownBlock,
  MESSAGE_BLOCK_LIMIT,
  pagingBlock,
  section,
} from './kit';
import { escapeMrkdwn, mention, mentions, ragBadge, ragEmoji, slackDate, trendLabel } from './mrkdwn';

/** Replies to `/steward list`, `scorecard` and `escalations`: ephemeral messages, so at most 50 blocks. */

function overall(score: number | null, rag: ScorecardView['overallRag']): string {
  if (score === null || rag === null) return 'no scores yet';
  return `${ragBadge(rag)} ${Math.round(score * 10) / 10}`;
}

function withUnit(value: number, unit: string): string {
  if (!unit) return String(value);
  return unit === '%' ? `${value}%` : `${value} ${unit}`;
}

/**
 * A contract's scorecard. In a vendor-shared place, or for a vendor, internal-only KPIs are left out here too,
 * whatever the view holds: the service filters first, this is the second lock on the same door.
 */
export function scorecardMessage(
  view: ScorecardView,
  options: { shared: boolean; heading?: string },
): { text: string; blocks: KnownBlock[] } {
  const vendorView = view.vendorView || options.shared;
  const lines = vendorView ? view.lines.filter((line) => line.vendorVisible) : view.lines;
  const blocks: KnownBlock[] = [
    ...(options.heading ? [section(`*${escapeMrkdwn(options.heading)}*`)] : []),
    header(`${view.contractRef} — ${view.contractTitle}`),
    section(
      `Vendor: *${escapeMrkdwn(view.vendorName)}* · Status: *${escapeMrkdwn(view.status)}*\nOverall: ${overall(view.overallScore, view.overallRag)} · ${trendLabel(view.trend)}`,
    ),
  ];
  if (vendorView) blocks.push(context('Vendor view: KPIs marked internal-only are not shown here.'));
  if (lines.length === 0) blocks.push(context('No KPIs to show yet.'));
  const room = MESSAGE_BLOCK_LIMIT - blocks.length - 1;
  for (const line of lines.slice(0, room)) {
    const latest = line.latest
      ? `${ragBadge(line.latest.rag)} *${escapeMrkdwn(line.latest.displayValue)}* (${escapeMrkdwn(line.latest.periodKey)})`
      : '_no score yet_';
    const history = line.series
      .slice(-6)
      .map((point) => `${ragEmoji(point.rag)} ${escapeMrkdwn(point.displayValue)}`)
      .join('  ');
    blocks.push(
      section(
        `*${escapeMrkdwn(line.kpiName)}* \`${escapeMrkdwn(line.kpiKey)}\` — target ${escapeMrkdwn(withUnit(line.target, line.unit))}\nLatest: ${latest} · ${trendLabel(line.trend)}${line.forecast ? ` · ${line.forecast.breachAhead ? ':warning: ' : ''}${escapeMrkdwn(line.forecast.summary)}` : ''}${history ? `\n${history}` : ''}`,
      ),
    );
  }
  if (lines.length > room) blocks.push(context(`…and ${lines.length - room} more KPIs.`));
  const text = `Scorecard for ${escapeMrkdwn(view.contractRef)}: ${escapeMrkdwn(view.contractTitle)}`;
  return { text: options.heading ? `${escapeMrkdwn(options.heading)} · ${text}` : text, blocks };
}

/** The filters a list was asked for, as mrkdwn (user text escaped, the owner as a mention). */
export function describeFilter(filter: ContractFilter): string {
  const parts = describeListFilter(filter).map(escapeMrkdwn);
  if (filter.owner) parts.splice(filter.status ? 1 : 0, 0, `owner:${mention({ slackUserId: filter.owner })}`);
  return parts.join(' · ');
}

/**
 * One page of `/steward list`: which part of how many, in which order ("21–40 of 250 contracts · worst first"), the
 * contracts, and Previous and Next buttons that keep every filter. A page is at most LIST_PAGE_SIZE contracts, well
 * inside a message's 50 blocks.
 */
export function contractListMessage(
  page: ContractPage,
  filter: ContractFilter,
): { text: string; blocks: KnownBlock[] } {
  const { contracts } = page;
  const filterText = describeFilter(filter);
  if (page.total === 0) {
    const text = filterText ? `No contract matches ${filterText}.` : 'There are no contracts yet.';
    return { text, blocks: [section(text)] };
  }
  const heading = `${pageRange(page)} contract${page.total === 1 ? '' : 's'}${filterText ? ` matching ${filterText}` : ''} · ${LIST_ORDER}`;
  const blocks: KnownBlock[] = [section(`*${heading}*`), context('Red, amber, green, then the soonest end.')];
  const room = MESSAGE_BLOCK_LIMIT - 3;
  for (const contract of contracts.slice(0, room)) {
    const owners = mentions(contract.owner);
    blocks.push(
      section(
        `*${escapeMrkdwn(contract.reference)}* · ${escapeMrkdwn(contract.title)}\n${escapeMrkdwn(contract.vendorName)} · *${escapeMrkdwn(contract.status)}* · ends ${escapeMrkdwn(contract.endDate)}${owners ? ` · owner ${owners}` : ''}\n${overall(contract.overallScore, contract.overallRag)}${standingCounts(contract)} · ${trendLabel(contract.trend)}`,
      ),
    );
  }
  const { previous, next } = neighbourPages(page);
  const buttons = [
    ...(previous !== undefined ? [actionButton('previousPage', encodeListPage({ filter, offset: previous }))] : []),
    ...(next !== undefined ? [actionButton('nextPage', encodeListPage({ filter, offset: next }))] : []),
  ];
  if (buttons.length > 0) blocks.push(actions(LIST_PAGING_BLOCK, buttons));
  return { text: heading, blocks };
}

/** " · 2 red, 1 amber" when any KPI is. */
function standingCounts(contract: { red?: number; amber?: number }): string {
  const parts = [
    ...(contract.red ? [`${contract.red} red`] : []),
    ...(contract.amber ? [`${contract.amber} amber`] : []),
  ];
  return parts.length > 0 ? ` · ${parts.join(', ')}` : '';
}

const LIST_PAGING_BLOCK = 'contract_list_paging';

export function escalationLine(escalation: EscalationSummary): string {
  const kpiName = escalation.kpiName ?? escalation.kpiKey;
  const kpi = kpiName ? ` · ${escapeMrkdwn(kpiName)}` : '';
  const where = escalation.thread ? ` · thread in <#${escalation.thread.channelId}>` : '';
  const due =
    escalation.status === 'open' && escalation.ackDueAt ? ` · acknowledge by ${slackDate(escalation.ackDueAt)}` : '';
  return `*${escapeMrkdwn(escalation.contractRef)}*${kpi} · ${escapeMrkdwn(escalation.contractTitle)}\n${escapeMrkdwn(triggerLabel(escalation.trigger))} · level ${escalation.level} · *${escalation.status}* · opened ${slackDate(escalation.openedAt)}${due}${where}`;
}

export function escalationListMessage(
  escalations: EscalationSummary[],
  reference?: string,
  offset = 0,
): { text: string; blocks: KnownBlock[] } {
  const scope = reference ? ` on ${escapeMrkdwn(reference)}` : '';
  if (escalations.length === 0) {
    const text = `No open escalations${scope}. :tada:`;
    return { text, blocks: [section(text)] };
  }
  const page = pageItems(escalations, 'escalations', offset);
  const count = `${escalations.length} open escalation${escalations.length === 1 ? '' : 's'}`;
  const blocks: KnownBlock[] = [section(`*${count}*${scope}${pagedSuffix(page)}`)];
  for (const escalation of page.items) blocks.push(section(escalationLine(escalation)));
  blocks.push(
    ...pagingBlock(
      ITEM_PAGING_BLOCK,
      itemNeighbours(page, { list: 'escalations', ...(reference ? { reference } : {}) }),
    ),
  );
  return { text: `${count}${scope}${pagedSuffix(page)}`, blocks };
}

/** `/steward kpis REF`: each KPI with its key, version and targets. */
export function kpiListMessage(reference: string, kpis: Kpi[]): { text: string; blocks: KnownBlock[] } {
  const title = `KPIs of ${escapeMrkdwn(reference)} (${kpis.length})`;
  const blocks: KnownBlock[] = [section(`*${title}*`)];
  if (kpis.length === 0) blocks.push(context(`No KPIs yet. \`/steward kpi ${escapeMrkdwn(reference)}\` adds one.`));
  const room = MESSAGE_BLOCK_LIMIT - 2;
  for (const kpi of kpis.slice(0, room)) {
    blocks.push(
      section(
        `*${escapeMrkdwn(kpi.name)}* (\`${escapeMrkdwn(kpi.key)}\`, v${kpi.version})\n${escapeMrkdwn(kpiSummary(kpi))}`,
      ),
    );
  }
  if (kpis.length > room) blocks.push(context(`…and ${kpis.length - room} more.`));
  return { text: `${kpis.length} KPIs of ${reference}`, blocks };
}
