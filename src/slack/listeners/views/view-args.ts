import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { StewardError } from '../../../domain/errors';
import type { Actor } from '../../../services/service-api';
import type { SlackDeps } from '../../deps';
import { decodeModalContext, type ModalContext } from '../../modal-context';

export type SubmitArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

/** The modal's remembered context; a modal without one cannot be acted on (it was not opened by Steward). */
export function modalContextOf(view: SubmitArgs['view']): ModalContext {
  const context = decodeModalContext(view.private_metadata);
  if (!context) throw new StewardError('validation', 'This form has expired. Please open it again.');
  return context;
}

/** The person submitting, placed in the channel the modal was opened from (for vendor-channel rules). */
export function submitter(deps: SlackDeps, body: ViewSubmitAction, context: ModalContext): Promise<Actor> {
  const channelId = context.message?.channelId ?? context.channelId;
  return deps.actors.fromInteraction({ user: body.user, channel: channelId ? { id: channelId } : null });
}
