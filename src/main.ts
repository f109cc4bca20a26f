import { startSteward } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await startSteward({ config, logger });

  let stopping = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'Steward is stopping');
    const forced = setTimeout(() => process.exit(exitCode), 10_000);
    forced.unref();
    await app.stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
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

main().catch((error: unknown) => {
  process.stderr.write(`Steward could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
