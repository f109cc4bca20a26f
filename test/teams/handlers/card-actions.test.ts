import { StewardError } from '../../../src/domain/errors';
import { CARD_ACTION_HANDLERS } from '../../../src/teams/handlers/card-actions';
import { runCardAction } from '../../../src/teams/handlers/errors';
import { cannedCheckin } from '../../support/fake-steward-services';
import { cardText } from '../../support/teams-connector';
import { buildCardActionArgs } from './build-arguments';

const handler = (id: string) => {
  const found = CARD_ACTION_HANDLERS.get(id);
  if (!found) throw new Error(`no handler ${id}`);
  return found;
};

describe('card action handlers', () => {
  it('keeps the other check-ins of a grouped prompt when one is answered', async () => {
    const args = buildCardActionArgs(
      { action: 'checkin_submit_score', checkinId: 'chk-2', slot: 1, s1_value: '99.8', s0_value: '12' },
      { messageId: 'm-1' },
    );
    const message = { surface: 'teams' as const, channelId: args.conversation.id, messageId: 'm-1' };
    await args.deps.store.savePrompt(message, {
      items: [cannedCheckin(), cannedCheckin({ checkinId: 'chk-2' })],
      addressees: [],
    });

    const outcome = await runCardAction(handler('checkin_submit_score'), args);

    const text = 'card' in outcome ? cardText(outcome.card) : '';
    expect(text).toContain('Score (%)'); // chk-1 is still open
    expect(text).toContain('🟢 Green'); // chk-2 is answered
    const stored = await args.deps.store.promptOf(args.conversation.id, 'm-1');
    expect(stored?.items.map((item) => item.state.status)).toEqual(['open', 'answered']);
  });

  it('passes only what was typed into the slot of the clicked check-in', async () => {
    const args = buildCardActionArgs({
      action: 'checkin_submit_score',
      checkinId: 'chk-2',
      slot: 1,
      s1_value: ' 99.8 ',
      s1_comment: '',
      s0_value: '12',
    });

    await runCardAction(handler('checkin_submit_score'), args);

    expect(args.deps.services.calls[0]?.args).toEqual(['chk-2', { value: '99.8' }]);
  });

  it('refuses a card without its ids as out of date, calling no service', async () => {
    const args = buildCardActionArgs({ action: 'checkin_snooze' });

    const outcome = await runCardAction(handler('checkin_snooze'), args);

    expect(outcome).toEqual({ message: expect.stringContaining('This card is out of date') });
  });

  it('falls back to the message when a rejected escalation form cannot be drawn again', async () => {
    const args = buildCardActionArgs({ action: 'escalation_resolve', escalationId: 'esc-1', esc_resolution: 'x' });
    args.deps.services.failNext(
      'escalations.resolve',
      new StewardError('validation', 'Say how it was resolved.', { fieldErrors: { resolution: 'Too short.' } }),
    );

    expect(await runCardAction(handler('escalation_resolve'), args)).toEqual({ message: 'Say how it was resolved.' });
  });

  it('sends what was typed to resolve an escalation as the resolution the service reads', async () => {
    const args = buildCardActionArgs({
      action: 'escalation_resolve',
      escalationId: 'esc-1',
      esc_resolution: 'Switch replaced; spare kept on site',
    });

    await runCardAction(handler('escalation_resolve'), args);

    expect(args.deps.services.callsTo('escalations.resolve')[0]?.args).toEqual([
      'esc-1',
      { resolution: 'Switch replaced; spare kept on site' },
    ]);
  });
});
