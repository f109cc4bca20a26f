import { startSteward } from './app';
import { type Config, ConfigError, loadConfig } from './config';
import { seedDemoPortfolio } from './demo/demo-portfolio';
import { createLogger, type Logger } from './logger';
import { startPlayground } from './teams/playground';
import { mayRunWithoutAuth } from './teams/teams-app';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && Boolean(process.stdout.isTTY));
  const logger = createLogger(config.logLevel, undefined, pretty);
  const sandbox = wantsPlayground(config, logger);
  const app = await startSteward({ config, logger, teamsSandbox: sandbox });
  const stops: Array<() => Promise<void>> = [() => app.stop()];

  if (sandbox) {
    try {
      const playground = await startPlayground({
        botEndpoint: `${app.url}/api/messages`,
        port: config.playground.port,
      });
      stops.unshift(() => playground.stop());
      const seeded = await seedDemoPortfolio(app.store, app.services, {
        conversationId: playground.personalConversationId,
        serviceUrl: playground.serviceUrl,
        user: playground.user,
      });
      if (seeded) logger.info('Seeded a demo portfolio: DEMO-2026-001 and DEMO-2026-002, owned by the playground user');
      logger.info(
        `Open the Microsoft 365 Agents Playground: ${playground.url} and type "steward checkin DEMO-2026-001" for a check-in card (score below 99 to see an escalation), or "steward help"`,
      );
    } catch (error) {
      logger.error({ err: error }, 'the Agents Playground could not start; Steward keeps running without it');
    }
  }

  let stopping = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'Steward is stopping');
    const forced = setTimeout(() => process.exit(exitCode), 10_000);
    forced.unref();
    for (const stop of stops)
      await stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  // A crash still stops the embedded database: through this handler when it can run, and through
  // the database's own stdin watch when it cannot (SIGKILL).
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    void shutdown('crash', 1);
  });
  process.on('unhandledRejection', (error) => {
    logger.error({ err: error }, 'unhandled promise rejection');
  });
}

/** The local sandbox: no chat credentials at all, the playground not turned off, and loopback only. */
function wantsPlayground(config: Config, logger: Logger): boolean {
  if (config.slack.enabled || config.teams.enabled || !config.playground.enabled) return false;
  if (!mayRunWithoutAuth({ teamsConfigured: false, host: config.host })) {
    logger.warn(
      `No chat credentials are set and HOST=${config.host} is not loopback: the local playground only runs on 127.0.0.1`,
    );
    return false;
  }
  return true;
}

main().catch((error: unknown) => {
  process.stderr.write(`Steward could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
