import type { Command } from '../../commands';
import type { CommandHandler } from '../types';

export const changeStatus: CommandHandler<Extract<Command, { name: 'status' }>> = async ({ command, actor, deps }) => {
  const contract = await deps.services.contracts.changeStatus(actor, command.reference, command.to, command.reason);
  return { text: `${contract.reference} is now ${contract.status}.` };
};
