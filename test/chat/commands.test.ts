import { COMMANDS, LISTED_COMMANDS, mentionToken, parseCommand, plainQuotes } from '../../src/chat/commands';

/** The one grammar both surfaces hand their tokens to (Slack: command-text.ts, Teams: mentions.ts). */
const REF = 'ACME-2026-001';

describe('parseCommand', () => {
  it.each([
    ['steward help', { name: 'help' }],
    ['', { name: 'help' }],
    ['?', { name: 'help' }],
    ['  HELP ', { name: 'help' }],
    ['steward home', { name: 'home' }],
    ['steward list', { name: 'list', filter: { mine: false } }],
    ['steward list status:at-risk owner:me', { name: 'list', filter: { mine: true, status: 'at-risk' } }],
    ['list vendor:"Acme Networks"', { name: 'list', filter: { mine: false, vendor: 'Acme Networks' } }],
    ['list vendor:\u201cAcme Networks\u201d', { name: 'list', filter: { mine: false, vendor: 'Acme Networks' } }],
    ['steward list mine active', { name: 'list', filter: { mine: true, status: 'active' } }],
    // Every other word is searched for; filters combine.
    [
      'list catering rag:red ending:90 owner:me status:active',
      {
        name: 'list',
        filter: { mine: true, status: 'active', rag: 'red', endingWithinDays: 90, words: ['catering'] },
      },
    ],
    [
      'list everything ending:30d',
      { name: 'list', filter: { mine: false, words: ['everything'], endingWithinDays: 30 } },
    ],
    [
      'list "facility services" rag:NONE',
      { name: 'list', filter: { mine: false, words: ['facility services'], rag: 'none' } },
    ],
    // Search text is text, however it looks: quotes left open, regex characters, escapes, emoji, a URL.
    ['list vendor:"Acme', { name: 'list', filter: { mine: false, vendor: 'Acme' } }],
    ['list .*(a|b)[ $where 🚀', { name: 'list', filter: { mine: false, words: ['.*(a|b)[', '$where', '🚀'] } }],
    ['list https://x.example/a', { name: 'list', filter: { mine: false, words: ['https://x.example/a'] } }],
    ['list &lt;!channel&gt;', { name: 'list', filter: { mine: false, words: ['&lt;!channel&gt;'] } }],
    [`list ${'x'.repeat(1_000)}`, { name: 'list', filter: { mine: false, words: ['x'.repeat(1_000)] } }],
    ['steward scorecard ACME-2026-001', { name: 'scorecard', reference: REF }],
    ['scorecard acme-2026-001', { name: 'scorecard', reference: REF }],
    ['Steward  SCORECARD ACME-2026-001', { name: 'scorecard', reference: REF }],
    ['steward kpis ACME-2026-001', { name: 'kpis', reference: REF }],
    ['steward checkin ACME-2026-001', { name: 'checkin', reference: REF }],
    ['steward checkin ACME-2026-001 Uptime', { name: 'checkin', reference: REF, kpiKey: 'uptime' }],
    ['steward escalations', { name: 'escalations' }],
    ['steward escalations ACME-2026-001', { name: 'escalations', reference: REF }],
    ['steward link ACME-2026-001 vendor', { name: 'link', reference: REF, purpose: 'vendor' }],
    ['steward link ACME-2026-001 Internal', { name: 'link', reference: REF, purpose: 'internal' }],
    ['steward status ACME-2026-001 active', { name: 'status', reference: REF, status: 'active' }],
    [
      'status ACME-2026-001 at-risk two red months in a row',
      { name: 'status', reference: REF, status: 'at-risk', reason: 'two red months in a row' },
    ],
    ['steward new', { name: 'new' }],
    ['steward roles ACME-2026-001', { name: 'roles', reference: REF }],
    ['steward path acme-2026-001', { name: 'path', reference: REF }],
    ['steward kpi ACME-2026-001', { name: 'kpi', reference: REF }],
    ['kpi ACME-2026-001 First-Response', { name: 'kpi', reference: REF, kpiKey: 'first-response' }],
    ['/steward list', { name: 'list', filter: { mine: false } }],
    ['steward kickoff acme-2026-001', { name: 'kickoff', reference: REF }],
    ['/steward acknowledge ACME-2026-001', { name: 'acknowledge', reference: REF }],
    ['steward obligations ACME-2026-001', { name: 'obligations', reference: REF }],
    ['steward obligation ACME-2026-001', { name: 'obligation', reference: REF }],
    ['steward risks ACME-2026-001', { name: 'risks', reference: REF }],
    ['steward risk ACME-2026-001', { name: 'risk', reference: REF }],
    ['steward actions ACME-2026-001', { name: 'actions', reference: REF, all: false }],
    ['steward actions ACME-2026-001 ALL', { name: 'actions', reference: REF, all: true }],
    ['steward credits ACME-2026-001', { name: 'credits', reference: REF, what: 'show' }],
    ['steward credits ACME-2026-001 Terms', { name: 'credits', reference: REF, what: 'terms' }],
    ['steward credits ACME-2026-001 2026-03', { name: 'credits', reference: REF, what: 'claim', periodKey: '2026-03' }],
    ['steward credits ACME-2026-001 2026-q1', { name: 'credits', reference: REF, what: 'claim', periodKey: '2026-Q1' }],
    ['steward value ACME-2026-001', { name: 'value', mode: 'summary', reference: REF }],
    ['steward value ACME-2026-001 record', { name: 'value', mode: 'record', reference: REF }],
    ['steward value Portfolio', { name: 'value', mode: 'portfolio' }],
    ['steward closeout ACME-2026-001', { name: 'closeout', reference: REF }],
    [
      'steward lesson ACME-2026-001 Ask for "named" engineers;  keep  the spacing',
      { name: 'lesson', reference: REF, text: 'Ask for "named" engineers;  keep  the spacing' },
    ],
    [
      'steward lesson ACME-2026-001 a lone \u201c quote is fine here',
      { name: 'lesson', reference: REF, text: 'a lone \u201c quote is fine here' },
    ],
    [
      'steward close ACME-2026-001 Closed Handed over to the new vendor.',
      { name: 'close', reference: REF, outcome: 'closed', note: 'Handed over to the new vendor.' },
    ],
    [
      'steward close ACME-2026-001 Renewed 2028-12-31 Two more years, same prices',
      {
        name: 'close',
        reference: REF,
        outcome: 'renewed',
        newEndDate: '2028-12-31',
        note: 'Two more years, same prices',
      },
    ],
    // A day that does not exist is the service's to refuse, in its words.
    [
      'close ACME-2026-001 renewed 2027-02-30 one more year',
      { name: 'close', reference: REF, outcome: 'renewed', newEndDate: '2027-02-30', note: 'one more year' },
    ],
    ['steward audit verify acme-2026-001', { name: 'audit', action: 'verify', reference: REF }],
    ['steward audit export ACME-2026-001 JSON', { name: 'audit', action: 'export', reference: REF, format: 'json' }],
    ['steward charts ACME-2026-001', { name: 'charts', reference: REF }],
    ['steward portfolio', { name: 'portfolio' }],
    ['steward export scores csv', { name: 'export', kind: 'scores', format: 'csv' }],
    ['export kpis json acme-2026-001', { name: 'export', kind: 'kpis', format: 'json', reference: REF }],
    ['steward import', { name: 'import' }],
    ['hi', { name: 'help', greeting: true }],
    ['Hello!', { name: 'help', greeting: true }],
    ['steward start', { name: 'help', greeting: true }],
    ['', { name: 'help' }],
  ])('reads %j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it('answers an unknown command without naming one, quoting what was typed', () => {
    expect(parseCommand('steward frobnicate')).toEqual({ ok: false, problem: 'Steward has no `frobnicate` command.' });
    expect(plainQuotes('Steward has no `frobnicate` command.')).toBe('Steward has no "frobnicate" command.');
    // A backtick typed by the person cannot end the quote early.
    expect(parseCommand('fro`b')).toEqual({ ok: false, problem: "Steward has no `fro'b` command." });
  });

  it.each([
    ['steward scorecard', 'scorecard', 'A contract reference is missing.'],
    ['steward scorecard ACME-2026-001 extra', 'scorecard', 'Too many arguments: `extra` was not expected.'],
    ['steward scorecard {"$gt":""}', 'scorecard', 'is not a contract reference'],
    ['scorecard $where', 'scorecard', 'is not a contract reference'],
    ['steward checkin ACME-2026-001 9lives', 'checkin', '`9lives` is not a KPI key'],
    ['kpi ACME-2026-001 "bad key!"', 'kpi', 'is not a KPI key'],
    ['steward link ACME-2026-001', 'link', 'Say whether this place is `internal` or shared with the `vendor`.'],
    ['steward link ACME-2026-001 partners', 'link', '`partners` is neither `internal` nor `vendor`.'],
    ['steward status ACME-2026-001 finished', 'status', '`finished` is not a contract status.'],
    ['steward status ACME-2026-001', 'status', 'The new status is missing.'],
    ['steward list rag:purple', 'list', '`purple` is not a RAG'],
    ['steward list ending:soon', 'list', 'Say within how many days, from 1 to 3650'],
    ['steward list ending:0', 'list', 'Say within how many days'],
    ['list a b c d e f g h i', 'list', 'Search with at most 8 words'],
    ['list colour:red', 'list', '`colour:` is not a filter'],
    ['steward list owner:megan', 'list', 'Name the owner with an @mention'],
    ['steward list owner:@megan', 'list', 'Name the owner with an @mention'],
    ['steward list status:active status:closed', 'list', '`status:` is given twice.'],
    ['steward home now', 'home', 'Too many arguments'],
    ['new now', 'new', 'Too many arguments'],
    ['steward kpi ACME-2026-001 uptime extra', 'kpi', 'Too many arguments'],
    ['steward roles', 'roles', 'A contract reference is missing.'],
    ['steward kickoff', 'kickoff', 'A contract reference is missing.'],
    ['steward obligations ACME-2026-001 open', 'obligations', 'Too many arguments'],
    ['steward actions ACME-2026-001 finished', 'actions', '`finished` is not expected; add `all`'],
    ['steward credits ACME-2026-001 March', 'credits', '`March` is neither `terms` nor a period'],
    ['steward credits ACME-2026-001 2026-13', 'credits', 'is neither `terms` nor a period'],
    ['steward value ACME-2026-001 add', 'value', '`add` is not expected; add `record`'],
    ['value portfolio ACME-2026-001', 'value', 'Too many arguments'],
    ['steward portfolio ACME-2026-001', 'portfolio', 'Too many arguments: `ACME-2026-001` was not expected.'],
    ['steward lesson ACME-2026-001', 'lesson', 'Write the lesson after the reference'],
    ['lesson $where text', 'lesson', 'is not a contract reference'],
    ['steward close ACME-2026-001', 'close', 'Say whether the contract is `closed` or `renewed`.'],
    ['steward close ACME-2026-001 ended', 'close', '`ended` is neither `closed` nor `renewed`.'],
    ['steward close ACME-2026-001 closed', 'close', 'Add a note after `closed`'],
    ['steward close ACME-2026-001 renewed next year', 'close', 'Give the new end date after `renewed`'],
    ['steward close ACME-2026-001 renewed', 'close', 'Give the new end date after `renewed`'],
    ['steward close ACME-2026-001 renewed 2028-12-31', 'close', 'Add a note after the date'],
    ['steward audit ACME-2026-001', 'audit', '`ACME-2026-001` is neither `verify` nor `export`.'],
    ['audit verify', 'audit', 'A contract reference is missing.'],
    ['steward audit export ACME-2026-001', 'audit', 'Say which format: `csv` or `json`.'],
    ['steward audit export ACME-2026-001 xml', 'audit', '`xml` is not a format'],
    ['steward export risks csv', 'export', '`risks` cannot be exported'],
    ['steward export scores', 'export', 'Say which format'],
    ['steward export scores csv {"$gt":""}', 'export', 'is not a contract reference'],
    ['steward import now', 'import', 'Too many arguments'],
  ])('answers %j with the usage of %s', (text, name, problem) => {
    const result = parseCommand(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.command).toBe(name);
    expect(result.problem).toContain(problem);
  });
});

describe('decision', () => {
  it('takes the reference when given, and leaves it out when the line starts with the due date (a pack’s thread)', () => {
    expect(parseCommand('decision acme-2026-001 2026-05-31 me Renegotiate the credit')).toEqual({
      ok: true,
      command: { name: 'decision', reference: 'ACME-2026-001', dueDate: '2026-05-31', text: 'Renegotiate the credit' },
    });
    expect(parseCommand('steward decision 2026-05-31 me Renegotiate the credit')).toEqual({
      ok: true,
      command: { name: 'decision', dueDate: '2026-05-31', text: 'Renegotiate the credit' },
    });
    const noOwner = parseCommand('decision 2026-05-31 Renegotiate');
    expect(noOwner.ok).toBe(false);
    expect(!noOwner.ok && noOwner.problem).toContain('Say who owns it');
    const noText = parseCommand('decision ACME-2026-001 2026-05-31 me');
    expect(!noText.ok && noText.problem).toContain('Write what was decided');
  });
});

describe('mentions in a command', () => {
  const megan = { id: '29:megan', name: 'Megan Bowen' };

  it('takes a mention as the owner filter, and never a typed name', () => {
    expect(parseCommand(`list owner:${mentionToken(0)} status:active`, [megan])).toEqual({
      ok: true,
      command: { name: 'list', filter: { mine: false, owner: megan, status: 'active' } },
    });
    expect(parseCommand(`list ${mentionToken(0)}`, [megan])).toEqual({
      ok: true,
      command: { name: 'list', filter: { mine: false, owner: megan } },
    });
  });

  it('writes a mention in free text as the name, and never takes one for a reference', () => {
    expect(parseCommand(`lesson ${REF} ${mentionToken(0)} knew the network best`, [megan])).toEqual({
      ok: true,
      command: { name: 'lesson', reference: REF, text: '@Megan Bowen knew the network best' },
    });
    expect(parseCommand(`scorecard ${mentionToken(0)}`, [megan])).toMatchObject({
      ok: false,
      problem: '`@Megan Bowen` is not a contract reference (letters, digits and dashes, like ACME-2026-001).',
    });
  });
});

describe('the command table', () => {
  it('lets vendors use only what the services let them use: the kickoff, their obligations and charts', () => {
    const forVendors = Object.entries(COMMANDS)
      .filter(([, spec]) => spec.vendor)
      .map(([name]) => name);
    expect(forVendors).toEqual(['help', 'home', 'scorecard', 'kickoff', 'acknowledge', 'obligations', 'charts']);
  });

  it('keeps the Teams manifest’s command menu within its 10 commands', () => {
    expect(LISTED_COMMANDS).toEqual([
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
