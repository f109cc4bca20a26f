import { CardsBeingAnswered } from '../../src/teams/cards-being-answered';

/**
 * Guarantee: while a click on a card is answered, the service's update of that same card is held; dropped when
 * the answer draws the card (drawn once, no race in the client), sent when the answer is only a message (the
 * card still shows the change). Other cards are updated at once.
 */
function recorder() {
  const sent: string[] = [];
  return { sent, update: (name: string) => async () => void sent.push(name) };
}

it('drops the held update of the card the answer draws, and sends other cards’ updates at once', async () => {
  const answering = new CardsBeingAnswered();
  const { sent, update } = recorder();
  const click = answering.begin('a:chat', 'm-1');
  expect(answering.hold('a:chat', 'm-1', update('clicked card'))).toBe(true);
  expect(answering.hold('a:chat', 'm-2', update('another card'))).toBe(false);
  expect(answering.hold('19:channel;messageid=9', 'm-1', update('same id elsewhere'))).toBe(false);
  await click.end(true);
  expect(sent).toEqual([]);
  // Answered: later updates of the card go out as usual.
  expect(answering.hold('a:chat', 'm-1', update('later'))).toBe(false);
});

it('sends the held update when the answer is only a message, and knows a thread’s card by its message', async () => {
  const answering = new CardsBeingAnswered();
  const { sent, update } = recorder();
  const click = answering.begin('19:channel@thread.tacv2;messageid=1700', 'm-7');
  expect(answering.hold('19:channel@thread.tacv2', 'm-7', update('card in thread'))).toBe(true);
  await click.end(false);
  expect(sent).toEqual(['card in thread']);
});

it('leaves a second click on the same card to the first one’s answer', async () => {
  const answering = new CardsBeingAnswered();
  const { sent, update } = recorder();
  const first = answering.begin('a:chat', 'm-1');
  const second = answering.begin('a:chat', 'm-1');
  answering.hold('a:chat', 'm-1', update('from the second'));
  await second.end(true);
  expect(answering.hold('a:chat', 'm-1', update('still held'))).toBe(true);
  await first.end(false);
  expect(sent).toEqual(['from the second', 'still held']);
});
