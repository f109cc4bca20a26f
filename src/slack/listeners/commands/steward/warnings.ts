import { escapeMrkdwn } from '../../../blocks/mrkdwn';
import type { SubcommandContext } from './context';

/** `warnings REF KPI on|off`: a contract manager turns a KPI's early warnings off or back on. */
export async function runWarnings(
  ctx: SubcommandContext,
  reference: string,
  kpiKey: string,
  on: boolean,
): Promise<void> {
  const result = await ctx.deps.services.forecasts.setWarnings(ctx.actor, reference, kpiKey, on);
  await ctx.reply({
    text: on
      ? `:bell: Early warnings for *${escapeMrkdwn(result.kpiName)}* on *${escapeMrkdwn(result.contractRef)}* are on again.`
      : `:no_bell: Early warnings for *${escapeMrkdwn(result.kpiName)}* on *${escapeMrkdwn(result.contractRef)}* are off. Turn them back on with \`/steward warnings ${result.contractRef} ${result.kpiKey} on\`.`,
  });
}
