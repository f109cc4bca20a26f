import type { ContractFilter } from '../../../../services/service-api';
import { contractListMessage } from '../../../blocks/reports';
import type { ListFilterArgs } from '../../../command-arguments';
import type { SubcommandContext } from './context';

export async function runList(ctx: SubcommandContext, args: ListFilterArgs): Promise<void> {
  const filter: ContractFilter = {};
  if (args.status) filter.status = args.status;
  const owner = args.ownerIsMe ? ctx.actor.person.slackUserId : args.ownerId;
  if (owner) filter.owner = owner;
  if (args.vendor) filter.vendor = args.vendor;
  const contracts = await ctx.deps.services.contracts.list(ctx.actor, filter);
  await ctx.reply(contractListMessage(contracts, filter));
}
