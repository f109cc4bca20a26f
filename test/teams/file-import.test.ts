import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { AdaptiveCard } from '../../src/teams/cards/adaptive-card';
import { isAllowedFileUrl } from '../../src/teams/file-download';
import { useTestDatabase } from '../support/database';
import { cardActionInvoke, messageActivity, postActivity } from '../support/teams-activities';
import { type ConnectorRequest, cardOf, cardText } from '../support/teams-connector';
import { nodes } from './cards/card-assertions';
import { type RealTeamsHarness, startRealTeamsHarness, TESS } from './real-services-harness';

/**
 * A spreadsheet sent to the bot in a personal chat is a contract import: Teams hands over a download link
 * (`application/vnd.microsoft.teams.file.download.info`), Steward fetches the file, checks it like the form's dry
 * run (problems by line and column, nothing written) and offers "Import N contracts", which imports it whole.
 */
const database = useTestDatabase();
const HEADER =
  'contract_ref;title;vendor;value;currency;start_date;end_date;timezone;category;owner_email;owner_slack_id;kpi_key;kpi_name;unit;kind;direction;baseline;target;warning;breach;weight;cadence;respondent;evidence_required;vendor_visible';
// Semicolons and decimal commas, as a German spreadsheet saves a CSV.
const GOOD =
  'FILE-2026-001;Büroreinigung Köln;Sauber GmbH;120000,50;EUR;2026-04-01;2027-03-31;Europe/Berlin;Facilities;;U0OWNER;availability;Availability;%;percent;higher-is-better;98;99,5;99;98;1;monthly;vendor;no;yes';
const BAD = GOOD.replace('FILE-2026-001', 'FILE-2026-002').replace(';percent;', ';amount;');

let h: RealTeamsHarness;
let files: Server;
let filesUrl: string;
const served: string[] = [];

beforeAll(async () => {
  h = await startRealTeamsHarness(database.connection(), 'FILE-2026-000');
  const portfolio = new ExcelJS.Workbook();
  const sheet = portfolio.addWorksheet('Verträge');
  sheet.addRow(HEADER.split(';'));
  for (let i = 1; i <= 300; i += 1) {
    const row = GOOD.split(';');
    row[0] = `PORT-2026-${String(i).padStart(3, '0')}`;
    row[1] = `Wartung Gebäude ${i} – Straße ${i}`;
    row[3] = '250000';
    row[17] = '99.5';
    sheet.addRow(row);
  }
  const badWorkbook = new ExcelJS.Workbook();
  const badSheet = badWorkbook.addWorksheet('Verträge');
  badSheet.addRow(HEADER.split(';'));
  const badRow = GOOD.replace('FILE-2026-001', 'FILE-2026-061').split(';');
  badRow[3] = '250000';
  badRow[6] = '2027-02-30';
  badRow[17] = '99.5';
  badSheet.addRow(badRow);
  // The contracts on the second sheet, after a cover sheet, as many teams keep them.
  const covered = new ExcelJS.Workbook();
  covered.addWorksheet('Hinweise').addRow(['Bitte zuerst lesen']);
  const coveredSheet = covered.addWorksheet('Verträge 2027');
  coveredSheet.addRow(HEADER.split(';'));
  const coveredRow = GOOD.replace('FILE-2026-001', 'FILE-2026-070').split(';');
  coveredRow[3] = '250000';
  coveredRow[17] = '99.5';
  coveredSheet.addRow(coveredRow);
  covered.addWorksheet('Archiv').addRow(['alt']);
  const bodies: Record<string, Buffer> = {
    // What Excel in German saves as "CSV (Trennzeichen-getrennt)": Windows-1252, semicolons, decimal commas.
    '/excel-de.csv': iconv.encode(
      [
        HEADER,
        GOOD.replace('FILE-2026-001', 'FILE-2026-003').replace('Büroreinigung Köln', 'Café Müller & Söhne, Straße 5'),
      ].join('\r\n'),
      'win1252',
    ),
    // Excel's "CSV UTF-8": a byte-order mark, and whatever people type, emoji included.
    '/excel-utf8.csv': Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        [
          HEADER,
          GOOD.replace('FILE-2026-001', 'FILE-2026-004').replace('Büroreinigung Köln', '🚚 Logistik Øresund'),
        ].join('\r\n'),
      ),
    ]),
    '/portfolio.xlsx': Buffer.from(await portfolio.xlsx.writeBuffer()),
    '/good.csv': Buffer.from([HEADER, GOOD].join('\r\n'), 'utf8'),
    '/bad.csv': Buffer.from([HEADER, GOOD, BAD].join('\r\n'), 'utf8'),
    '/huge.csv': Buffer.alloc(3 * 1024 * 1024, 'a'),
    // Every number whole but one, "1.250", which reads both ways: Steward asks.
    '/ambiguous.csv': Buffer.from(
      [HEADER, GOOD.replace('FILE-2026-001', 'FILE-2026-060').replace('120000,50', '1.250').replace('99,5', '99')].join(
        '\r\n',
      ),
      'utf8',
    ),
    '/bad.xlsx': Buffer.from(await badWorkbook.xlsx.writeBuffer()),
    '/covered.xlsx': Buffer.from(await covered.xlsx.writeBuffer()),
  };
  files = createServer((req, res) => {
    served.push(req.url ?? '');
    const body = bodies[req.url ?? ''];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await h?.close();
  await new Promise<void>((resolve) => files?.close(() => resolve()));
});

/** Sends a file to the bot in the personal chat, as Teams does; resolves with the card it answers. */
async function send(name: string, downloadUrl: string): Promise<AdaptiveCard> {
  const before = h.connector.requests.length;
  const response = await postActivity(
    h.endpoint,
    messageActivity(h.connector.serviceUrl, '', {
      from: TESS.account,
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          contentUrl: 'https://contoso-my.sharepoint.com/personal/tess/Documents/Microsoft%20Teams%20Chat%20Files/x',
          name,
          content: { downloadUrl, uniqueId: 'file-1', fileType: name.split('.').pop() },
        },
      ],
    }),
  );
  expect(response.status).toBe(200);
  const reply = await h.connector.waitFor(
    (r: ConnectorRequest) =>
      h.connector.requests.indexOf(r) >= before && r.kind === 'create' && cardOf(r) !== undefined,
  );
  return cardOf(reply) as unknown as AdaptiveCard;
}

function button(card: AdaptiveCard, title: string): Record<string, unknown> | undefined {
  const found = nodes(card).find((node) => node.type === 'Action.Execute' && node.title === title) as
    | { data: Record<string, unknown> }
    | undefined;
  return found?.data;
}

describe('a spreadsheet sent to the bot on Teams', () => {
  it('is checked like a dry run: every bad row by line and column, nothing written, no Import button', async () => {
    const card = await send('contracts.csv', `${filesUrl}/bad.csv`);
    const text = cardText(card);
    expect(text).toContain('Import from contracts.csv');
    expect(text).toContain('1 problem in the file');
    expect(text).toContain('Line 3, kind:');
    expect(button(card, 'Import 1 contract')).toBeUndefined();
    expect(await h.store.contracts.get('FILE-2026-001')).toBeNull();
  });

  it('offers to import a good file, and imports it whole when the button is pressed', async () => {
    const card = await send('Verträge.csv', `${filesUrl}/good.csv`);
    expect(cardText(card)).toContain('The file is good: 1 contract with 1 KPIs');
    expect(cardText(card)).toContain('FILE-2026-001 · Büroreinigung Köln');
    expect(await h.store.contracts.get('FILE-2026-001')).toBeNull();

    const data = button(card, 'Import 1 contract');
    expect(data).toBeDefined();
    const pressed = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, data ?? {}, { from: TESS.account }),
    );
    expect(pressed.status).toBe(200);
    expect(cardText((pressed.body as { value: unknown }).value)).toContain('Imported 1 contract as drafts.');
    expect(await h.store.contracts.get('FILE-2026-001')).toMatchObject({
      status: 'draft',
      title: 'Büroreinigung Köln',
      value: { amount: 120000.5, currency: 'EUR' },
    });
  });

  it('refuses a file over 2 MB, a file that is no spreadsheet, and a link that is not from Teams, each saying why', async () => {
    expect(cardText(await send('huge.csv', `${filesUrl}/huge.csv`))).toContain('larger than 2 MB');
    expect(cardText(await send('minutes.pdf', `${filesUrl}/good.csv`))).toContain('minutes.pdf is not a spreadsheet');
    const before = served.length;
    const elsewhere = await send('contracts.csv', 'https://files.example.com/contracts.csv');
    expect(cardText(elsewhere)).toContain('came with a link Steward does not fetch from');
    expect(served.length).toBe(before);
    expect(cardText(await send('gone.csv', `${filesUrl}/expired.csv`))).toContain('the link may have expired');
  });
});

describe('spreadsheets as people save them', () => {
  it('reads a German Excel CSV in Windows-1252 and a UTF-8 one with emoji, names intact', async () => {
    const german = await send('Verträge.csv', `${filesUrl}/excel-de.csv`);
    expect(cardText(german)).toContain('FILE-2026-003 · Café Müller & Söhne, Straße 5');
    const emoji = await send('Logistik.csv', `${filesUrl}/excel-utf8.csv`);
    expect(cardText(emoji)).toContain('FILE-2026-004 · 🚚 Logistik Øresund');
  });

  it('answers a workbook of 300 contracts with a card Teams accepts, and imports all 300', async () => {
    const card = await send('Portfolio 2026.xlsx', `${filesUrl}/portfolio.xlsx`);
    const text = cardText(card);
    expect(text).toContain('The file is good: 300 contracts with 300 KPIs');
    expect(text).toContain('PORT-2026-001 · Wartung Gebäude 1 – Straße 1');
    expect(text).toMatch(/…and 2\d\d more/);
    // Teams refuses a message much over 28 KB.
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28_000);
    const pressed = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, button(card, 'Import 300 contracts') ?? {}, { from: TESS.account }),
    );
    const done = (pressed.body as { value: unknown }).value;
    expect(cardText(done)).toContain('Imported 300 contracts as drafts.');
    expect(Buffer.byteLength(JSON.stringify(done))).toBeLessThan(28_000);
    expect(await h.store.contracts.get('PORT-2026-300')).toMatchObject({ title: 'Wartung Gebäude 300 – Straße 300' });
  });
});

describe('what a sent file leaves open, or gets wrong', () => {
  it('asks whether 1.250 is 1.25 or 1250 with a button for each answer, checks again with it, and imports with it', async () => {
    const card = await send('Zähler.csv', `${filesUrl}/ambiguous.csv`);
    const seen = cardText(card);
    expect(seen).toContain(
      'Which decimal mark does this file use? "1.250" on line 2 (value) is 1.25 with a decimal point, or 1250 with a decimal comma.',
    );
    expect(seen).toContain('Nothing was imported.');
    expect(button(card, 'Import 1 contract')).toBeUndefined();
    const comma = button(card, 'Decimal comma: "1.250" is 1250');
    expect(button(card, 'Decimal point: "1.250" is 1.25')).toBeDefined();

    const pressed = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, comma ?? {}, { from: TESS.account }),
    );
    const checked = (pressed.body as { value: AdaptiveCard }).value;
    expect(cardText(checked)).toContain('The file is good: 1 contract with 1 KPIs');
    expect(cardText(checked)).toContain('Read as CSV, semicolon-separated, UTF-8, decimal comma.');
    // Checking again wrote nothing; the Import button carries the answer.
    expect(await h.store.contracts.get('FILE-2026-060')).toBeNull();
    const imported = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, button(checked, 'Import 1 contract') ?? {}, { from: TESS.account }),
    );
    expect(cardText((imported.body as { value: unknown }).value)).toContain('Imported 1 contract as drafts.');
    expect(await h.store.contracts.get('FILE-2026-060')).toMatchObject({ value: { amount: 1250 } });
  });

  it('offers the workbook’s other sheets as buttons when the first holds no contracts, and imports the one read', async () => {
    const card = await send('Mappe.xlsx', `${filesUrl}/covered.xlsx`);
    expect(cardText(card)).toContain('Read sheet "Hinweise", the first of 3; the others: "Verträge 2027", "Archiv".');
    expect(button(card, 'Import 1 contract')).toBeUndefined();
    const read = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, button(card, 'Read sheet "Verträge 2027"') ?? {}, {
        from: TESS.account,
      }),
    );
    const checked = (read.body as { value: AdaptiveCard }).value;
    expect(cardText(checked)).toContain('The file is good: 1 contract with 1 KPIs');
    expect(cardText(checked)).toContain('Read sheet "Verträge 2027", the second of 3');
    expect(button(checked, 'Read sheet "Hinweise"')).toBeDefined();
    expect(await h.store.contracts.get('FILE-2026-070')).toBeNull();
    // Import reads the sheet the check read, not the first.
    const imported = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, button(checked, 'Import 1 contract') ?? {}, { from: TESS.account }),
    );
    expect(cardText((imported.body as { value: unknown }).value)).toContain('Imported 1 contract as drafts.');
    expect(await h.store.contracts.get('FILE-2026-070')).toMatchObject({ title: 'Büroreinigung Köln' });
  });

  it('names the sheet and cell of a bad row in a workbook', async () => {
    const card = await send('Verträge.xlsx', `${filesUrl}/bad.xlsx`);
    expect(cardText(card)).toContain('Sheet Verträge, cell G2 (end_date): "2027-02-30" is not a date');
    expect(await h.store.contracts.get('FILE-2026-061')).toBeNull();
  });
});

describe('where a sent file may be downloaded from', () => {
  it('is SharePoint over HTTPS in production, and also loopback in the sandbox', () => {
    const allowed = (url: string, mode: 'authenticated' | 'sandbox') => isAllowedFileUrl(new URL(url), mode);
    expect(
      allowed('https://contoso-my.sharepoint.com/personal/tess/_layouts/15/download.aspx?x=1', 'authenticated'),
    ).toBe(true);
    expect(allowed('http://contoso-my.sharepoint.com/download.aspx', 'authenticated')).toBe(false);
    expect(allowed('https://sharepoint.com.attacker.example/download.aspx', 'authenticated')).toBe(false);
    expect(allowed('https://user:pw@contoso.sharepoint.com/x', 'authenticated')).toBe(false);
    expect(allowed('http://127.0.0.1:4000/x.csv', 'authenticated')).toBe(false);
    expect(allowed('http://127.0.0.1:4000/x.csv', 'sandbox')).toBe(true);
    expect(allowed('http://169.254.169.254/latest/meta-data', 'sandbox')).toBe(false);
  });
});
