import type { ContractFilter } from '../../../services/service-api';
import { contractListCard } from '../../cards/list-cards';
import type { Command } from '../../commands';
import { aadObjectIdOf } from '../../mentions';
import type { CommandHandler } from '../types';

export const listContracts: CommandHandler<Extract<Command, { name: 'list' }>> = async ({
  command,
  actor,
  deps,
  lookupMember,
}) => {
  const filter: ContractFilter = {};
  if (command.status) filter.status = command.status;
  // "mine" means owned by the person asking, by their Teams identity.
  if (command.mine && actor.person.teamsUserId) filter.owner = actor.person.teamsUserId;
  let ownerName: string | undefined;
  if (command.owner) {
    // Contracts keep owners by Entra object id; a mention names a Teams account, so it is looked up.
    const aadObjectId = await aadObjectIdOf(command.owner, lookupMember);
    const who = command.owner.name ?? 'the person you mentioned';
    if (!aadObjectId) {
      return {
        text: `Steward could not tell who ${who} is in this conversation. Mention someone who is a member here, or use owner:me.`,
      };
    }
    filter.owner = aadObjectId;
    ownerName = who;
  }
  if (command.vendor) filter.vendor = command.vendor;
  const contracts = await deps.services.contracts.list(actor, filter);
  const whose = ownerName ? `Contracts owned by ${ownerName}` : command.mine ? 'Your contracts' : 'Contracts';
  const title = `${whose}${command.status ? ` (${command.status})` : ''}`;
  return { card: contractListCard(contracts, title) };
};
