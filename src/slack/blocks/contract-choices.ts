import type { CommandName } from '../../chat/commands';
import { choicesHeading, encodeChoice } from '../../chat/contract-choices';
import type { ContractPage } from '../../services/service-api';
import { actionButton, type KnownBlock, MESSAGE_BLOCK_LIMIT, section } from './kit';
import { escapeMrkdwn, ragBadge } from './mrkdwn';

/**
 * The contracts a command may mean, each with an "Open" button that runs the command for it (contract-pick.ts).
 * A page holds at most LIST_PAGE_SIZE contracts: one section each, inside a message's 50 blocks.
 */
export function contractChoicesMessage(
  command: CommandName,
  page: ContractPage,
  asked: { words: string[] } | { unknown: string },
): { text: string; blocks: KnownBlock[] } {
  const heading = choicesHeading(command, { total: page.total, shown: page.contracts.length }, asked);
  const blocks: KnownBlock[] = [section(escapeMrkdwn(heading).replace(/`([^`]*)`/g, '`$1`'))];
  for (const contract of page.contracts.slice(0, MESSAGE_BLOCK_LIMIT - 1)) {
    const rag = contract.worstRag ?? contract.overallRag;
    blocks.push(
      section(
        `*${escapeMrkdwn(contract.reference)}* · ${escapeMrkdwn(contract.title)}\n${escapeMrkdwn(contract.vendorName)} · ${rag ? ragBadge(rag) : 'no scores yet'} · ends ${escapeMrkdwn(contract.endDate)}`,
        { accessory: actionButton('pickContract', encodeChoice(command, contract.reference)) },
      ),
    );
  }
  return { text: heading, blocks };
}
