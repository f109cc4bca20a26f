import type { ContractStatus } from '../../../../domain/types';
import { escapeMrkdwn } from '../../../blocks/mrkdwn';
import type { SubcommandContext } from './context';

export async function runStatus(
  ctx: SubcommandContext,
  reference: string,
  status: ContractStatus,
  reason?: string,
): Promise<void> {
  const contract = await ctx.deps.services.contracts.changeStatus(ctx.actor, reference, status, reason);
  await ctx.reply({ text: `*${escapeMrkdwn(contract.reference)}* is now *${escapeMrkdwn(contract.status)}*.` });
}
