import type { ViewStateValue } from '@slack/bolt';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { slackFileUrlAllowed } from '../../src/slack/files';
import { cpmDriver, inlineErrors, type Person } from '../slack/cpm-e2e-driver';
import { buttonLabelled, type OpenedView, pick, typedByLabel } from '../support/slack-e2e';
import { type SlackStandin, type StandinCall, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * `/steward import` takes a file as well as a paste: the person attaches a .csv or .xlsx in the modal's file field,
 * Steward downloads it from Slack with the bot token, checks it like a paste (problems by line and column under
 * the file, nothing written) and, after a good dry run, offers "Import N contracts", which reads the same file
 * again and imports it whole. Driven by the words a person reads: field labels and button text.
 */
const OWNER: Person = { id: TEST_WORKSPACE.user.id, team: TEST_WORKSPACE.teamId };
const VENDOR: Person = { id: 'U0VENDOR', team: 'T0PARTNER' };
const CHANNEL = 'C0IMPORTS';
const HEADER =
  'contract_ref;title;vendor;value;currency;start_date;end_date;timezone;category;owner_email;owner_slack_id;kpi_key;kpi_name;unit;kind;direction;baseline;target;warning;breach;weight;cadence;respondent;evidence_required;vendor_visible';
// A German Excel row: semicolons and decimal commas.
const ROW =
  'SLF-2026-001;Büroreinigung Köln;Sauber GmbH;120000,50;EUR;2026-04-01;2027-03-31;Europe/Berlin;Facilities;;U0ALICE;availability;Availability;%;percent;higher-is-better;98;99,5;99;98;1;monthly;vendor;no;yes';
const row = (ref: string, title: string) => ROW.replace('SLF-2026-001', ref).replace('Büroreinigung Köln', title);

let standin: SlackStandin;
let steward: StewardUnderTest;
let slack: ReturnType<typeof cpmDriver>;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [{ id: VENDOR.id, team_id: VENDOR.team, name: 'vera', real_name: 'Vera Vendor' }],
    channels: [{ id: CHANNEL, name: 'imports', members: [OWNER.id, TEST_WORKSPACE.botUserId] }],
  });
  steward = await startStewardWithSlack({ standin, start: '2026-03-02T08:00:00Z' });
  slack = cpmDriver(steward, standin, CHANNEL);
}, 60_000);

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
});

const attached = (filename: string, content: Buffer | string): ViewStateValue =>
  ({ type: 'file_input', files: [standin.attachFile(OWNER.id, filename, content)] }) as unknown as ViewStateValue;
const untick = { type: 'checkboxes', selected_options: [] } as unknown as ViewStateValue;

async function importModal(): Promise<OpenedView> {
  return slack.modalFrom('import', OWNER, 'contract_import_view');
}

/** Submits the import modal as typed under these labels; returns the errors shown under the fields. */
async function submit(view: OpenedView, typed: Record<string, string | ViewStateValue>) {
  return inlineErrors(await slack.submit(view, typedByLabel(view, typed), OWNER));
}

/** The option labelled `label` of the radio buttons under the field `field`, picked as a person clicks it. */
function choice(view: OpenedView, field: string, label: string): ViewStateValue {
  type Option = { text: { text: string }; value: string };
  const block = (view.blocks as Array<{ label?: { text?: string }; element?: { options?: Option[] } }>).find(
    (candidate) => candidate.label?.text === field,
  );
  const option = block?.element?.options?.find((candidate) => candidate.text.text === label);
  if (!option) throw new Error(`no option "${label}" under "${field}"`);
  return { type: 'radio_buttons', selected_option: option } as unknown as ViewStateValue;
}

/** The private message with this text, and presses the button labelled `label` on it; returns the answer. */
async function press(message: StandinCall, label: string): Promise<string> {
  const button = buttonLabelled(message.body.blocks, label);
  return slack.reply(await slack.click(button.action_id, button.value, OWNER));
}

describe('CSV and Excel files attached to the Slack import', () => {
  it('shows a file field next to the paste, taking .csv and .xlsx', async () => {
    const view = await importModal();
    type InputBlock = { label?: { text?: string }; element?: unknown; optional?: boolean; hint?: { text?: string } };
    const file = (view.blocks as InputBlock[]).find((block) => block.label?.text === 'Or a file');
    expect(file?.element).toMatchObject({ type: 'file_input', max_files: 1, filetypes: ['csv', 'xlsx', 'txt'] });
    expect(file?.optional).toBe(true);
    expect(file?.hint?.text).toContain('up to 2 MB');
  });

  it('checks a German Excel CSV (Windows-1252) in a dry run, then imports it from the button, names intact', async () => {
    const bytes = iconv.encode(
      [HEADER, row('SLF-2026-001', 'Café Müller & Söhne, Straße 5'), row('SLF-2026-002', 'Wäscherei Größe')].join(
        '\r\n',
      ),
      'win1252',
    );
    const view = await importModal();
    const downloadsBefore = standin.downloads().length;
    expect(await submit(view, { 'Or a file': attached('verträge.csv', bytes), 'Dry run': pick.checked() })).toBe(
      undefined,
    );
    const checked = await slack.confirmation(OWNER, 'Dry run: the file is good');
    expect(String(checked.body.text)).toContain('2 draft contracts');
    // mrkdwn escapes the ampersand; Slack shows "Café Müller & Söhne, Straße 5".
    expect(JSON.stringify(checked.body.blocks)).toContain('Café Müller &amp; Söhne, Straße 5');
    expect(await steward.app.store.contracts.get('SLF-2026-001')).toBeNull();
    // Slack's private link, asked for with the bot token.
    expect(standin.downloads().slice(downloadsBefore)).toEqual([
      expect.objectContaining({ token: 'xoxb-test-token', status: 200 }),
    ]);

    const answer = await press(checked, 'Import 2 contracts');
    expect(answer).toContain('Imported 2 contracts as drafts');
    expect(answer).toContain('replace_original');
    expect(await steward.app.store.contracts.get('SLF-2026-001')).toMatchObject({
      status: 'draft',
      title: 'Café Müller & Söhne, Straße 5',
    });
    expect(await steward.app.store.contracts.get('SLF-2026-002')).toMatchObject({ title: 'Wäscherei Größe' });
    expect(standin.callsTo('files.info')).toHaveLength(1);

    // An old copy of the message pressed again imports nothing twice.
    const again = await press(checked, 'Import 2 contracts');
    expect(again).toContain('Nothing was imported');
    expect(again).toContain('SLF-2026-001');
  });

  it('imports an .xlsx of 300 contracts at once when the dry run is unticked', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Verträge');
    sheet.addRow(HEADER.split(';'));
    for (let i = 1; i <= 300; i += 1) {
      const cells = row(`SLX-2026-${String(i).padStart(3, '0')}`, `Wartung Gebäude ${i}`).split(';');
      cells[3] = '250000';
      cells[17] = '99.5';
      sheet.addRow(cells);
    }
    const view = await importModal();
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await submit(view, { 'Or a file': attached('portfolio.xlsx', xlsx), 'Dry run': untick })).toBe(undefined);
    const done = await standin.waitFor(
      (c) => c.method === 'chat.postEphemeral' && String(c.body.text).includes('Imported 300 contracts'),
      { timeoutMs: 30_000 },
    );
    // The message names 20 and counts the rest.
    expect(JSON.stringify(done.body.blocks)).toContain('…and 280 more.');
    expect(await steward.app.store.contracts.get('SLX-2026-300')).toMatchObject({ title: 'Wartung Gebäude 300' });
  }, 60_000);

  it('keeps the modal open with the bad rows under the file, and writes nothing', async () => {
    const bad = [
      HEADER,
      row('SLF-2026-010', 'Gut'),
      row('SLF-2026-011', 'Schlecht').replace('2026-04-01', '2026-02-30'),
    ].join('\n');
    const view = await importModal();
    for (const dryRun of [pick.checked(), untick]) {
      const errors = await submit(view, { 'Or a file': attached('bad.csv', bad), 'Dry run': dryRun });
      expect(errors?.file).toMatch(/Line 3, start_date: .*2026-02-30/);
      expect(errors?.csv).toBeUndefined();
    }
    expect(await steward.app.store.contracts.get('SLF-2026-010')).toBeNull();
  });

  it('says what to give when the file is missing, doubled, too large, not from Slack or gone', async () => {
    const view = await importModal();
    expect((await submit(view, { 'Dry run': pick.checked() }))?.csv).toBe(
      'Paste the CSV, header row first, or give Steward the .csv or .xlsx file.',
    );
    const both = await submit(view, { CSV: `${HEADER}\n${ROW}`, 'Or a file': attached('a.csv', ROW) });
    expect(both?.file).toBe('Paste the CSV or attach a file, not both: clear one of them.');

    const huge = await submit(view, { 'Or a file': attached('huge.csv', Buffer.alloc(3 * 1024 * 1024, 'a')) });
    expect(huge?.file).toContain('huge.csv is larger than 2 MB');

    // A forged submission pointing elsewhere: nothing is fetched, and the bot token goes nowhere.
    const forged = {
      type: 'file_input',
      files: [{ id: 'F0FORGED', name: 'evil.csv', url_private_download: 'https://attacker.example/evil.csv' }],
    } as unknown as ViewStateValue;
    const downloadsBefore = standin.downloads().length;
    expect((await submit(view, { 'Or a file': forged }))?.file).toContain(
      'evil.csv came with a link Steward does not fetch from',
    );
    expect(standin.downloads()).toHaveLength(downloadsBefore);

    // Deleted between the dry run and the button: the button says so, nothing is imported.
    const file = attached('later.csv', [HEADER, row('SLF-2026-020', 'Später')].join('\n'));
    expect(await submit(view, { 'Or a file': file, 'Dry run': pick.checked() })).toBeUndefined();
    const checked = await slack.confirmation(OWNER, 'Importing it would create 1 draft contract');
    standin.deleteFile((file as unknown as { files: Array<{ id: string }> }).files[0]!.id);
    expect(await press(checked, 'Import 1 contract')).toContain('The file is no longer in Slack');
    expect(await steward.app.store.contracts.get('SLF-2026-020')).toBeNull();
  });

  it('sends the bot token only to Slack’s file hosts, or to the Web API’s own origin when it is not Slack', () => {
    const allowed = (url: string, api?: string) => slackFileUrlAllowed(new URL(url), api);
    expect(allowed('https://files.slack.com/files-pri/T1-F1/download/a.csv')).toBe(true);
    expect(allowed('https://files.slack-gov.com/files-pri/T1-F1/a.csv')).toBe(true);
    expect(allowed('http://files.slack.com/files-pri/T1-F1/a.csv')).toBe(false);
    expect(allowed('https://files.slack.com.attacker.example/a.csv')).toBe(false);
    expect(allowed('https://slack.com/api/files.info', 'https://slack.com/api/')).toBe(false);
    expect(allowed('http://127.0.0.1:9000/files-pri/a', 'http://127.0.0.1:9000/api/')).toBe(true);
    expect(allowed('http://127.0.0.1:9001/files-pri/a', 'http://127.0.0.1:9000/api/')).toBe(false);
  });

  it('asks under “Decimal mark” whether 1.250 is 1.25 or 1250, and checks and imports the file with the answer', async () => {
    // Nothing in the file settles it: every other number is whole, and "1.250" reads both ways.
    const ambiguous = [
      HEADER,
      row('SLF-2026-030', 'Zählerablesung').replace('120000,50', '1.250').replace('99,5', '99'),
    ].join('\r\n');
    const view = await importModal();
    const asked = await submit(view, { 'Or a file': attached('zähler.csv', ambiguous), 'Dry run': pick.checked() });
    // What the person reads under the choice that answers it; the file field shows nothing wrong.
    expect(asked?.decimalMark).toBe(
      'Which decimal mark does this file use? "1.250" on line 2 (value) is 1.25 with a decimal point, or 1250 with a decimal comma. Choose one here and press Check or import again.',
    );
    expect(asked?.file).toBeUndefined();
    // The same file without a dry run is not imported while the question is open.
    expect(
      (await submit(view, { 'Or a file': attached('zähler.csv', ambiguous), 'Dry run': untick }))?.decimalMark,
    ).toContain('Which decimal mark');
    expect(await steward.app.store.contracts.get('SLF-2026-030')).toBeNull();

    const answered = await submit(view, {
      'Or a file': attached('zähler.csv', ambiguous),
      'Decimal mark': choice(view, 'Decimal mark', 'Decimal comma: 1.250,5 or 1250,5'),
      'Dry run': pick.checked(),
    });
    expect(answered).toBeUndefined();
    const checked = await standin.waitFor(
      (c) => c.method === 'chat.postEphemeral' && JSON.stringify(c.body.blocks ?? '').includes('SLF-2026-030'),
    );
    expect(JSON.stringify(checked.body.blocks)).toContain('Read as CSV, semicolon-separated');
    expect(JSON.stringify(checked.body.blocks)).toContain('decimal comma');
    // The button carries the answer: the import reads 1.250 as the dry run did.
    expect(await press(checked, 'Import 1 contract')).toContain('Imported 1 contract as drafts');
    expect(await steward.app.store.contracts.get('SLF-2026-030')).toMatchObject({ value: { amount: 1250 } });
  });

  it('names the sheet and cell of a bad row in an .xlsx, under the file', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Verträge 2026');
    sheet.addRow(HEADER.split(';'));
    const cells = row('SLX-2026-900', 'Kaputt').split(';');
    cells[3] = '250000';
    cells[6] = '2026-02-30';
    cells[17] = '99.5';
    sheet.addRow(cells);
    const view = await importModal();
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const errors = await submit(view, { 'Or a file': attached('kaputt.xlsx', xlsx), 'Dry run': pick.checked() });
    expect(errors?.file).toContain('Sheet Verträge 2026, cell G2 (end_date): ');

    // Good for the file's rules, refused by the chat forms' (references in capitals): placed the same way.
    sheet.getRow(2).getCell(7).value = '2027-03-31';
    sheet.getRow(2).getCell(1).value = 'slx-2026-901';
    const lower = Buffer.from(await workbook.xlsx.writeBuffer());
    const chatRules = await submit(view, { 'Or a file': attached('klein.xlsx', lower), 'Dry run': pick.checked() });
    expect(chatRules?.file).toContain('Sheet Verträge 2026, cell A2 (contract_ref): Write the reference');
    expect(await steward.app.store.contracts.get('SLX-2026-900')).toBeNull();
  });

  it('reads the sheet named under “Sheet” when the contracts are not on the first, and imports that sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Hinweise').addRow(['Bitte zuerst lesen']);
    const sheet = workbook.addWorksheet('Verträge 2027');
    sheet.addRow(HEADER.split(';'));
    const cells = row('SLX-2026-950', 'Zweites Blatt').split(';');
    cells[3] = '250000';
    cells[17] = '99.5';
    sheet.addRow(cells);
    workbook.addWorksheet('Archiv').addRow(['alt']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const view = await importModal();
    const first = await submit(view, { 'Or a file': attached('mappe.xlsx', xlsx), 'Dry run': pick.checked() });
    // The first sheet holds no contracts: said under the file, and under Sheet which others there are.
    expect(first?.file).toContain('Sheet Hinweise');
    expect(first?.sheet).toBe(
      'Read sheet "Hinweise", the first of 3; the others: "Verträge 2027", "Archiv". Name the one to read here and press Check or import again.',
    );
    expect(
      await submit(view, {
        'Or a file': attached('mappe.xlsx', xlsx),
        Sheet: 'Verträge 2027',
        'Dry run': pick.checked(),
      }),
    ).toBeUndefined();
    const checked = await standin.waitFor(
      (c) => c.method === 'chat.postEphemeral' && JSON.stringify(c.body.blocks ?? '').includes('SLX-2026-950'),
    );
    expect(JSON.stringify(checked.body.blocks)).toContain('Read sheet \\"Verträge 2027\\", the second of 3');
    // The button imports the sheet the dry run read, not the first.
    expect(await press(checked, 'Import 1 contract')).toContain('Imported 1 contract as drafts');
    expect(await steward.app.store.contracts.get('SLX-2026-950')).toMatchObject({ title: 'Zweites Blatt' });

    const unknown = await submit(view, { 'Or a file': attached('mappe.xlsx', xlsx), Sheet: 'Vertrage' });
    expect(unknown?.file).toContain(
      'The workbook has no sheet named "Vertrage"; its sheets are "Hinweise", "Verträge 2027", "Archiv".',
    );
  });

  it('refuses vendors, as the paste does', async () => {
    expect(await slack.command('import', VENDOR, 'C0SHARED')).toContain('contract team');
  });
});
