import type { ContractFilter } from '../../../services/service-api';
import { contractListCard } from '../../cards/list-cards';
import type { Command } from '../../commands';
import type { CommandHandler } from '../types';

export const listContracts: CommandHandler<Extract<Command, { name: 'list' }>> = async ({ command, actor, deps }) => {
  const filter: ContractFilter = {};
  if (command.status) filter.status = command.status;
  // "mine" means owned by the person asking, by their Teams identity.
  if (command.mine && actor.person.teamsUserId) filter.owner = actor.person.teamsUserId;
  if (command.vendor) filter.vendor = command.vendor;
  const contracts = await deps.services.contracts.list(actor, filter);
  const title = `${command.mine ? 'Your contracts' : 'Contracts'}${command.status ? ` (${command.status})` : ''}`;
  return { card: contractListCard(contracts, title) };
};
