import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { COMMANDS, type Command, type CommandName, type CommandOf, parseCommand } from '../../../chat/commands';
import { closestChoices, isChoosable } from '../../../chat/contract-choices';
import { isStewardError } from '../../../domain/errors';
import { contractChoicesMessage } from '../../blocks/contract-choices';
import { usageMessage } from '../../blocks/help';
import { slackCommandText } from '../../command-text';
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
import { runDecision } from './steward/decision';
import { runEscalations } from './steward/escalations';
import { runExport } from './steward/export';
import { runHelp } from './steward/help';
import { runHome } from './steward/home';
import { runImport } from './steward/import';
import { runKickoff } from './steward/kickoff';
import { runKpi } from './steward/kpi';
import { runKpis } from './steward/kpis';
import { runLesson } from './steward/lesson';
import { runLink } from './steward/link';
import { runList } from './steward/list';
import { runNewContract } from './steward/new-contract';
import { runObligation } from './steward/obligation';
import { runObligations } from './steward/obligations';
import { runPath } from './steward/path';
import { runPortfolio } from './steward/portfolio';
import { refuseVendor } from './steward/refuse-vendor';
import { runRisk } from './steward/risk';
import { runRisks } from './steward/risks';
import { runRoles } from './steward/roles';
import { runScorecard } from './steward/scorecard';
import { runStatus } from './steward/status';
import { runValuePortfolio, runValueRecord, runValueSummary } from './steward/value';
import { runWarnings } from './steward/warnings';

type Handler<N extends CommandName> = (ctx: SubcommandContext, command: CommandOf<N>) => Promise<void>;

/** Each command of the shared table and what answers it on Slack; one missing does not compile. */
const HANDLERS: { [N in CommandName]: Handler<N> } = {
  help: (ctx) => runHelp(ctx),
  home: (ctx) => runHome(ctx),
  list: (ctx, c) => runList(ctx, c.filter),
  scorecard: (ctx, c) => runScorecard(ctx, c.reference),
  kpis: (ctx, c) => runKpis(ctx, c.reference),
  new: (ctx) => runNewContract(ctx),
  kpi: (ctx, c) => runKpi(ctx, c.reference, c.kpiKey),
  roles: (ctx, c) => runRoles(ctx, c.reference),
  path: (ctx, c) => runPath(ctx, c.reference),
  link: (ctx, c) => runLink(ctx, c.reference, c.purpose),
  checkin: (ctx, c) => runCheckin(ctx, c.reference, c.kpiKey),
  escalations: (ctx, c) => runEscalations(ctx, c.reference),
  status: (ctx, c) => runStatus(ctx, c.reference, c.status, c.reason),
  kickoff: (ctx, c) => runKickoff(ctx, c.reference),
  acknowledge: (ctx, c) => runAcknowledge(ctx, c.reference),
  obligations: (ctx, c) => runObligations(ctx, c.reference),
  obligation: (ctx, c) => runObligation(ctx, c.reference),
  risks: (ctx, c) => runRisks(ctx, c.reference),
  risk: (ctx, c) => runRisk(ctx, c.reference),
  actions: (ctx, c) => runCorrectiveActions(ctx, c.reference, c.all),
  credits: (ctx, c) => {
    if (c.what === 'claim') return runClaimPack(ctx, c.reference, c.periodKey);
    return c.what === 'terms' ? runEditCreditTerms(ctx, c.reference) : runCreditTerms(ctx, c.reference);
  },
  value: (ctx, c) => {
    if (c.mode === 'portfolio') return runValuePortfolio(ctx);
    return c.mode === 'record' ? runValueRecord(ctx, c.reference) : runValueSummary(ctx, c.reference);
  },
  closeout: (ctx, c) => runCloseout(ctx, c.reference),
  lesson: (ctx, c) => runLesson(ctx, c.reference, c.text),
  close: (ctx, c) => runClose(ctx, c.reference, c.outcome, c.note, c.newEndDate),
  audit: (ctx, c) =>
    c.action === 'verify' ? runAuditVerify(ctx, c.reference) : runAuditExport(ctx, c.reference, c.format),
  charts: (ctx, c) => runCharts(ctx, c.reference),
  portfolio: (ctx) => runPortfolio(ctx),
  export: (ctx, c) => runExport(ctx, c.kind, c.format, c.reference),
  import: (ctx) => runImport(ctx),
  warnings: (ctx, c) => runWarnings(ctx, c.reference, c.kpiKey, c.on),
  decision: (ctx, c) => runDecision(ctx, c.reference, c.dueDate, c.owner, c.text),
};

/** The names Slack answers, for the parity test with Teams. */
export const SLACK_COMMANDS = Object.keys(HANDLERS) as CommandName[];

function run(ctx: SubcommandContext, command: Command): Promise<void> {
  return (HANDLERS[command.name] as Handler<CommandName>)(ctx, command as never);
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
    const typed = slackCommandText(command.text);
    await runTyped(ctx, typed.text, typed.mentions);
  };
}

/**
 * Runs what was typed (or what a choice button carries) for the person in `ctx`. A command that names one
 * contract, given none or part of a reference, or a reference that does not exist, is answered with the contracts
 * it may mean as buttons (src/chat/contract-choices.ts) instead of a refusal.
 */
export async function runTyped(
  ctx: SubcommandContext,
  text: string,
  mentions: Parameters<typeof parseCommand>[1] = [],
): Promise<void> {
  const { actor } = ctx;
  const parsed = parseCommand(text, mentions);
  const subcommand = parsed.ok ? parsed.command.name : parsed.command;
  if (actor.external && subcommand && !COMMANDS[subcommand].vendor) {
    const reference = parsed.ok && 'reference' in parsed.command ? parsed.command.reference : undefined;
    await refuseVendor(ctx, subcommand, reference);
    return;
  }
  if (!parsed.ok) {
    if (parsed.find && isChoosable(parsed.command)) {
      const page = await ctx.deps.services.contracts.list(actor, { words: parsed.find });
      if (page.total > 0) {
        await ctx.reply(contractChoicesMessage(parsed.command, page, { words: parsed.find }));
        return;
      }
    }
    await ctx.reply(usageMessage(parsed, actor.external));
    return;
  }
  try {
    await run(ctx, parsed.command);
  } catch (error) {
    const reference = 'reference' in parsed.command ? parsed.command.reference : undefined;
    if (!isStewardError(error) || error.code !== 'not_found' || !reference || !isChoosable(parsed.command.name)) {
      throw error;
    }
    const found = await closestChoices(reference, (words) => ctx.deps.services.contracts.list(actor, { words }));
    if (!found) throw error;
    await ctx.reply(contractChoicesMessage(parsed.command.name, found.page, found.asked));
  }
}
