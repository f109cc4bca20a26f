import type { ViewStateValue } from '@slack/bolt';
import { actorOf, cpmDriver, inlineErrors, type Person } from '../slack/cpm-e2e-driver';
import { pick } from '../support/slack-e2e';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * Audit trail, exports, charts and the CSV import through Slack, end to end: the hash chain checks out until an event
 * is edited behind Steward's back, and then the broken event is named; vendors get no exports; charts in the vendor
 * channel show only what the vendor may see; an import with a day that does not exist names its line and column and
 * writes nothing, and a clean file imports.
 */
const OWNER: Person = { id: TEST_WORKSPACE.user.id, team: TEST_WORKSPACE.teamId };
const BYSTANDER: Person = { id: 'U0BYSTANDER', team: TEST_WORKSPACE.teamId };
const VENDOR: Person = { id: 'U0VENDOR', team: 'T0PARTNER' };
const INTERNAL = 'C0RECORDS';
const SHARED = 'C0VENDORREC';
const REF = 'UMBRELLA-2026-040';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const HEADER =
  'contract_ref,title,vendor,value,currency,start_date,end_date,timezone,category,owner_email,owner_slack_id,kpi_key,kpi_name,unit,kind,direction,baseline,target,warning,breach,weight,cadence,respondent,evidence_required,vendor_visible';
const ROW_ONE =
  'IMP-2026-001,Office cleaning,Clean Co,120000,EUR,2026-04-01,2027-03-31,Europe/Berlin,Facilities,,U0ALICE,availability,Availability,%,percent,higher-is-better,98,99.5,99,98,1,monthly,vendor,no,yes';
const ROW_TWO =
  'IMP-2026-002,"Guarding, day and night",Guard Co,80000,EUR,2026-04-01,2026-12-31,,Security,,U0ALICE,response,Response time,min,duration,lower-is-better,30,15,20,30,1,quarterly,vendor,yes,yes';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const unticked = { type: 'checkboxes', selected_options: [] } as unknown as ViewStateValue;

let standin: SlackStandin;
let steward: StewardUnderTest;
let slack: ReturnType<typeof cpmDriver>;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [
      { id: BYSTANDER.id, team_id: BYSTANDER.team, name: 'bo', real_name: 'Bo Bystander' },
      { id: VENDOR.id, team_id: VENDOR.team, name: 'vera', real_name: 'Vera Vendor' },
    ],
    channels: [
      { id: INTERNAL, name: 'umbrella-internal', members: [OWNER.id, BYSTANDER.id, TEST_WORKSPACE.botUserId] },
      {
        id: SHARED,
        name: 'umbrella-partner',
        is_ext_shared: true,
        members: [OWNER.id, VENDOR.id, TEST_WORKSPACE.botUserId],
      },
    ],
  });
  steward = await startStewardWithSlack({ standin, start: '2026-03-02T08:00:00Z' });
  slack = cpmDriver(steward, standin, INTERNAL);
  const owner = actorOf(OWNER);
  const { contracts } = steward.app.services;
  await contracts.create(owner, {
    reference: REF,
    title: 'Lab services',
    vendorName: 'Umbrella Labs',
    value: 90_000,
    currency: 'EUR',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    vendorContacts: [{ slackUserId: VENDOR.id }],
    status: 'draft',
  });
  const kpi = {
    unit: '%',
    kind: 'percent',
    direction: 'higher-is-better',
    baseline: 90,
    target: 98,
    warningThreshold: 95,
    breachThreshold: 92,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'owner',
  };
  await contracts.upsertKpi(owner, REF, { ...kpi, key: 'on-time', name: 'Results on time', vendorVisible: true });
  await contracts.upsertKpi(owner, REF, { ...kpi, key: 'rework', name: 'Internal rework share', vendorVisible: false });
  await contracts.linkChannel(owner, REF, { surface: 'slack', channelId: INTERNAL, purpose: 'internal' });
  await contracts.linkChannel(owner, REF, { surface: 'slack', channelId: SHARED, purpose: 'vendor' });
});

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
});

describe('audit trail in Slack', () => {
  it('verifies the chain, then names the event edited straight in the collection', async () => {
    const events = await steward.app.store.audit.list(REF);
    const ok = await slack.command(`audit verify ${REF}`, OWNER);
    expect(ok).toContain(`all ${events.length} events are intact`);

    // Past every guard of the store, as someone with database access would.
    await steward.app.database.connection
      .collection('audit_events')
      .updateOne({ contractRef: REF, seq: 2 }, { $set: { after: { title: 'Something else' } } });
    const broken = await slack.command(`audit verify ${REF}`, OWNER);
    expect(broken).toContain('broken at *event 2*');
    expect(broken).toContain('altered');

    const exported = await slack.command(`audit export ${REF} json`, OWNER);
    expect(exported).toContain(`<#${INTERNAL}>`);
    expect(exported).toContain('broken at event 2');
    const file = standin.files().find((f) => f.filename.startsWith(`${REF}-audit-`));
    expect(JSON.parse(file?.content?.toString('utf8') ?? '{}').verification).toMatchObject({ ok: false, brokenAt: 2 });

    expect(await slack.command(`audit verify`, OWNER)).toContain('Usage');
    expect(await slack.command(`audit export ${REF} xml`, OWNER)).toContain('Usage');
  });
});

describe('exports and charts in Slack', () => {
  it('refuses an export to a vendor and to someone without a role, with audit entries, and uploads it for the owner', async () => {
    const uploads = standin.callsTo('files.completeUploadExternal').length;
    expect(await slack.command(`export contracts csv ${REF}`, VENDOR, SHARED)).toContain('contract team');
    expect(await slack.command(`export scores csv ${REF}`, BYSTANDER)).toMatch(/owner or governance roles/);
    expect(standin.callsTo('files.completeUploadExternal')).toHaveLength(uploads);
    const refusals = (await steward.app.store.audit.list(REF)).filter((event) => event.action === 'access.refused');
    expect(refusals.map((event) => event.actor.slackUserId).sort()).toEqual([BYSTANDER.id, VENDOR.id].sort());

    const answer = await slack.command(`export kpis csv ${REF}`, OWNER);
    expect(answer).toContain('2 records');
    const file = standin.files().find((f) => f.filename.startsWith(`steward-kpis-${REF}`));
    expect(file?.content?.toString('utf8')).toContain('Internal rework share');
    expect(await slack.command('export invoices csv', OWNER)).toContain('Usage');
  });

  it('posts the scorecard charts as PNGs, and only vendor-visible ones in the vendor channel', async () => {
    await steward.app.services.contracts.changeStatus(actorOf(OWNER), REF, 'active');
    const before = standin.files().length;
    const answer = await slack.command(`charts ${REF}`, VENDOR, SHARED);
    expect(answer).toContain(`<#${SHARED}>`);
    const posted = standin.files().slice(before);
    expect(posted.map((f) => f.filename).sort()).toEqual([`${REF}-heat-map.png`, `${REF}-on-time-trend.png`]);
    for (const file of posted) expect(file.content?.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);

    await slack.command(`charts ${REF}`, OWNER);
    expect(standin.files().some((f) => f.filename === `${REF}-rework-trend.png`)).toBe(true);
  });
});

describe('download links when Slack refuses an upload', () => {
  it('posts a link that downloads the export, and refuses it expired, on another file, or from a vendor link', async () => {
    standin.failNext('files.getUploadURLExternal', { error: 'not_allowed_token_type' });
    await slack.command(`export kpis csv ${REF}`, OWNER);
    const notice = await standin.waitFor(
      (call) => call.method === 'chat.postMessage' && /\/files\//.test(String(call.body.text ?? '')),
    );
    const url = /(http:\/\/\S+\/files\/\S+)/.exec(String(notice.body.text))?.[1];
    expect(notice.body.text).toMatch(/steward-kpis-UMBRELLA-2026-040-\d{4}-\d{2}-\d{2}\.csv/);
    expect(notice.body.text).toMatch(/opens the file until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    const download = await fetch(url!);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="steward-kpis-/);
    expect(await download.text()).toContain('Internal rework share');

    // The same token on another file's address opens nothing.
    const links = steward.app.services.deps.fileLinks!;
    const other = await links.create(
      { filename: 'other.csv', title: 'Other', mimeType: 'text/csv', content: Buffer.from('a,b\n') },
      { audience: 'internal', internalOnly: true },
    );
    const token = new URL(url!).searchParams.get('t');
    const foreign = await fetch(`${other.url.split('?')[0]}?t=${token}`);
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toMatch(/does not open this file/);
    const tampered = await fetch(url!.replace(/\.i\./, '.v.'));
    expect(tampered.status).toBe(403);

    // A link made for a vendor's place never opens internal data.
    const vendorLink = await links.create(
      { filename: 'internal.csv', title: 'Internal', mimeType: 'text/csv', content: Buffer.from('secret\n') },
      { audience: 'vendor', internalOnly: true },
    );
    const refused = await fetch(vendorLink.url);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/internal data/);

    // A week later the link has expired, and says how to get a fresh one.
    steward.clock.advance(7 * 24 * 3_600_000 + 60_000);
    const expired = await fetch(url!);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toMatch(/expired .* Ask Steward for it again/);
    steward.clock.advance(-(7 * 24 * 3_600_000 + 60_000));
  });
});

describe('download links with the names people use', () => {
  it('serves a file named with accents, ß, a dash and an emoji under its own name, its text intact', async () => {
    const filename = 'Café Müller & Söhne — Straße 🚀.csv';
    const content = 'vendor,city\nCafé Müller & Söhne,Zürich 🚀\n';
    const link = await steward.app.services.deps.fileLinks!.create(
      { filename, title: filename, mimeType: 'text/csv', content: Buffer.from(content, 'utf8') },
      { audience: 'internal', internalOnly: true },
    );
    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '')).toBe(filename);
    // The plain filename is ASCII, for clients that read only it.
    expect(/filename="([^"]*)"/.exec(disposition)?.[1]).toMatch(/^[\x20-\x7e]+$/);
    expect(await response.text()).toBe(content);
  });
});

describe('the portfolio picture in Slack', () => {
  it('posts it for a manager as a PNG with alt text in words; vendors and people without a role are refused', async () => {
    const [onTime] = (await steward.app.store.kpis.listForContract(REF)).filter((kpi) => kpi.key === 'on-time');
    // A red month, answered earlier (check-ins themselves are covered elsewhere).
    await steward.app.store.scores.record({
      contractRef: REF,
      kpiKey: 'on-time',
      kpiVersion: onTime?.version ?? 1,
      periodKey: '2026-02',
      periodStart: new Date('2026-02-01T00:00:00Z'),
      periodEnd: new Date('2026-02-28T23:59:59Z'),
      value: 80,
      rag: 'red',
      answeredBy: { slackUserId: OWNER.id, slackTeamId: OWNER.team },
      surface: 'slack',
    });
    const before = standin.files().length;
    const answer = await slack.command('portfolio', OWNER);
    expect(answer).toMatch(/Portfolio — \d+ contracts? was posted in <#C0RECORDS>/);
    const [picture] = standin.files().slice(before);
    expect(picture?.filename).toMatch(/^steward-portfolio-\d{4}-\d{2}-\d{2}\.png$/);
    expect(picture?.content?.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(picture?.alt_text).toMatch(
      /^Portfolio — \d+ contracts?: stacked bars of contracts by their worst KPI per month/,
    );
    expect(picture?.alt_text).toContain('Most contracts red in 2026-02: 1.');
    expect(picture?.alt_text).toContain('Most red: Umbrella Labs (1 red, 0 amber over 1 contract)');

    // It sets vendors side by side: never posted where a vendor reads, never for a vendor.
    const shared = await slack.command('portfolio', OWNER, SHARED);
    expect(shared).toContain('is in your direct messages with Steward');
    expect(await slack.command('portfolio', VENDOR, SHARED)).toContain('is for the contract team');
    expect(await slack.command('portfolio', BYSTANDER)).toContain('you hold no governance role on any contract');
    expect(standin.files().length).toBe(before + 2);
  });
});

describe('CSV import in Slack', () => {
  it('reports line 3 / start_date for a day that does not exist and writes nothing, dry run or not', async () => {
    const bad = csv(ROW_ONE, ROW_TWO.replace('2026-04-01', '2026-02-30'));
    const view = await slack.modalFrom('import', OWNER, 'contract_import_view');
    for (const dryRun of [pick.checked(), unticked]) {
      const errors = inlineErrors(await slack.submit(view, { csv: bad, dryRun }, OWNER));
      expect(errors?.csv).toMatch(/Line 3, start_date: .*2026-02-30/);
    }
    expect(await steward.app.store.contracts.get('IMP-2026-001')).toBeNull();
    expect(await steward.app.store.contracts.get('IMP-2026-002')).toBeNull();

    const malformed = inlineErrors(
      await slack.submit(view, { csv: `${HEADER}\n"IMP-2026-003,unclosed`, dryRun: unticked }, OWNER),
    );
    expect(malformed?.csv).toMatch(/Line 2/);
  });

  it('checks a good file in a dry run without writing, then imports it as drafts', async () => {
    const good = csv(ROW_ONE, ROW_TWO);
    const view = await slack.modalFrom('import', OWNER, 'contract_import_view');
    expect(inlineErrors(await slack.submit(view, { csv: good, dryRun: pick.checked() }, OWNER))).toBeUndefined();
    await slack.confirmation(OWNER, 'Dry run: the file is good');
    expect(await steward.app.store.contracts.get('IMP-2026-001')).toBeNull();

    expect(inlineErrors(await slack.submit(view, { csv: good, dryRun: unticked }, OWNER))).toBeUndefined();
    await slack.confirmation(OWNER, 'Imported 2 contracts as drafts');
    expect(await steward.app.store.contracts.get('IMP-2026-001')).toMatchObject({ status: 'draft' });
    expect(await steward.app.store.contracts.get('IMP-2026-002')).toMatchObject({ title: 'Guarding, day and night' });

    expect(await slack.command('import', VENDOR, SHARED)).toContain('contract team');
  });
});
