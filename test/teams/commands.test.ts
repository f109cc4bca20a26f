import { COMMAND_HELP, LISTED_COMMANDS, parseCommand } from '../../src/teams/commands';
import { mentionToken } from '../../src/teams/mentions';

describe('parseCommand', () => {
  it.each([
    ['steward help', { name: 'help' }],
    ['', { name: 'help' }],
    ['?', { name: 'help' }],
    ['help', { name: 'help' }],
    ['steward home', { name: 'home' }],
    ['steward list', { name: 'list', mine: false }],
    ['steward list status:at-risk owner:me', { name: 'list', mine: true, status: 'at-risk' }],
    ['steward list vendor:"Acme Networks"', { name: 'list', mine: false, vendor: 'Acme Networks' }],
    ['steward list vendor:\u201cAcme Networks\u201d', { name: 'list', mine: false, vendor: 'Acme Networks' }],
    ['steward list mine active', { name: 'list', mine: true, status: 'active' }],
    ['steward scorecard ACME-2026-001', { name: 'scorecard', reference: 'ACME-2026-001' }],
    ['steward scorecard acme-2026-001', { name: 'scorecard', reference: 'ACME-2026-001' }],
    ['Steward  SCORECARD\u00a0ACME-2026-001', { name: 'scorecard', reference: 'ACME-2026-001' }],
    ['steward kpis ACME-2026-001', { name: 'kpis', reference: 'ACME-2026-001' }],
    ['steward checkin ACME-2026-001', { name: 'checkin', reference: 'ACME-2026-001' }],
    ['steward checkin ACME-2026-001 Uptime', { name: 'checkin', reference: 'ACME-2026-001', kpiKey: 'uptime' }],
    ['steward escalations', { name: 'escalations' }],
    ['steward escalations ACME-2026-001', { name: 'escalations', reference: 'ACME-2026-001' }],
    ['steward link ACME-2026-001 vendor', { name: 'link', reference: 'ACME-2026-001', purpose: 'vendor' }],
    ['steward link ACME-2026-001 Internal', { name: 'link', reference: 'ACME-2026-001', purpose: 'internal' }],
    ['steward status ACME-2026-001 active', { name: 'status', reference: 'ACME-2026-001', to: 'active' }],
    [
      'steward status ACME-2026-001 at-risk two red months',
      { name: 'status', reference: 'ACME-2026-001', to: 'at-risk', reason: 'two red months' },
    ],
    ['steward new', { name: 'new' }],
    ['steward roles ACME-2026-001', { name: 'roles', reference: 'ACME-2026-001' }],
    ['steward path acme-2026-001', { name: 'path', reference: 'ACME-2026-001' }],
    ['steward kpi ACME-2026-001', { name: 'kpi', reference: 'ACME-2026-001' }],
    ['steward kpi ACME-2026-001 Uptime', { name: 'kpi', reference: 'ACME-2026-001', kpiKey: 'uptime' }],
    ['<at>Steward</at> scorecard ACME-2026-001', { name: 'scorecard', reference: 'ACME-2026-001' }],
    ['/steward list', { name: 'list', mine: false }],
  ])('reads %j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it('answers an unknown command with the usage of every listed command', () => {
    expect(parseCommand('steward frobnicate')).toEqual({
      ok: false,
      problem: 'Steward has no "frobnicate" command.',
      usage: LISTED_COMMANDS,
    });
  });

  it.each([
    ['steward scorecard', 'scorecard', 'A contract reference is missing.'],
    ['steward scorecard ACME-2026-001 extra', 'scorecard', 'Too many arguments: "extra" was not expected.'],
    ['steward scorecard {"$gt":""}', 'scorecard', 'is not a contract reference'],
    ['steward checkin ACME-2026-001 9lives', 'checkin', '"9lives" is not a KPI key'],
    ['steward link ACME-2026-001', 'link', 'Say whether this place is "internal" or shared with the "vendor".'],
    ['steward link ACME-2026-001 partners', 'link', '"partners" is neither "internal" nor "vendor".'],
    ['steward status ACME-2026-001 finished', 'status', '"finished" is not a contract status.'],
    ['steward status ACME-2026-001', 'status', 'The new status is missing.'],
    ['steward list everything', 'list', '"everything" is not a filter'],
    ['steward list owner:megan', 'list', 'Name the owner with an @mention'],
    ['steward list owner:@megan', 'list', 'Name the owner with an @mention'],
    ['steward list status:active status:closed', 'list', '"status:" is given twice.'],
    ['steward list vendor:"Acme', 'list', 'A quote is not closed.'],
    ['steward home now', 'home', 'Too many arguments'],
    ['steward kpi ACME-2026-001 uptime extra', 'kpi', 'Too many arguments'],
    ['steward roles', 'roles', 'A contract reference is missing.'],
  ])('answers %j with the usage of %s only', (text, name, problem) => {
    const result = parseCommand(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.command).toBe(name);
    expect(result.usage.map((u) => u.name)).toEqual([name]);
    expect(result.problem).toContain(problem);
  });
});

describe('parseCommand: kickoff, obligations, risks, corrective actions, credits, value, closeout, records', () => {
  const REF = 'ACME-2026-001';
  it.each([
    ['steward kickoff acme-2026-001', { name: 'kickoff', reference: REF }],
    ['/steward acknowledge ACME-2026-001', { name: 'acknowledge', reference: REF }],
    ['steward obligations ACME-2026-001', { name: 'obligations', reference: REF }],
    ['steward obligation ACME-2026-001', { name: 'obligation', reference: REF }],
    ['steward risks ACME-2026-001', { name: 'risks', reference: REF }],
    ['steward risk ACME-2026-001', { name: 'risk', reference: REF }],
    ['steward actions ACME-2026-001', { name: 'actions', reference: REF, all: false }],
    ['steward actions ACME-2026-001 ALL', { name: 'actions', reference: REF, all: true }],
    ['steward credits ACME-2026-001', { name: 'credits', reference: REF, what: 'show' }],
    ['steward credits ACME-2026-001 terms', { name: 'credits', reference: REF, what: 'terms' }],
    ['steward credits ACME-2026-001 2026-03', { name: 'credits', reference: REF, what: 'claim', periodKey: '2026-03' }],
    ['steward credits ACME-2026-001 2026-q1', { name: 'credits', reference: REF, what: 'claim', periodKey: '2026-Q1' }],
    ['steward value ACME-2026-001', { name: 'value', reference: REF, record: false }],
    ['steward value ACME-2026-001 record', { name: 'value', reference: REF, record: true }],
    ['steward value portfolio', { name: 'value', portfolio: true }],
    ['steward closeout ACME-2026-001', { name: 'closeout', reference: REF }],
    [
      'steward lesson ACME-2026-001 Ask for "named" engineers;  keep  the spacing',
      { name: 'lesson', reference: REF, text: 'Ask for "named" engineers;  keep  the spacing' },
    ],
    [
      'steward lesson ACME-2026-001 a lone " quote is fine here',
      { name: 'lesson', reference: REF, text: 'a lone " quote is fine here' },
    ],
    [
      'steward close ACME-2026-001 closed Handed over to the new vendor.',
      { name: 'close', reference: REF, outcome: 'closed', note: 'Handed over to the new vendor.' },
    ],
    [
      'steward close ACME-2026-001 Renewed 2028-12-31 Two more years.',
      { name: 'close', reference: REF, outcome: 'renewed', newEndDate: '2028-12-31', note: 'Two more years.' },
    ],
    ['steward audit verify ACME-2026-001', { name: 'audit', reference: REF, verify: true }],
    ['steward audit export ACME-2026-001 JSON', { name: 'audit', reference: REF, verify: false, format: 'json' }],
    ['steward charts ACME-2026-001', { name: 'charts', reference: REF }],
    ['steward export scores csv', { name: 'export', kind: 'scores', format: 'csv' }],
    ['steward export escalations XLSX', { name: 'export', kind: 'escalations', format: 'xlsx' }],
    [
      'steward export contracts json ACME-2026-001',
      { name: 'export', kind: 'contracts', format: 'json', reference: REF },
    ],
    ['steward import', { name: 'import' }],
  ])('reads %j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it('reads another person’s @mention in a lesson as their name', () => {
    const parsed = parseCommand(`steward lesson ACME-2026-001 ${mentionToken(0)} knew the network best`, {
      mentions: [{ id: '29:megan', name: 'Megan Bowen' }],
    });
    expect(parsed).toEqual({
      ok: true,
      command: { name: 'lesson', reference: REF, text: '@Megan Bowen knew the network best' },
    });
  });

  it.each([
    ['steward kickoff', 'kickoff', 'A contract reference is missing.'],
    ['steward obligations ACME-2026-001 open', 'obligations', 'Too many arguments'],
    ['steward actions ACME-2026-001 finished', 'actions', '"finished" is not "all".'],
    ['steward credits ACME-2026-001 March', 'credits', '"March" is neither "terms" nor a period'],
    ['steward credits ACME-2026-001 2026-13', 'credits', 'is neither "terms" nor a period'],
    ['steward value ACME-2026-001 add', 'value', '"add" is not "record".'],
    ['steward lesson ACME-2026-001', 'lesson', 'Write the lesson after the reference'],
    ['steward close ACME-2026-001', 'close', 'Say whether the contract is "closed" or "renewed".'],
    ['steward close ACME-2026-001 ended', 'close', '"ended" is neither "closed" nor "renewed".'],
    ['steward close ACME-2026-001 closed', 'close', 'Add a note after "closed"'],
    ['steward close ACME-2026-001 renewed next year', 'close', 'Give the new end date after "renewed"'],
    ['steward close ACME-2026-001 renewed 2028-12-31', 'close', 'Add a note after the date'],
    ['steward audit ACME-2026-001', 'audit', '"ACME-2026-001" is neither "verify" nor "export".'],
    ['steward audit export ACME-2026-001', 'audit', 'Say which format: csv or json.'],
    ['steward audit export ACME-2026-001 xml', 'audit', '"xml" is neither csv nor json.'],
    ['steward export risks csv', 'export', '"risks" cannot be exported'],
    ['steward export scores', 'export', 'Say which format'],
    ['steward export scores csv {"$gt":""}', 'export', 'is not a contract reference'],
    ['steward import now', 'import', 'Too many arguments'],
  ])('answers %j with the usage of %s only', (text, name, problem) => {
    const result = parseCommand(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.command).toBe(name);
    expect(result.usage.map((u) => u.name)).toEqual([name]);
    expect(result.problem).toContain(problem);
  });

  it('lets vendors use only what the services let them use: the kickoff, their obligations and charts', () => {
    const forVendors = COMMAND_HELP.filter((entry) => entry.vendor).map((entry) => entry.name);
    expect(forVendors).toEqual(['help', 'home', 'scorecard', 'kickoff', 'acknowledge', 'obligations', 'charts']);
  });

  it('keeps the manifest’s command menu as it was: the new commands are in help only', () => {
    expect(LISTED_COMMANDS.map((entry) => entry.name)).toEqual([
      'help',
      'home',
      'list',
      'scorecard',
      'kpis',
      'checkin',
      'escalations',
      'link',
      'status',
    ]);
  });
});
