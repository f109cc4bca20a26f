import type { Locator, Page } from 'playwright-core';
import { type StewardApp, startSteward } from '../../src/app';
import { loadConfig } from '../../src/config';
import { seedDemoPortfolio } from '../../src/demo/demo-portfolio';
import { createLogger } from '../../src/logger';
import { freeLoopbackPort } from '../../src/store/embedded-database';
import { type Playground, startPlayground } from '../../src/teams/playground';
import { testDatabaseUri, uniqueDatabaseName } from './database';
import { launchChromium } from './headless-chromium';

/** A Teams answer a person must never see: a refusal of the client, an error for a valid step, a raw id. */
export const BROKEN_ANSWER = /not supported|something went wrong|unexpected error|internal error|Steward has no "/i;
export const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}\b/i;

const BOT_MESSAGES = `[...document.querySelectorAll('[aria-label="Message header"]')]
  .filter((header) => header.innerText.includes('Test Bot'))
  .map((header) => header.parentElement.innerText)`;

export interface PlaygroundSession {
  app: StewardApp;
  playground: Playground;
  page: Page;
  /** Every message of the bot on screen, oldest first, as the person reads it. */
  botMessages(): Promise<string[]>;
  /** Types into the compose box as a person does and waits for the bot's first answer. */
  say(text: string): Promise<void>;
  /** The newest bot message that shows `text`. */
  message(text: string | RegExp): Locator;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Steward (Teams in its loopback sandbox, the demo portfolio seeded for the playground's user) with the Microsoft
 * 365 Agents Playground open in Chromium on the personal chat, the welcome card on screen.
 */
export async function openPlaygroundSession(
  name: string,
  env: Record<string, string> = {},
): Promise<PlaygroundSession> {
  const config = loadConfig({ PORT: '0', MONGODB_URI: testDatabaseUri(), SCHEDULER_ENABLED: 'false', ...env });
  const chromium = await launchChromium();
  let app: StewardApp | undefined;
  let playground: Playground | undefined;
  const close = async () => {
    await chromium.close();
    await playground?.stop();
    if (app) {
      await app.database.connection.dropDatabase().catch(() => undefined);
      await app.stop();
    }
  };
  try {
    app = await startSteward({
      config,
      logger: createLogger('silent'),
      teamsSandbox: true,
      dbName: uniqueDatabaseName(name),
    });
    playground = await startPlayground({ botEndpoint: `${app.url}/api/messages`, port: await freeLoopbackPort() });
    await seedDemoPortfolio(app.store, app.services, {
      conversationId: playground.personalConversationId,
      serviceUrl: playground.serviceUrl,
      user: playground.user,
    });
    const page = await chromium.context.newPage();
    await page.goto(playground.url);
    const compose = page.locator('[contenteditable="true"][role="textbox"]');
    await compose.waitFor({ timeout: 30_000 });
    await page.getByText('Steward keeps your contracts on track').first().waitFor({ timeout: 30_000 });
    const botMessages = () => page.evaluate(BOT_MESSAGES) as Promise<string[]>;
    const screenshots = process.env.STEWARD_SCREENSHOT_DIR ?? '/tmp';
    return {
      app,
      playground,
      page,
      botMessages,
      async say(text) {
        const before = (await botMessages()).length;
        await compose.click();
        await page.keyboard.type(text);
        await page.keyboard.press('Enter');
        await page.waitForFunction(`(${BOT_MESSAGES}).length > ${before}`, undefined, { timeout: 30_000 });
      },
      message(text) {
        return page
          .locator('[aria-label="Message header"]')
          .filter({ hasText: 'Test Bot' })
          .locator('xpath=..')
          .filter({ hasText: text })
          .last();
      },
      async shot(shotName) {
        await page
          .screenshot({ path: `${screenshots}/${name}-${shotName}.png`, fullPage: true })
          .catch(() => undefined);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
