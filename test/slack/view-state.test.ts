import {
  CONTRACT_FORM,
  contractInput,
  ESCALATION_PATH_FORM,
  escalationPathErrorField,
  escalationPathInput,
  fieldOfError,
  KPI_FORM,
  kpiInput,
} from '../../src/chat/forms';
import { readForm } from '../../src/slack/blocks/form';
import { readViewValues, toBlockErrors } from '../../src/slack/view-state';

const values = (state: Record<string, Record<string, unknown>>) =>
  readViewValues({ state: { values: state as never } });

describe('reading modal values', () => {
  it('reads typed, picked and checked values as the strings people entered', () => {
    const read = values({
      key: { key: { type: 'plain_text_input', value: '  availability ' } },
      name: { name: { type: 'plain_text_input', value: '{"$gt": ""}' } },
      kind: { kind: { type: 'static_select', selected_option: { value: 'percent' } } },
      target: { target: { type: 'number_input', value: '99.5' } },
      cadence: { cadence: { type: 'static_select', selected_option: { value: 'milestones' } } },
      milestoneDates: { milestoneDates: { type: 'plain_text_input', value: '2026-06-30, 2026-12-31' } },
      evidenceRequired: { evidenceRequired: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } },
      vendorVisible: { vendorVisible: { type: 'checkboxes', selected_options: [] } },
    });
    expect(kpiInput(readForm(KPI_FORM, read))).toEqual({
      key: 'availability',
      name: '{"$gt": ""}',
      unit: '',
      kind: 'percent',
      target: '99.5',
      cadence: { type: 'milestones', dates: ['2026-06-30', '2026-12-31'] },
      evidenceRequired: true,
      vendorVisible: false,
    });
  });

  it('reads user pickers as people and leaves empty fields out', () => {
    const read = values({
      reference: { reference: { type: 'plain_text_input', value: 'ACME-2026-001' } },
      category: { category: { type: 'plain_text_input', value: '' } },
      startDate: { startDate: { type: 'datepicker', selected_date: '2026-04-01' } },
      vendorContacts: { vendorContacts: { type: 'multi_users_select', selected_users: ['U0VENDOR'] } },
    });
    expect(contractInput(readForm(CONTRACT_FORM, read))).toEqual({
      reference: 'ACME-2026-001',
      startDate: '2026-04-01',
      vendorContacts: [{ slackUserId: 'U0VENDOR' }],
    });
    const path = values({
      level1People: { level1People: { type: 'multi_users_select', selected_users: ['U0BOB'] } },
      level1Hours: { level1Hours: { type: 'number_input', value: '24' } },
      level2People: { level2People: { type: 'multi_users_select', selected_users: [] } },
    });
    expect(escalationPathInput(readForm(ESCALATION_PATH_FORM, path)).input).toEqual({
      levels: [{ level: 1, people: [{ slackUserId: 'U0BOB' }], ackWithinHours: '24' }],
    });
  });
});

describe('mapping service field errors onto blocks', () => {
  const blocks = ['reference', 'title', 'vendorName', 'value', 'currency', 'startDate', 'endDate'];

  it('matches names, aliases of nested paths, and last segments', () => {
    expect(
      toBlockErrors(
        {
          endDate: 'End date must be after the start date.',
          'vendor.name': 'Vendor name is required.',
          'value.amount': 'Too big.',
        },
        blocks,
        (key) => fieldOfError(CONTRACT_FORM, key)?.field,
      ),
    ).toEqual({
      endDate: 'End date must be after the start date.',
      vendorName: 'Vendor name is required.',
      value: 'Too big.',
    });
  });

  it('puts what matches no block on the first one, so no message is lost', () => {
    expect(toBlockErrors({ form: 'Fill in the form.', title: 'Title is required.' }, blocks)).toEqual({
      reference: 'Fill in the form.',
      title: 'Title is required.',
    });
  });

  it('maps KPI and escalation path paths', () => {
    expect(fieldOfError(KPI_FORM, 'cadence.dates.0')).toEqual({ field: 'milestoneDates' });
    const alias = (key: string) => escalationPathErrorField(key, [1, 2])?.field;
    expect(alias('levels.1.ackWithinHours')).toBe('level2Hours');
    expect(alias('levels.0.people')).toBe('level1People');
    expect(alias('levels')).toBe('level1People');
    // Entries are numbered as entered: with level 2 left empty, the second entry is level 3.
    expect(escalationPathErrorField('levels.1.role', [1, 3])?.field).toBe('level3Role');
  });
});
