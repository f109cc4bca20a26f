import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { usageMessage } from '../../blocks/help';
import { parseStewardCommand, type StewardCommand, SUBCOMMANDS } from '../../command-arguments';
import type { SlackDeps } from '../../deps';
import { runAcknowledge } from './steward/acknowledge';
import { runAuditExport, runAuditVerify } from './steward/audit';
import { runCharts } from './steward/charts';
import { runCheckin } from './steward/checkin';
import { runClose } from './steward/close';
import { runCloseout } from './steward/closeout';
import type { SubcommandContext } from './steward/context';
import { runCorrectiveActions } from './steward/corrective-actions';
import { runClaimPack, runCreditTerms, runEditCreditTerms } from './steward/credits';
import { runEscalations } from './steward/escalations';
import { runExport } from './steward/export';
import { runHelp } from './steward/help';
import { runImport } from './steward/import';
import { runKickoff } from './steward/kickoff';
import { runKpi } from './steward/kpi';
import { runLesson } from './steward/lesson';
import { runLink } from './steward/link';
import { runList } from './steward/list';
import { runNewContract } from './steward/new-contract';
import { runObligation } from './steward/obligation';
import { runObligations } from './steward/obligations';
import { runPath } from './steward/path';
import { refuseVendor } from './steward/refuse-vendor';
import { runRisk } from './steward/risk';
import { runRisks } from './steward/risks';
import { runRoles } from './steward/roles';
import { runScorecard } from './steward/scorecard';
import { runStatus } from './steward/status';
import { runValuePortfolio, runValueRecord, runValueSummary } from './steward/value';

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
    case 'kickoff':
      return runKickoff(ctx, command.reference);
    case 'acknowledge':
      return runAcknowledge(ctx, command.reference);
    case 'obligations':
      return runObligations(ctx, command.reference);
    case 'obligation':
      return runObligation(ctx, command.reference);
    case 'risks':
      return runRisks(ctx, command.reference);
    case 'risk':
      return runRisk(ctx, command.reference);
    case 'actions':
      return runCorrectiveActions(ctx, command.reference, command.all);
    case 'credits':
      if (command.what === 'claim') return runClaimPack(ctx, command.reference, command.periodKey);
      return command.what === 'terms'
        ? runEditCreditTerms(ctx, command.reference)
        : runCreditTerms(ctx, command.reference);
    case 'value':
      if (command.mode === 'portfolio') return runValuePortfolio(ctx);
      return command.mode === 'record'
        ? runValueRecord(ctx, command.reference)
        : runValueSummary(ctx, command.reference);
    case 'closeout':
      return runCloseout(ctx, command.reference);
    case 'lesson':
      return runLesson(ctx, command.reference, command.text);
    case 'close':
      return runClose(ctx, command.reference, command.outcome, command.note, command.newEndDate);
    case 'audit':
      return command.action === 'verify'
        ? runAuditVerify(ctx, command.reference)
        : runAuditExport(ctx, command.reference, command.format);
    case 'charts':
      return runCharts(ctx, command.reference);
    case 'export':
      return runExport(ctx, command.kind, command.format, command.reference);
    case 'import':
      return runImport(ctx);
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
