import type { types } from '@slack/bolt';
import { notApplicableModal, scoreModal } from '../../../src/slack/blocks/score-modal';
import { decodeModalContext } from '../../../src/slack/modal-context';
import { checkinItem, scoreForm, textOf } from '../fixtures';

type Input = types.InputBlock;

function inputs(view: types.ModalView): Record<string, Input> {
  return Object.fromEntries(
    view.blocks.filter((block): block is Input => block.type === 'input').map((block) => [block.block_id, block]),
  );
}

const kpi = checkinItem().kpi;
const context = { subject: 'chk-1', message: { channelId: 'C0KPI', ts: '1700000000.000100' } };

describe('score modal', () => {
  it('names its blocks after the service fields and remembers where it was opened', () => {
    const view = scoreModal(scoreForm(), context, 'submit');
    expect(view.callback_id).toBe('checkin_submit_score');
    expect(Object.keys(inputs(view))).toEqual(['value', 'comment', 'evidenceUrl']);
    expect(decodeModalContext(view.private_metadata)).toEqual(context);
    expect(textOf(view.blocks)).toContain('Target 4 h · warning at 6 h · breach at 8 h');
  });

  it('types the value input to the KPI kind', () => {
    const of = (kind: typeof kpi.kind) =>
      inputs(scoreModal(scoreForm({ kpi: { ...kpi, kind } }), context, 'submit')).value?.element;
    expect(of('number')).toMatchObject({ type: 'number_input', is_decimal_allowed: true, action_id: 'value' });
    expect(of('percent')).toMatchObject({
      type: 'number_input',
      is_decimal_allowed: true,
      min_value: '0',
      max_value: '100',
    });
    expect(of('duration')).toMatchObject({ type: 'number_input', min_value: '0' });
    expect(of('currency')).toMatchObject({ type: 'number_input' });
    expect(of('yes-no')).toMatchObject({
      type: 'radio_buttons',
      options: [
        { text: { text: 'Yes' }, value: '1' },
        { text: { text: 'No' }, value: '0' },
      ],
    });
    const rating = of('rating') as types.RadioButtons;
    expect(rating.type).toBe('radio_buttons');
    expect(rating.options.map((o) => o.value)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('requires the evidence link only when the KPI does', () => {
    expect(inputs(scoreModal(scoreForm(), context, 'submit')).evidenceUrl?.optional).toBe(true);
    const required = inputs(scoreModal(scoreForm({ kpi: { ...kpi, evidenceRequired: true } }), context, 'submit'));
    expect(required.evidenceUrl?.optional).toBe(false);
    expect(required.evidenceUrl?.element.type).toBe('url_text_input');
  });

  it('prefills a correction and asks why', () => {
    const view = scoreModal(
      scoreForm({ current: { scoreId: 's-1', value: 9, comment: 'late tickets', evidenceUrl: 'https://x.example/r' } }),
      { subject: 's-1' },
      'correct',
    );
    expect(view.callback_id).toBe('score_correct_view');
    const fields = inputs(view);
    expect(fields.value?.element).toMatchObject({ initial_value: '9' });
    expect(fields.comment?.element).toMatchObject({ initial_value: 'late tickets' });
    expect(fields.reason?.optional).toBe(false);
  });

  it('keeps Slack limits: title at most 24 characters', () => {
    const view = scoreModal(scoreForm(), context, 'submit');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(notApplicableModal(null, context).title.text.length).toBeLessThanOrEqual(24);
  });
});
