import { COMMANDS, type CommandName } from '../../src/chat/commands';
import { itWithChromium } from '../support/headless-chromium';
import { BROKEN_ANSWER, GUID, openPlaygroundSession } from '../support/playground-session';

/**
 * Every command of the shared table typed into the Agents Playground on the demo portfolio, as a newcomer
 * trying them one by one would: each gets an answer, and no answer shows a "not supported" notice, an error
 * for a valid command, a raw id or GUID, or "Steward has no … command". A screenshot of each step is kept.
 */
const REF = 'DEMO-2026-001';
const TYPED: Array<[CommandName, string]> = [
  ['help', 'steward help'],
  ['home', 'steward home'],
  ['list', 'steward list status:active'],
  ['scorecard', `steward scorecard ${REF}`],
  ['kpis', `steward kpis ${REF}`],
  ['checkin', `steward checkin ${REF}`],
  ['escalations', 'steward escalations'],
  ['link', `steward link ${REF} internal`],
  ['status', 'steward status DEMO-2026-002 active'],
  ['new', 'steward new'],
  ['kpi', `steward kpi ${REF} availability`],
  ['roles', `steward roles ${REF}`],
  ['path', `steward path ${REF}`],
  ['import', 'steward import'],
  ['kickoff', `steward kickoff ${REF}`],
  ['acknowledge', `steward acknowledge ${REF}`],
  ['obligations', `steward obligations ${REF}`],
  ['obligation', `steward obligation ${REF}`],
  ['risks', `steward risks ${REF}`],
  ['risk', `steward risk ${REF}`],
  ['actions', `steward actions ${REF}`],
  ['credits', `steward credits ${REF}`],
  ['value', `steward value ${REF}`],
  ['closeout', `steward closeout ${REF}`],
  ['lesson', `steward lesson ${REF} Monthly calls with the vendor caught problems early`],
  ['audit', `steward audit verify ${REF}`],
  ['charts', `steward charts ${REF}`],
  ['export', 'steward export contracts xlsx'],
  ['warnings', `steward warnings ${REF} availability off`],
  ['decision', `steward decision ${REF} 2026-12-31 me Renegotiate the availability target`],
  ['portfolio', 'steward portfolio'],
  ['close', 'steward close DEMO-2026-002 closed The demo is over'],
];

itWithChromium(
  'every command typed in the Agents Playground gets an answer without an error, a GUID or a "not supported" notice',
  async () => {
    // Every command of the table is typed here; a new command fails this until it is added above.
    expect(TYPED.map(([name]) => name).sort()).toEqual((Object.keys(COMMANDS) as CommandName[]).sort());
    const session = await openPlaygroundSession('playground-commands');
    try {
      const { page, botMessages } = session;
      const compose = page.locator('[contenteditable="true"][role="textbox"]');
      const problems: string[] = [];
      for (const [index, [name, typed]] of TYPED.entries()) {
        const before = (await botMessages()).length;
        await compose.click();
        await page.keyboard.type(typed);
        await page.keyboard.press('Enter');
        const answered = await page
          .waitForFunction(
            `[...document.querySelectorAll('[aria-label="Message header"]')].filter((h) => h.innerText.includes('Test Bot')).length > ${before}`,
            undefined,
            { timeout: 30_000 },
          )
          .then(() => true)
          .catch(() => false);
        // A command may answer with more than one message (a file, then its summary): let them arrive.
        await page.waitForTimeout(1_500);
        await page
          .screenshot({
            path: `${process.env.STEWARD_SCREENSHOT_DIR ?? '/tmp'}/commands-${String(index).padStart(2, '0')}-${name}.png`,
          })
          .catch(() => undefined);
        const answers = (await botMessages()).slice(before).join('\n');
        if (!answered) problems.push(`${typed}: no answer`);
        if (BROKEN_ANSWER.test(answers))
          problems.push(`${typed}: ${BROKEN_ANSWER.exec(answers)?.[0]} in "${answers.slice(0, 300)}"`);
        if (GUID.test(answers)) problems.push(`${typed}: shows the id ${GUID.exec(answers)?.[0]}`);
      }
      expect(problems).toEqual([]);
    } finally {
      await session.close();
    }
  },
  600_000,
);
