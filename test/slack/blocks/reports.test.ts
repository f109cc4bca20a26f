import { helpMessage, usageMessage } from '../../../src/slack/blocks/help';
import { contractListMessage, scorecardMessage } from '../../../src/slack/blocks/reports';
import { scorecard, textOf } from '../fixtures';

describe('scorecard reply', () => {
  it('shows every KPI to the contract team in an internal place', () => {
    const shown = textOf(scorecardMessage(scorecard(), { shared: false }).blocks);
    expect(shown).toContain('Service availability');
    expect(shown).toContain('Internal margin leakage');
    expect(shown).toContain(':large_orange_circle: *Amber* 82.5');
  });

  it('leaves internal-only KPIs out of a shared channel even when the view still holds them', () => {
    const shown = textOf(scorecardMessage(scorecard(), { shared: true }).blocks);
    expect(shown).toContain('Service availability');
    expect(shown).not.toContain('Internal margin leakage');
    expect(shown).toContain('Vendor view');
  });

  it('leaves them out of a vendor view too', () => {
    const shown = textOf(scorecardMessage(scorecard({ vendorView: true }), { shared: false }).blocks);
    expect(shown).not.toContain('margin-leakage');
  });

  it('escapes vendor and title text', () => {
    const shown = textOf(scorecardMessage(scorecard({ vendorName: '<!everyone> Acme' }), { shared: false }).blocks);
    expect(shown).toContain('&lt;!everyone&gt; Acme');
    expect(shown).not.toContain('<!everyone>');
  });
});

describe('contract list reply', () => {
  it('describes the filter with the owner as a mention and the vendor escaped', () => {
    const { blocks } = contractListMessage(
      { contracts: [], total: 0, offset: 0, pageSize: 20 },
      { status: 'active', owner: 'U0BOB', vendor: 'A&B <x>' },
    );
    expect(textOf(blocks)).toContain(
      'No contract matches status:active · owner:<@U0BOB> · vendor:\\"A&amp;B &lt;x&gt;\\"',
    );
  });
});

describe('help and usage', () => {
  it('shows vendors only what they may use', () => {
    const vendor = textOf(helpMessage(true).blocks);
    expect(vendor).toContain('/steward scorecard REF');
    expect(vendor).not.toContain('/steward new');
    expect(textOf(helpMessage(false).blocks)).toContain('/steward path REF');
  });

  it('answers bad input with the problem and that subcommand’s usage', () => {
    const { text } = usageMessage({ command: 'link', problem: '`x` is neither `internal` nor `vendor`.' }, false);
    expect(text).toContain('Usage: /steward link REF internal|vendor');
    const unknown = usageMessage({ problem: 'Steward has no `<!channel>` command.' }, false);
    expect(textOf(unknown.blocks)).toContain('&lt;!channel&gt;');
    expect(textOf(unknown.blocks)).toContain('/steward help');
  });
});
