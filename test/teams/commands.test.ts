import { LISTED_COMMANDS, parseCommand } from '../../src/teams/commands';

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
