import { decodeSlackText, parseStewardCommand, tokenize } from '../../src/slack/command-arguments';

const ok = (text: string) => {
  const result = parseStewardCommand(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.problem}`);
  return result.command;
};
const bad = (text: string) => {
  const result = parseStewardCommand(text);
  if (result.ok) throw new Error(`expected ${text} to be refused`);
  return result;
};

describe('tokenizing /steward text', () => {
  it('keeps quoted text and Slack-encoded mentions together', () => {
    const result = tokenize('list vendor:"Acme Services Ltd" owner:<@U0BOB|bob smith>');
    expect('tokens' in result && result.tokens.map((t) => t.text)).toEqual([
      'list',
      'vendor:Acme Services Ltd',
      'owner:@bob smith',
    ]);
  });

  it('accepts typographic quotes and refuses an unclosed quote', () => {
    expect(ok('list vendor:\u201cAcme Services\u201d')).toEqual({ name: 'list', filter: { vendor: 'Acme Services' } });
    expect(tokenize('list vendor:"Acme')).toEqual({ error: 'A quote is not closed.' });
  });

  it('undoes Slack escaping', () => {
    expect(decodeSlackText('A &amp; B &lt;x&gt; <#C0KPI|kpi> <@U0BOB> <https://a.example|link>')).toBe(
      'A & B <x> #kpi @U0BOB link',
    );
  });
});

describe('parsing /steward subcommands', () => {
  it('reads help for empty text, help and ?', () => {
    expect(ok('')).toEqual({ name: 'help' });
    expect(ok('  HELP ')).toEqual({ name: 'help' });
    expect(ok('?')).toEqual({ name: 'help' });
  });

  it('reads list filters, decoding the owner mention', () => {
    expect(ok('list status:at-risk owner:<@U0BOB|bob> vendor:"Acme & Sons"')).toEqual({
      name: 'list',
      filter: { status: 'at-risk', ownerId: 'U0BOB', vendor: 'Acme & Sons' },
    });
    expect(ok('list owner:me')).toEqual({ name: 'list', filter: { ownerIsMe: true } });
    // Slack escapes & as &amp; in command text.
    expect(ok('list vendor:"A &amp; B"')).toEqual({ name: 'list', filter: { vendor: 'A & B' } });
  });

  it('refuses filters it cannot use, with the list usage', () => {
    expect(bad('list owner:@bob')).toMatchObject({ subcommand: 'list', problem: expect.stringContaining('mention') });
    expect(bad('list status:sleepy')).toMatchObject({ subcommand: 'list' });
    expect(bad('list colour:red')).toMatchObject({ subcommand: 'list' });
    expect(bad('list status:active status:closed')).toMatchObject({ problem: '`status:` is given twice.' });
    expect(bad('list active')).toMatchObject({ subcommand: 'list' });
  });

  it('reads references (upper-cased) and KPI keys (lower-cased)', () => {
    expect(ok('scorecard acme-2026-001')).toEqual({ name: 'scorecard', reference: 'ACME-2026-001' });
    expect(ok('kpi ACME-2026-001 First-Response')).toEqual({
      name: 'kpi',
      reference: 'ACME-2026-001',
      kpiKey: 'first-response',
    });
    expect(ok('kpi ACME-2026-001')).toEqual({ name: 'kpi', reference: 'ACME-2026-001' });
    expect(ok('checkin ACME-2026-001 availability')).toEqual({
      name: 'checkin',
      reference: 'ACME-2026-001',
      kpiKey: 'availability',
    });
    expect(ok('escalations')).toEqual({ name: 'escalations' });
    expect(ok('escalations ACME-2026-001')).toEqual({ name: 'escalations', reference: 'ACME-2026-001' });
    expect(ok('roles ACME-2026-001')).toEqual({ name: 'roles', reference: 'ACME-2026-001' });
    expect(ok('path ACME-2026-001')).toEqual({ name: 'path', reference: 'ACME-2026-001' });
    expect(ok('new')).toEqual({ name: 'new' });
  });

  it('reads link purposes and status changes with a reason', () => {
    expect(ok('link ACME-2026-001 Vendor')).toEqual({ name: 'link', reference: 'ACME-2026-001', purpose: 'vendor' });
    expect(ok('status ACME-2026-001 at-risk two red months in a row')).toEqual({
      name: 'status',
      reference: 'ACME-2026-001',
      status: 'at-risk',
      reason: 'two red months in a row',
    });
  });

  it('names the subcommand whose usage to show for malformed arguments', () => {
    expect(bad('scorecard')).toEqual({
      ok: false,
      subcommand: 'scorecard',
      problem: 'A contract reference is missing.',
    });
    expect(bad('scorecard ACME-1 extra')).toMatchObject({
      subcommand: 'scorecard',
      problem: expect.stringContaining('Too many'),
    });
    expect(bad('link ACME-2026-001 sideways')).toMatchObject({ subcommand: 'link' });
    expect(bad('link ACME-2026-001')).toMatchObject({ subcommand: 'link' });
    expect(bad('status ACME-2026-001 asleep')).toMatchObject({ subcommand: 'status' });
    expect(bad('kpi ACME-2026-001 "bad key!"')).toMatchObject({ subcommand: 'kpi' });
    expect(bad('new now')).toMatchObject({ subcommand: 'new' });
  });

  it('does not take operators or mentions for references', () => {
    expect(bad('scorecard {"$gt":""}')).toMatchObject({ subcommand: 'scorecard' });
    expect(bad('scorecard $where')).toMatchObject({ subcommand: 'scorecard' });
    expect(bad('scorecard <@U0BOB|bob>')).toMatchObject({ subcommand: 'scorecard' });
  });

  it('reports an unknown subcommand without naming one', () => {
    const result = bad('frobnicate ACME-2026-001');
    expect(result.subcommand).toBeUndefined();
    expect(result.problem).toBe('Steward has no `frobnicate` command.');
  });
});

describe('/steward parsing for kickoff, obligations, risks, credits, value, closeout and records', () => {
  it('reads the subcommands that take a reference', () => {
    for (const name of ['kickoff', 'acknowledge', 'obligations', 'obligation', 'risks', 'risk', 'closeout', 'charts']) {
      expect(ok(`${name} acme-2026-001`)).toEqual({ name, reference: 'ACME-2026-001' });
      expect(bad(name)).toMatchObject({ subcommand: name, problem: 'A contract reference is missing.' });
      expect(bad(`${name} ACME-2026-001 extra`)).toMatchObject({ subcommand: name });
    }
    expect(ok('actions ACME-2026-001')).toEqual({ name: 'actions', reference: 'ACME-2026-001', all: false });
    expect(ok('actions ACME-2026-001 ALL')).toEqual({ name: 'actions', reference: 'ACME-2026-001', all: true });
    expect(bad('actions ACME-2026-001 some')).toMatchObject({ subcommand: 'actions' });
  });

  it('reads credit terms, claim periods and value modes', () => {
    expect(ok('credits ACME-2026-001')).toEqual({ name: 'credits', reference: 'ACME-2026-001', what: 'show' });
    expect(ok('credits ACME-2026-001 Terms')).toEqual({ name: 'credits', reference: 'ACME-2026-001', what: 'terms' });
    expect(ok('credits ACME-2026-001 2026-q1')).toEqual({
      name: 'credits',
      reference: 'ACME-2026-001',
      what: 'claim',
      periodKey: '2026-Q1',
    });
    expect(bad('credits ACME-2026-001 March')).toMatchObject({
      subcommand: 'credits',
      problem: expect.stringContaining('period'),
    });
    expect(ok('value ACME-2026-001')).toEqual({ name: 'value', mode: 'summary', reference: 'ACME-2026-001' });
    expect(ok('value ACME-2026-001 record')).toEqual({ name: 'value', mode: 'record', reference: 'ACME-2026-001' });
    expect(ok('value Portfolio')).toEqual({ name: 'value', mode: 'portfolio' });
    expect(bad('value portfolio ACME-2026-001')).toMatchObject({ subcommand: 'value' });
  });

  it('keeps a lesson as typed, quotes and apostrophes included', () => {
    expect(ok('lesson acme-2026-001 Don\'t accept "draft" reports &lt;ever&gt;')).toEqual({
      name: 'lesson',
      reference: 'ACME-2026-001',
      text: 'Don\'t accept "draft" reports <ever>',
    });
    expect(ok('lesson ACME-2026-001 an “open quote')).toMatchObject({ text: 'an “open quote' });
    expect(bad('lesson ACME-2026-001')).toMatchObject({ subcommand: 'lesson' });
    expect(bad('lesson $where text')).toMatchObject({ subcommand: 'lesson' });
  });

  it('reads close with its outcome, an optional date and the note', () => {
    expect(ok('close ACME-2026-001 renewed 2028-12-31 Two more years, same prices')).toEqual({
      name: 'close',
      reference: 'ACME-2026-001',
      outcome: 'renewed',
      newEndDate: '2028-12-31',
      note: 'Two more years, same prices',
    });
    expect(ok('close ACME-2026-001 Closed handover done')).toEqual({
      name: 'close',
      reference: 'ACME-2026-001',
      outcome: 'closed',
      note: 'handover done',
    });
    // A day that does not exist is the service's to refuse, in its words.
    expect(ok('close ACME-2026-001 renewed 2027-02-30 one more year')).toMatchObject({ newEndDate: '2027-02-30' });
    expect(bad('close ACME-2026-001 finished all done')).toMatchObject({ subcommand: 'close' });
    expect(bad('close ACME-2026-001 renewed 2028-12-31')).toMatchObject({ subcommand: 'close' });
  });

  it('reads audit and export requests and refuses other formats and kinds', () => {
    expect(ok('audit verify acme-2026-001')).toEqual({ name: 'audit', action: 'verify', reference: 'ACME-2026-001' });
    expect(ok('audit export ACME-2026-001 JSON')).toEqual({
      name: 'audit',
      action: 'export',
      reference: 'ACME-2026-001',
      format: 'json',
    });
    expect(bad('audit export ACME-2026-001 xml')).toMatchObject({ subcommand: 'audit' });
    expect(bad('audit ACME-2026-001')).toMatchObject({ subcommand: 'audit' });
    expect(ok('export scores csv')).toEqual({ name: 'export', kind: 'scores', format: 'csv' });
    expect(ok('export kpis json acme-2026-001')).toEqual({
      name: 'export',
      kind: 'kpis',
      format: 'json',
      reference: 'ACME-2026-001',
    });
    expect(ok('export contracts xlsx')).toEqual({ name: 'export', kind: 'contracts', format: 'xlsx' });
    // A workbook of the audit trail is not offered: its JSON is what can be verified again.
    expect(bad('audit export ACME-2026-001 xlsx')).toMatchObject({ subcommand: 'audit' });
    expect(bad('export scores pdf')).toMatchObject({
      problem: expect.stringContaining('choose `csv`, `xlsx` or `json`'),
    });
    expect(bad('export invoices csv')).toMatchObject({ subcommand: 'export' });
    expect(bad('export scores')).toMatchObject({ subcommand: 'export' });
    expect(ok('import')).toEqual({ name: 'import' });
    expect(bad('import now')).toMatchObject({ subcommand: 'import' });
  });
});
