import type { CommandHandler } from '../types';

export const changeStatus: CommandHandler<'status'> = async ({ command, actor, deps }) => {
  const contract = await deps.services.contracts.changeStatus(actor, command.reference, command.status, command.reason);
  return { text: `${contract.reference} is now ${contract.status}.` };
};
