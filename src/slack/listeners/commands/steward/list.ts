import type { ListFilterArgs } from '../../../../chat/commands';
import type { ContractFilter } from '../../../../services/service-api';
import { contractListMessage } from '../../../blocks/reports';
import type { SubcommandContext } from './context';

export async function runList(ctx: SubcommandContext, args: ListFilterArgs): Promise<void> {
  const filter: ContractFilter = {};
  if (args.status) filter.status = args.status;
  // A Slack mention names the Slack user id contracts keep their owners by.
  const owner = args.mine ? ctx.actor.person.slackUserId : args.owner?.id;
  if (owner) filter.owner = owner;
  if (args.vendor) filter.vendor = args.vendor;
  if (args.rag) filter.rag = args.rag;
  if (args.endingWithinDays) filter.endingWithinDays = args.endingWithinDays;
  if (args.words) filter.words = args.words;
  const page = await ctx.deps.services.contracts.list(ctx.actor, filter);
  await ctx.reply(contractListMessage(page, filter));
}
