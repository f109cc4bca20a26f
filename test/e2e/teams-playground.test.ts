import { type StewardApp, startSteward } from '../../src/app';
import { loadConfig } from '../../src/config';
import { seedDemoPortfolio } from '../../src/demo/demo-portfolio';
import { createLogger } from '../../src/logger';
import { freeLoopbackPort } from '../../src/store/embedded-database';
import { type Playground, startPlayground } from '../../src/teams/playground';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';
import { itWithChromium, launchChromium } from '../support/headless-chromium';

/**
 * What a newcomer does after `npm start` with no credentials: open the Agents Playground, ask for a
 * check-in, type a score on the card, and see the card update and the breach escalate — with the real
 * services and store behind the Teams surface.
 */
itWithChromium(
  'a whole check-in in the Agents Playground: card, score, updated card, escalation; then a KPI edited on its form',
  async () => {
    const config = loadConfig({
      PORT: '0',
      MONGODB_URI: testDatabaseUri(),
      SCHEDULER_ENABLED: 'false',
      TZ_DEFAULT: 'Europe/Berlin',
    });
    let app: StewardApp | undefined;
    let playground: Playground | undefined;
    const chromium = await launchChromium();
    try {
      app = await startSteward({
        config,
        logger: createLogger('silent'),
        teamsSandbox: true,
        dbName: uniqueDatabaseName('playground'),
      });
      playground = await startPlayground({ botEndpoint: `${app.url}/api/messages`, port: await freeLoopbackPort() });
      expect(
        await seedDemoPortfolio(app.store, app.services, {
          conversationId: playground.personalConversationId,
          serviceUrl: playground.serviceUrl,
          user: playground.user,
        }),
      ).toBe(true);

      const page = await chromium.context.newPage();
      await page.goto(playground.url);
      const compose = page.locator('[contenteditable="true"][role="textbox"]');
      await compose.waitFor({ timeout: 30_000 });
      await page.getByText('Steward keeps your contracts on track').first().waitFor({ timeout: 30_000 });
      const shot = (name: string) =>
        page
          .screenshot({
            path: `${process.env.STEWARD_SCREENSHOT_DIR ?? '/tmp'}/playground-${name}.png`,
            fullPage: true,
          })
          .catch(() => undefined);
      await shot('welcome');

      // The welcome's buttons type their command: "My check-ins" is `steward home`.
      await page.getByRole('button', { name: 'My check-ins' }).first().click();
      await page
        .getByText(/here is where things stand/)
        .first()
        .waitFor({ timeout: 30_000 });

      await compose.click();
      await page.keyboard.type('steward checkin DEMO-2026-001 availability');
      await page.keyboard.press('Enter');
      await page.getByText('Network availability').first().waitFor({ timeout: 30_000 });

      const score = page.getByLabel(/Score/).last();
      // Past the range: refused with the reason under the input, not clamped to 100 and saved.
      await score.fill('150');
      await page.getByRole('button', { name: 'Submit score' }).last().click();
      await page
        .getByText(/100/)
        .filter({ hasText: /percentage|between|from 0/i })
        .first()
        .waitFor({ timeout: 30_000 });
      await shot('score-out-of-range');
      const [refused] = await app.store.checkins.listForContract('DEMO-2026-001', { kpiKey: 'availability' });
      expect(await app.store.scores.forCheckin(refused!.id)).toBeNull();
      await page.getByLabel(/Score/).last().fill('97');
      await page.getByRole('button', { name: 'Submit score' }).last().click();

      await page
        .getByText(/Answered/)
        .first()
        .waitFor({ timeout: 30_000 });
      await page.getByText(/Red/).first().waitFor({ timeout: 30_000 });
      // The breach escalates into the contract's chat, with the buttons to act on it.
      await page.getByRole('button', { name: 'Acknowledge' }).first().waitFor({ timeout: 30_000 });

      const [checkin] = await app.store.checkins.listForContract('DEMO-2026-001', { kpiKey: 'availability' });
      expect(await app.store.scores.forCheckin(checkin!.id)).toMatchObject({ value: 97, rag: 'red', surface: 'teams' });
      expect(await app.store.escalations.listActive({ contractRef: 'DEMO-2026-001' })).toHaveLength(1);
      await page
        .screenshot({ path: `${process.env.STEWARD_SCREENSHOT_DIR ?? '/tmp'}/playground-escalation.png` })
        .catch(() => undefined);

      // Management forms are cards too: the KPI's form, prefilled, saved as the client sends it.
      await compose.click();
      await page.keyboard.type('steward kpi DEMO-2026-001 availability');
      await page.keyboard.press('Enter');
      await page
        .getByText(/Editing Network availability/)
        .first()
        .waitFor({ timeout: 30_000 });
      await page
        .screenshot({ path: `${process.env.STEWARD_SCREENSHOT_DIR ?? '/tmp'}/playground-kpi-form.png`, fullPage: true })
        .catch(() => undefined);
      await page.getByRole('button', { name: 'Save KPI' }).last().click();
      await page
        .getByText(/Saved KPI Network availability/)
        .first()
        .waitFor({ timeout: 30_000 });
      expect(await app.store.kpis.get('DEMO-2026-001', 'availability')).toMatchObject({ version: 2, target: 99.9 });

      // A waiting check-in is answered from home: "Answer" opens it in place.
      await compose.click();
      await page.keyboard.type('steward checkin DEMO-2026-002 tickets-closed');
      await page.keyboard.press('Enter');
      await page.getByText('Tickets closed on time').first().waitFor({ timeout: 30_000 });
      await compose.click();
      await page.keyboard.type('steward home');
      await page.keyboard.press('Enter');
      await page
        .getByText(/Check-ins waiting for you \(1\)/)
        .first()
        .waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Answer' }).last().click();
      await page.getByRole('button', { name: '‹ Back to home' }).last().waitFor({ timeout: 30_000 });
      await page.getByLabel(/Score/).last().fill('96');
      await page.getByRole('button', { name: 'Submit score' }).last().click();
      await page.getByText(/96%/).first().waitFor({ timeout: 30_000 });
      await shot('home-answered');
      // Answered, the card still leads back home, where nothing waits any more.
      await page.getByRole('button', { name: '‹ Back to home' }).last().click();
      await page
        .getByText(/Check-ins waiting for you \(0\)/)
        .first()
        .waitFor({ timeout: 30_000 });
      const [tickets] = await app.store.checkins.listForContract('DEMO-2026-002', { kpiKey: 'tickets-closed' });
      expect(await app.store.scores.forCheckin(tickets!.id)).toMatchObject({ value: 96, surface: 'teams' });

      // Dashboards to act from: the escalation list acknowledges in place; a list row opens its scorecard.
      await compose.click();
      await page.keyboard.type('steward escalations');
      await page.keyboard.press('Enter');
      await page
        .getByText(/Open escalations you can see \(1\)/)
        .first()
        .waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Acknowledge' }).last().click();
      await page.getByText('Acknowledged', { exact: true }).first().waitFor({ timeout: 30_000 });
      await shot('escalation-acknowledged-from-list');
      expect((await app.store.escalations.listActive({ contractRef: 'DEMO-2026-001' }))[0]).toMatchObject({
        status: 'acknowledged',
      });
      await compose.click();
      await page.keyboard.type('steward list');
      await page.keyboard.press('Enter');
      await page
        .getByText(/Contracts \(1–2 of 2\)/)
        .first()
        .waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Scorecard' }).last().click();
      await page
        .getByText(/📊 DEMO-2026-002 · Facilities management/)
        .first()
        .waitFor({ timeout: 30_000 });
      await shot('scorecard-from-list');

      // Charts arrive as one card of pictures loaded from Steward's download links.
      await compose.click();
      await page.keyboard.type('steward charts DEMO-2026-001');
      await page.keyboard.press('Enter');
      await page.getByText('3 charts of DEMO-2026-001').first().waitFor({ timeout: 30_000 });
      // Loaded, not broken: each picture has a natural width once its bytes arrived through the link.
      const widths = (await page
        .waitForFunction(
          `(() => {
            const images = [...document.querySelectorAll('img')].filter((image) => image.src.includes('/files/'));
            const loaded = images.filter((image) => image.complete && image.naturalWidth > 0);
            return images.length === 3 && loaded.length === 3 ? loaded.map((image) => image.naturalWidth) : null;
          })()`,
          undefined,
          { timeout: 30_000 },
        )
        .then((handle) => handle.jsonValue())) as number[];
      expect(Math.min(...widths)).toBeGreaterThan(300);
      await shot('charts');

      // An export is a card with a Download button that opens the file through its signed link.
      await compose.click();
      await page.keyboard.type('steward export contracts csv');
      await page.keyboard.press('Enter');
      const download = page.getByRole('link', { name: 'Download CSV' }).last();
      await download.waitFor({ timeout: 30_000 });
      await shot('export');
      // The click makes the browser ask Steward for the file (as a download: it is sent as an attachment).
      const requested = chromium.context.waitForEvent('request', {
        predicate: (request) => request.url().includes('/files/'),
        timeout: 30_000,
      });
      await download.click();
      const link = (await requested).url();
      expect(link).toMatch(/\/files\/[A-Za-z0-9_-]{16}\/steward-contracts-.*\.csv\?t=/);
      const fetched = await fetch(link);
      expect(fetched.status).toBe(200);
      expect(await fetched.text()).toContain('DEMO-2026-002');
      for (const extra of chromium.context.pages().filter((open) => open !== page)) await extra.close();
      expect(await page.getByText(/not supported/i).count()).toBe(0);
    } finally {
      await chromium.close();
      await playground?.stop();
      if (app) {
        await app.database.connection.dropDatabase().catch(() => undefined);
        await app.stop();
      }
    }
  },
  180_000,
);
