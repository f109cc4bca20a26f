import { encodeChoice } from '../../../chat/contract-choices';
import { CONTRACT_PICKER, pickerCommand } from '../../../chat/contract-picker';
import { CARD_ACTIONS, CONTRACT_PICKER_INPUT } from '../../cards/action-ids';
import type { CardActionHandler } from '../types';
import { contractPick } from './contract-pick';

/**
 * "Open" under the contract picker: runs the card's command for the contract chosen in the picker, exactly as that
 * contract's own "Open" button would (contract-pick.ts, which checks both again). Nothing chosen: says so.
 */
export const contractPickerOpen: CardActionHandler = {
  id: CARD_ACTIONS.contractPickerOpen,
  async run(args) {
    const command = pickerCommand(args.data.command);
    const reference = args.data[CONTRACT_PICKER_INPUT];
    if (typeof reference !== 'string' || reference.trim() === '') return { message: CONTRACT_PICKER.missing };
    if (!command) return { message: 'That choice has expired. Type the command again.' };
    return contractPick.run({ ...args, data: { choice: encodeChoice(command, reference.trim()) } });
  },
};
