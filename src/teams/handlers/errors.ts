import { isStewardError } from '../../domain/errors';
import type { Logger } from '../../logger';
import { adaptiveCard, errorBanner } from '../cards/adaptive-card';
import type { CardActionArgs, CardActionHandler, CardActionOutcome, Reply } from './types';

/**
 * The one place where errors become what the person sees (bolt-js habit): a StewardError carries a
 * message written for chat; anything else is our fault, logged with its stack, and answered politely.
 */
const INTERNAL = 'Something went wrong on our side and nothing was changed. Please try again in a minute.';

export function replyForError(error: unknown, logger: Logger, what: string): Reply {
  if (isStewardError(error)) return { card: adaptiveCard([errorBanner(error.userMessage)]) };
  logger.error({ err: error, what }, 'Teams command failed');
  return { card: adaptiveCard([errorBanner(INTERNAL)]) };
}

export async function runCardAction(handler: CardActionHandler, args: CardActionArgs): Promise<CardActionOutcome> {
  try {
    return await handler.run(args);
  } catch (error) {
    if (isStewardError(error)) {
      if (error.code === 'validation' && handler.onValidationError) {
        try {
          return await handler.onValidationError(args, error);
        } catch (renderError) {
          args.deps.logger.warn({ err: renderError, action: handler.id }, 'could not re-render a rejected form');
          return { message: error.userMessage };
        }
      }
      return { message: error.userMessage };
    }
    args.deps.logger.error({ err: error, action: handler.id }, 'Teams card action failed');
    return { message: INTERNAL };
  }
}
