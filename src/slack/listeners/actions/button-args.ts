import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { StewardError } from '../../../domain/errors';

export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** The id a button carries (check-in, score or escalation); buttons Steward rendered always have one. */
export function buttonValue(action: ButtonAction): string {
  // A value that is not text came from a hand-made payload, never from a button Steward rendered.
  if (typeof action.value !== 'string' || action.value === '')
    throw new StewardError('validation', 'That button has lost what it was for. Please use a fresh message.');
  return action.value;
}

/** Pressed in the App Home tab rather than on a message. */
export function fromHome(body: BlockAction): boolean {
  return body.view?.type === 'home' || body.container?.type === 'view';
}
