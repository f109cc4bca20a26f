import type { ContractFilter } from '../../../services/service-api';
import { contractListCard } from '../../cards/list-cards';
import { aadObjectIdOf } from '../../mentions';
import type { CommandHandler } from '../types';

export const listContracts: CommandHandler<'list'> = async ({ command, actor, deps, lookupMember }) => {
  const { filter: args } = command;
  const filter: ContractFilter = {};
  if (args.status) filter.status = args.status;
  // "mine" means owned by the person asking, by their Teams identity.
  if (args.mine && actor.person.teamsUserId) filter.owner = actor.person.teamsUserId;
  let ownerName: string | undefined;
  if (args.owner) {
    // Contracts keep owners by Entra object id; a mention names a Teams account, so it is looked up.
    const aadObjectId = await aadObjectIdOf(args.owner, lookupMember);
    const who = args.owner.name ?? 'the person you mentioned';
    if (!aadObjectId) {
      return {
        text: `Steward could not tell who ${who} is in this conversation. Mention someone who is a member here, or use owner:me.`,
      };
    }
    filter.owner = aadObjectId;
    ownerName = who;
  }
  if (args.vendor) filter.vendor = args.vendor;
  if (args.rag) filter.rag = args.rag;
  if (args.endingWithinDays) filter.endingWithinDays = args.endingWithinDays;
  if (args.words) filter.words = args.words;
  const page = await deps.services.contracts.list(actor, filter);
  const whose = ownerName ? `Contracts owned by ${ownerName}` : args.mine ? 'Your contracts' : 'Contracts';
  const title = `${whose}${args.status ? ` (${args.status})` : ''}`;
  return { card: contractListCard(page, filter, title) };
};
