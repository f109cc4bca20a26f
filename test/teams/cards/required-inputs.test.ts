import { actionSet, adaptiveCard, type CardElement, execute } from '../../../src/teams/cards/adaptive-card';
import { nodes } from './card-assertions';

/**
 * Teams checks every required input of a card before any button that sends inputs, hidden forms included. A
 * required input therefore stops every other such button on its card without a word (seen in the Agents
 * Playground: "Add corrective action" did nothing while the hidden resolution was empty). A card with one
 * form keeps Teams' own check; a card with two loses it, and the service asks under the input instead.
 */
const reasonInput = {
  type: 'Input.Text',
  id: 'reason',
  label: 'Reason',
  isRequired: true,
  errorMessage: 'Say why.',
} as const;
const scoreInput = { type: 'Input.Number', id: 'value', label: 'Score', isRequired: true } as const;
const required = (card: ReturnType<typeof adaptiveCard>) =>
  nodes(card)
    .filter((node) => node.isRequired === true)
    .map((node) => node.id);

it('keeps required inputs on a card whose only input-sending button is its form’s own', () => {
  const card = adaptiveCard([
    scoreInput as CardElement,
    actionSet([
      execute('Save', { action: 'save' }),
      execute('Cancel', { action: 'cancel' }, undefined, { associatedInputs: 'none' }),
    ]),
  ]);
  expect(required(card)).toEqual(['value']);
});

it('marks nothing required on a card where two buttons send inputs, wherever the inputs sit', () => {
  const card = adaptiveCard([
    scoreInput as CardElement,
    actionSet([execute('Submit score', { action: 'submit' })]),
    {
      type: 'Container',
      id: 'na',
      isVisible: false,
      items: [reasonInput as CardElement, actionSet([execute('Mark', { action: 'na' })])],
    },
  ]);
  expect(required(card)).toEqual([]);
  // Only the flag goes: what the input says and holds stays.
  expect(nodes(card).find((node) => node.id === 'reason')).toMatchObject({ label: 'Reason', errorMessage: 'Say why.' });
  // The card given is not changed behind its builder's back.
  expect(reasonInput.isRequired).toBe(true);
});
