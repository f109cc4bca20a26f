import { defaultValuePeriod, portfolioMessage, valueRecordModal, valueSummaryMessage } from '../../../blocks/value';
import type { SubcommandContext } from './context';

export async function runValueSummary(ctx: SubcommandContext, reference: string): Promise<void> {
  const summary = await ctx.deps.services.value.summary(ctx.actor, reference);
  await ctx.reply(valueSummaryMessage(summary));
}

export async function runValuePortfolio(ctx: SubcommandContext): Promise<void> {
  const portfolio = await ctx.deps.services.value.portfolio(ctx.actor);
  await ctx.reply(portfolioMessage(portfolio));
}

export async function runValueRecord(ctx: SubcommandContext, reference: string): Promise<void> {
  await ctx.client.views.open({
    trigger_id: ctx.payload.trigger_id,
    view: valueRecordModal({ subject: reference, channelId: ctx.payload.channel_id }, reference, {
      periodKey: defaultValuePeriod(ctx.deps.clock()),
    }),
  });
}
