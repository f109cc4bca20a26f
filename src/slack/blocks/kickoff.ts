import type { KickoffView } from '../../services/service-api';
import { actionButton, actions, context, header, type KnownBlock, section } from './kit';
import { escapeMrkdwn, mention, mentions, slackDate } from './mrkdwn';

/** Every kickoff message's button row carries this block id, so the row can be swapped for who acknowledged. */
export const KICKOFF_ACTIONS_BLOCK = 'kickoff:actions';

const MAX_KPI_LINES = 20;

/** The vendor's "Acknowledge" button under a kickoff checklist. */
export function kickoffAcknowledgeActions(reference: string): KnownBlock {
  return actions(KICKOFF_ACTIONS_BLOCK, [actionButton('acknowledgeKickoff', reference)]);
}

function people(list: KickoffView['vendorContacts']): string {
  return list.length > 0 ? mentions(list) : '_nobody yet_';
}

/** `/steward kickoff REF`: the checklist as the caller may see it, privately, with what was posted where. */
export function kickoffChecklistMessage(
  view: KickoffView,
  outcome: { posted?: number; note?: string } = {},
): { text: string; blocks: KnownBlock[] } {
  const ref = escapeMrkdwn(view.contractRef);
  const { posted, note } = outcome;
  const blocks: KnownBlock[] = [];
  if (note) blocks.push(section(escapeMrkdwn(note)));
  else if (posted !== undefined) {
    blocks.push(
      section(
        posted > 0
          ? `:rocket: Posted the kickoff checklist of *${ref}* in ${posted} linked channel${posted === 1 ? '' : 's'}.`
          : `The kickoff checklist of *${ref}* was already posted in every linked channel.`,
      ),
    );
  }
  blocks.push(
    header(`Kickoff — ${view.contractRef}`),
    section(
      `*${escapeMrkdwn(view.contractTitle)}* with *${escapeMrkdwn(view.vendorName)}*, ${escapeMrkdwn(view.startDate)} to ${escapeMrkdwn(view.endDate)}`,
    ),
  );
  const roles = view.roles.map((role) => `• ${escapeMrkdwn(capitalize(role.role))}: ${people(role.people)}`);
  roles.push(`• Vendor contacts: ${people(view.vendorContacts)}`);
  if (view.escalationPath.length > 0) {
    const levels = view.escalationPath.map(
      (level) =>
        `${level.level}. ${[level.role ? escapeMrkdwn(level.role) : '', mentions(level.people)].filter(Boolean).join(', ')} (${level.ackWithinHours} h)`,
    );
    roles.push(`• Escalation path: ${levels.join(' → ')}`);
  }
  blocks.push(section(`*1. Roles*\n${roles.join('\n')}`));
  const kpis = view.kpis.slice(0, MAX_KPI_LINES).map((kpi) => {
    const who = kpi.respondent === 'vendor' ? 'vendor answers' : 'owner answers';
    return `• *${escapeMrkdwn(kpi.name)}*: target ${escapeMrkdwn(kpi.target)}, warning at ${escapeMrkdwn(kpi.warning)}, breach at ${escapeMrkdwn(kpi.breach)} _(${escapeMrkdwn(kpi.cadence)}, ${who})_`;
  });
  if (view.kpis.length > MAX_KPI_LINES) kpis.push(`• …and ${view.kpis.length - MAX_KPI_LINES} more`);
  blocks.push(section(`*2. KPIs and thresholds* (${view.kpis.length})\n${kpis.join('\n') || '_none yet_'}`));
  blocks.push(
    section(
      view.acknowledged
        ? `*3.* :white_check_mark: Acknowledged by ${mention(view.acknowledged.by)} on ${slackDate(view.acknowledged.at)}.`
        : `*3.* Waiting for ${escapeMrkdwn(view.vendorName)} to acknowledge the kickoff in the vendor channel.`,
    ),
  );
  if (view.vendorView)
    blocks.push(context('Vendor view: internal roles, the escalation path and internal KPIs are not shown.'));
  return { text: `Kickoff checklist of ${ref}`, blocks };
}

/** The kickoff message after the vendor acknowledged: the button row gives way to who and when. */
export function acknowledgedKickoffBlocks(
  blocks: readonly unknown[],
  by: KickoffView['vendorContacts'][number],
  at: Date,
): KnownBlock[] {
  const kept = blocks.filter(
    (block) => (block as { block_id?: unknown } | null)?.block_id !== KICKOFF_ACTIONS_BLOCK,
  ) as KnownBlock[];
  return [
    ...kept,
    context(`:white_check_mark: Acknowledged by ${mention(by)} on ${slackDate(at)}.`, 'kickoff:acknowledged'),
  ];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
