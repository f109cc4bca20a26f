import { creditTermsErrors, creditTermsInput, ruleLines } from '../../src/chat/forms';
import { StewardError } from '../../src/domain/errors';

/** The converters both surfaces share: what a person typed, to the service's input, and its messages back. */
describe('service credit terms typed one rule a line', () => {
  it('reads each line as a rule, counting blank lines so messages name the line people see', () => {
    const form = creditTermsInput({
      periodFee: '25000',
      rules: '\nuptime 2 10\n\nfirst-response 1,5 5 0.5\n',
    });
    expect(form.input).toEqual({
      periodFee: '25000',
      rules: [
        { kpiKey: 'uptime', percentOfFeePerPoint: '2', capPercent: '10' },
        { kpiKey: 'first-response', percentOfFeePerPoint: '1,5', capPercent: '5', flatPercentOnBreach: '0.5' },
      ],
    });
    expect([form.lineOf(0), form.lineOf(1)]).toEqual([2, 4]);
  });

  it('refuses a line in another shape, naming each such line, before the service sees it', () => {
    expect(() => creditTermsInput({ rules: 'uptime 2\nok 1 2 3 4 5' })).toThrow(
      expect.objectContaining({
        code: 'validation',
        fieldErrors: {
          rules: expect.stringMatching(/^Line 1: write the KPI key.*Line 2: write the KPI key/),
        },
      }),
    );
  });

  it('says the service’s rule problems against the line of the rules field', () => {
    const error = new StewardError('validation', 'bad', {
      fieldErrors: { 'rules.1.capPercent': 'Cap must be from 0 to 100.', periodFee: 'Fee must be 0 or more.' },
    });
    expect(creditTermsErrors(error, (index) => index + 3).fieldErrors).toEqual({
      rules: 'Line 4: Cap must be from 0 to 100.',
      periodFee: 'Fee must be 0 or more.',
    });
  });

  it('shows the terms one rule a line, the flat credit only where there is one', () => {
    expect(
      ruleLines([
        { kpiKey: 'uptime', percentOfFeePerPoint: 2.5, capPercent: 10 },
        { kpiKey: 'first-response', percentOfFeePerPoint: 1, capPercent: 5, flatPercentOnBreach: 0.5 },
      ]),
    ).toBe('uptime 2.5 10\nfirst-response 1 5 0.5');
  });
});
