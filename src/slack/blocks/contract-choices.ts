import type { types } from '@slack/bolt';
import type { CommandName } from '../../chat/commands';
import { choicesHeading, encodeChoice } from '../../chat/contract-choices';
import { CONTRACT_PICKER, pickerOptionText } from '../../chat/contract-picker';
import type { ContractPage, ContractSummary } from '../../services/service-api';
import { ACTION, CONTRACT_PICKER_BLOCK_PREFIX } from '../ids';
import { actionButton, type KnownBlock, MESSAGE_BLOCK_LIMIT, option, plain, section } from './kit';
import { escapeMrkdwn, ragBadge } from './mrkdwn';

/**
 * The contracts a command may mean, each with an "Open" button that runs the command for it (contract-pick.ts).
 * A page holds at most LIST_PAGE_SIZE contracts: one section each, inside a message's 50 blocks. When more match
 * than are shown, the contract picker comes first, so every one of them can be reached by typing.
 */
export function contractChoicesMessage(
  command: CommandName,
  page: ContractPage,
  asked: { words: string[] } | { unknown: string },
): { text: string; blocks: KnownBlock[] } {
  const heading = choicesHeading(command, { total: page.total, shown: page.contracts.length }, asked);
  const blocks: KnownBlock[] = [section(escapeMrkdwn(heading).replace(/`([^`]*)`/g, '`$1`'))];
  if (page.total > page.contracts.length) blocks.push(contractPickerBlock(command));
  for (const contract of page.contracts.slice(0, MESSAGE_BLOCK_LIMIT - blocks.length)) {
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

/**
 * The contract picker (src/chat/contract-picker.ts) as Slack renders it: an `external_select` whose options the
 * options handler answers as the person types (listeners/options/contract-picker-options.ts), in an input block
 * that dispatches the choice at once (`dispatch_action`), so choosing runs the command the block id names.
 * `min_query_length: 0` lets Slack ask as soon as the menu opens: the worst contracts first.
 */
export function contractPickerBlock(command: CommandName): types.InputBlock {
  return {
    type: 'input',
    block_id: `${CONTRACT_PICKER_BLOCK_PREFIX}${command}`,
    dispatch_action: true,
    label: plain(CONTRACT_PICKER.label, 2000),
    hint: plain(CONTRACT_PICKER.hint, 2000),
    element: {
      type: 'external_select',
      action_id: ACTION.contractPicker,
      placeholder: plain(CONTRACT_PICKER.placeholder, 150),
      min_query_length: 0,
    },
  };
}

/** The picker's options: what Bolt's options handler acknowledges, each valued by the contract's reference. */
export function contractPickerOptions(contracts: readonly ContractSummary[]): { options: types.PlainTextOption[] } {
  return { options: contracts.map((contract) => option(pickerOptionText(contract), contract.reference)) };
}
