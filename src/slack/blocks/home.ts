import type { CheckinItemView } from '../../chat/chat-surface';
import type {
  ContractSummary,
  EscalationSummary,
  HomeView as HomeModel,
  ObligationView,
  RiskView,
} from '../../services/service-api';
import {
  actionButton,
  actions,
  context,
  divider,
  type HomeView,
  header,
  type KnownBlock,
  section,
  VIEW_BLOCK_LIMIT,
} from './kit';
import { escapeMrkdwn, ragBadge, slackDate, trendLabel } from './mrkdwn';
import { homeObligation } from './obligations';
import { escalationLine } from './reports';
import { homeRisk } from './risks';

/** What the Home tab adds from the contracts the person owns: obligations due soon and risks to review. */
export interface HomeFollowUps {
  obligations: ObligationView[];
  risks: RiskView[];
  /** How far ahead "soon" looks, in days, for the section titles. */
  horizonDays: number;
}

/**
 * The App Home tab: pending check-ins (with Submit buttons), contracts the person owns, escalations they
 * are part of, and, given `followUps`, the owned contracts' obligations due soon and risks due for review.
 * Slack refuses a Home view over 100 blocks (a message over 50: `/steward home` passes that `limit`), so long
 * lists are cut with an "and N more" line.
 */
/** Lines of the "can't reach" notice; a section holds 3,000 characters. */
const UNREACHABLE_LINES = 8;

export function homeView(
  home: HomeModel,
  now: Date,
  followUps?: HomeFollowUps,
  limit: number = VIEW_BLOCK_LIMIT,
): HomeView {
  const blocks: KnownBlock[] = [
    header('Steward'),
    context(`Your check-ins, contracts and escalations · updated ${slackDate(now)}`),
    actions('home:actions', [actionButton('refreshHome', 'refresh')]),
  ];
  const checkinsTotal = home.totals?.pendingCheckins ?? home.pendingCheckins.length;
  const escalationsTotal = home.totals?.openEscalations ?? home.openEscalations.length;
  const lists = [home.pendingCheckins.length, home.ownedContracts.length, home.openEscalations.length];
  if (followUps) lists.push(followUps.obligations.length, followUps.risks.length);
  // Each list takes a title, maybe an "and N more" line and a divider: 3 blocks, plus one block per item.
  // The "can't reach" notice is one section and a divider, whatever its length.
  const notice = home.unreachable.length > 0 ? 2 : 0;
  const caps = shareBudget(lists, limit - blocks.length - lists.length * 3 - notice);

  if (home.unreachable.length > 0) {
    const lines = home.unreachable
      .slice(0, UNREACHABLE_LINES)
      .map(
        (item) =>
          `• *${item.contractRef}*: ${item.what} on ${item.surface === 'slack' ? 'Slack' : 'Teams'}, ${item.reason}. Update the roles with \`/steward roles ${item.contractRef}\`; Steward looks again ${slackDate(item.nextCheckAt)}.`,
      );
    if (home.unreachable.length > UNREACHABLE_LINES)
      lines.push(`…and ${home.unreachable.length - UNREACHABLE_LINES} more.`);
    blocks.push(section(`:warning: *Steward can't reach* (${home.unreachable.length})\n${lines.join('\n')}`));
    blocks.push(divider());
  }

  blocks.push(section(`*Your check-ins* (${checkinsTotal})`));
  if (checkinsTotal === 0) blocks.push(context('Nothing to answer right now. :tada:'));
  for (const item of home.pendingCheckins.slice(0, caps[0])) blocks.push(pendingCheckin(item));
  more(blocks, checkinsTotal, Math.min(home.pendingCheckins.length, caps[0] ?? 0));
  blocks.push(divider());

  const ownedTotal = home.owned?.total ?? home.ownedContracts.length;
  blocks.push(section(`*Contracts you own* (${ownedTotal})${ownedNeeds(home)}`));
  if (ownedTotal === 0) blocks.push(context('You own no contracts. `/steward new` creates one.'));
  for (const contract of home.ownedContracts.slice(0, caps[1])) blocks.push(ownedContract(contract));
  // The rest is a command away, counted as the database counts it (a manager may own hundreds).
  if (ownedTotal > Math.min(home.ownedContracts.length, caps[1] ?? 0)) {
    blocks.push(
      context(
        `Worst first: ${Math.min(home.ownedContracts.length, caps[1] ?? 0)} of ${ownedTotal} shown. \`/steward list owner:me\` pages through them all${home.owned?.red ? ', `/steward list owner:me rag:red` the red ones' : ''}${home.owned?.endingSoon ? `, \`/steward list owner:me ending:${home.owned.endingWithinDays}\` those ending soon` : ''}.`,
      ),
    );
  }
  blocks.push(divider());

  blocks.push(section(`*Open escalations* (${escalationsTotal})`));
  if (escalationsTotal === 0) blocks.push(context('No open escalations involve you.'));
  for (const escalation of home.openEscalations.slice(0, caps[2])) blocks.push(openEscalation(escalation));
  more(
    blocks,
    escalationsTotal,
    Math.min(home.openEscalations.length, caps[2] ?? 0),
    '`/steward escalations` pages through them all.',
  );

  if (followUps) {
    const { obligations, risks, horizonDays } = followUps;
    blocks.push(divider());
    blocks.push(section(`*Obligations due soon* (${obligations.length})`));
    if (obligations.length === 0) {
      blocks.push(context(`Nothing owed on your contracts in the next ${horizonDays} days, and nothing overdue.`));
    }
    for (const obligation of obligations.slice(0, caps[3])) blocks.push(homeObligation(obligation));
    more(blocks, obligations.length, caps[3] ?? 0);
    blocks.push(divider());

    blocks.push(section(`*Risks to review* (${risks.length})`));
    if (risks.length === 0)
      blocks.push(context(`No risk on your contracts is due for review in the next ${horizonDays} days.`));
    for (const risk of risks.slice(0, caps[4])) blocks.push(homeRisk(risk));
    more(blocks, risks.length, caps[4] ?? 0);
  }

  return { type: 'home', blocks: blocks.slice(0, limit) };
}

/** " · 3 red · 1 amber · 12 ending within 90 days": what needs the owner first. */
function ownedNeeds(home: HomeModel): string {
  const owned = home.owned;
  if (!owned) return '';
  const parts = [
    ...(owned.red ? [`:red_circle: ${owned.red} red`] : []),
    ...(owned.amber ? [`:large_orange_circle: ${owned.amber} amber`] : []),
    ...(owned.endingSoon ? [`${owned.endingSoon} ending within ${owned.endingWithinDays} days`] : []),
  ];
  return parts.length > 0 ? ` · ${parts.join(' · ')}` : '';
}

function more(blocks: KnownBlock[], total: number, shown: number, whereAll?: string): void {
  if (total > shown) blocks.push(context(`…and ${total - shown} more.${whereAll ? ` ${whereAll}` : ''}`));
}

/** Splits a block budget between lists, giving short lists what they need and the rest to longer ones. */
export function shareBudget(lengths: number[], budget: number): number[] {
  const caps = lengths.map(() => 0);
  let remaining = Math.max(0, budget);
  const order = lengths.map((length, index) => ({ length, index })).sort((a, b) => a.length - b.length);
  order.forEach(({ length, index }, position) => {
    const fair = Math.floor(remaining / (order.length - position));
    caps[index] = Math.min(length, fair);
    remaining -= caps[index] ?? 0;
  });
  return caps;
}

function pendingCheckin(item: CheckinItemView): KnownBlock {
  const snoozed = item.state.status === 'snoozed' ? ` · snoozed until ${slackDate(item.state.until)}` : '';
  return section(
    `*${escapeMrkdwn(item.contractRef)}* · ${escapeMrkdwn(item.kpi.name)} — ${escapeMrkdwn(item.periodLabel)}\nDue ${slackDate(item.dueAt)}${snoozed}`,
    {
      block_id: `home:checkin:${item.checkinId}`,
      accessory: actionButton('submitScore', item.checkinId),
    },
  );
}

function ownedContract(contract: ContractSummary): KnownBlock {
  const score =
    contract.overallScore === null || contract.overallRag === null
      ? 'no scores yet'
      : `${ragBadge(contract.overallRag)} ${Math.round(contract.overallScore * 10) / 10}`;
  return section(
    `*${escapeMrkdwn(contract.reference)}* · ${escapeMrkdwn(contract.title)}\n*${escapeMrkdwn(contract.status)}* · ${score} · ${trendLabel(contract.trend)}`,
  );
}

function openEscalation(escalation: EscalationSummary): KnownBlock {
  return section(escalationLine(escalation));
}
