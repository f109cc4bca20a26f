import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { usageMessage } from '../../blocks/help';
import { parseStewardCommand, type StewardCommand, SUBCOMMANDS } from '../../command-arguments';
import type { SlackDeps } from '../../deps';
import { runCheckin } from './steward/checkin';
import type { SubcommandContext } from './steward/context';
import { runEscalations } from './steward/escalations';
import { runHelp } from './steward/help';
import { runKpi } from './steward/kpi';
import { runLink } from './steward/link';
import { runList } from './steward/list';
import { runNewContract } from './steward/new-contract';
import { runPath } from './steward/path';
import { refuseVendor } from './steward/refuse-vendor';
import { runRoles } from './steward/roles';
import { runScorecard } from './steward/scorecard';
import { runStatus } from './steward/status';

function run(ctx: SubcommandContext, command: StewardCommand): Promise<void> {
  switch (command.name) {
    case 'help':
      return runHelp(ctx);
    case 'list':
      return runList(ctx, command.filter);
    case 'scorecard':
      return runScorecard(ctx, command.reference);
    case 'new':
      return runNewContract(ctx);
    case 'kpi':
      return runKpi(ctx, command.reference, command.kpiKey);
    case 'roles':
      return runRoles(ctx, command.reference);
    case 'path':
      return runPath(ctx, command.reference);
    case 'link':
      return runLink(ctx, command.reference, command.purpose);
    case 'checkin':
      return runCheckin(ctx, command.reference, command.kpiKey);
    case 'escalations':
      return runEscalations(ctx, command.reference);
    case 'status':
      return runStatus(ctx, command.reference, command.status, command.reason);
  }
}

/**
 * `/steward …`. Slack needs the 200 within 3 s, so the ack comes first and the answer follows through
 * response_url (ephemeral: only the caller sees it). Errors thrown below reach the global error handler,
 * which answers with the StewardError's message or a short apology.
 */
export function stewardCommand(deps: SlackDeps) {
  return async ({ ack, command, respond, client }: AllMiddlewareArgs & SlackCommandMiddlewareArgs): Promise<void> => {
    await ack();
    const actor = await deps.actors.fromCommand(command);
    const ctx: SubcommandContext = {
      deps,
      actor,
      client,
      payload: command,
      reply: async (message) => {
        await respond({ response_type: 'ephemeral', replace_original: false, ...message });
      },
    };
    const parsed = parseStewardCommand(command.text);
    const subcommand = parsed.ok ? parsed.command.name : parsed.subcommand;
    if (actor.external && subcommand && !SUBCOMMANDS[subcommand].vendor) {
      const reference = parsed.ok && 'reference' in parsed.command ? parsed.command.reference : undefined;
      await refuseVendor(ctx, subcommand, reference);
      return;
    }
    if (!parsed.ok) {
      await ctx.reply(usageMessage(parsed, actor.external));
      return;
    }
    await run(ctx, parsed.command);
  };
}
