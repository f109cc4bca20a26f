import type { AllMiddlewareArgs, BlockAction, ExternalSelectAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { encodeChoice } from '../../../chat/contract-choices';
import { pickerCommand } from '../../../chat/contract-picker';
import type { SlackDeps } from '../../deps';
import { CONTRACT_PICKER_BLOCK_PREFIX } from '../../ids';
import { runChoice } from './contract-pick';

type SelectArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ExternalSelectAction>>;

/**
 * A contract chosen in the contract picker (blocks/contract-choices.ts): runs the command its block names for the
 * contract chosen, exactly as its "Open" button would. Both travel back from the client, so both are checked again
 * (decodeChoice refuses a command or reference Steward would not have offered).
 */
export function contractPickerChoose(deps: SlackDeps) {
  return async ({ ack, body, action, respond, client }: SelectArgs): Promise<void> => {
    await ack();
    const command = action.block_id.startsWith(CONTRACT_PICKER_BLOCK_PREFIX)
      ? pickerCommand(action.block_id.slice(CONTRACT_PICKER_BLOCK_PREFIX.length))
      : undefined;
    const reference = action.selected_option?.value;
    const value = command && typeof reference === 'string' ? encodeChoice(command, reference) : undefined;
    await runChoice(deps, { body, respond, client }, value);
  };
}
