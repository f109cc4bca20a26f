import { createServer } from 'node:net';
import { startPlayground } from '../../src/teams/playground';
import { cannedCheckin } from '../support/fake-steward-services';
import { itWithChromium, launchChromium } from '../support/headless-chromium';
import { startTeamsHarness } from './harness';

/**
 * Steward in the local sandbox, the Microsoft 365 Agents Playground in front of it, and headless
 * Chromium typing into the playground's chat as a person would.
 */
itWithChromium(
  'a person types "steward help" in the Agents Playground and reads the reply; a scheduled prompt shows up there too',
  async () => {
    const h = await startTeamsHarness();
    const playground = await startPlayground({ botEndpoint: h.endpoint, port: await freePort() });
    const chromium = await launchChromium();
    try {
      const page = await chromium.context.newPage();
      await page.goto(playground.url);
      const compose = page.locator('[contenteditable="true"][role="textbox"]');
      await compose.waitFor({ timeout: 30_000 });
      const welcome = page.getByText('Steward keeps your contracts on track');
      // Opening the chat installs the app, and Steward greets with its help card once.
      await welcome.first().waitFor({ timeout: 30_000 });
      const before = await welcome.count();

      await compose.click();
      await page.keyboard.type('steward help');
      await page.keyboard.press('Enter');

      // The reply is one more help card than before.
      await welcome.nth(before).waitFor({ timeout: 30_000 });

      // Proactive: the playground's activities carried its connector URL, stored as the chat's reference.
      await h.teams.surface.postCheckinPrompt(
        { surface: 'teams', channelId: playground.personalConversationId, purpose: 'direct' },
        { items: [cannedCheckin()], addressees: [] },
        { promptKey: 'playground' },
      );
      await page.getByText('Network uptime').first().waitFor({ timeout: 30_000 });
      expect(h.services.calls).toEqual([]);

      // Action.Execute from the card: the playground sends the adaptiveCard/action invoke and shows the card we answer with.
      await page.getByLabel('Score (%)').last().fill('99.7');
      await page.getByRole('button', { name: 'Submit score' }).last().click();
      await page.getByText('✅ Answered').first().waitFor({ timeout: 30_000 });
      expect(h.services.callsTo('checkins.submitScore').map((call) => call.args)).toEqual([
        ['chk-1', { value: '99.7' }],
      ]);
    } finally {
      await chromium.close();
      await playground.stop();
      await h.close();
    }
  },
  120_000,
);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}
