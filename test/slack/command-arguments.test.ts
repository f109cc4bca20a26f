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
