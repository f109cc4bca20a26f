import type { AckFn, ViewOutput, ViewResponseAction, webApi } from '@slack/bolt';
import { isStewardError } from '../domain/errors';
import type { ModalView } from './blocks/kit';
import { loadingModal, messageModal } from './blocks/notices';
import type { SlackDeps } from './deps';
import { APOLOGY, logFailure, originalError, tellUser, userMessageOf } from './errors';
import { inputBlockIds, toBlockErrors } from './view-state';

type Settled<T> = { state: 'done'; value: T } | { state: 'failed'; error: unknown } | { state: 'pending' };

/** Waits for a promise at most `ms` (wall time: Slack's deadlines are real seconds, not domain time). */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'pending' }), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (value): Settled<T> => ({ state: 'done', value }),
        (error: unknown): Settled<T> => ({ state: 'failed', error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens a modal with a trigger_id, which Slack accepts once and only within 3 s of the click
 * (https://docs.slack.dev/interactivity/handling-user-interaction#modals). When building the modal needs the
 * service and the service is fast, the finished modal opens directly; when it is slow, a "one moment" modal
 * takes the trigger while it is still valid and is replaced by the real one (or by the error) afterwards.
 * An error before anything opened is thrown, so the global error handler answers ephemerally.
 */
export async function openModal(options: {
  client: webApi.WebClient;
  triggerId: string;
  title: string;
  deps: SlackDeps;
  build: () => Promise<ModalView>;
}): Promise<void> {
  const { client, triggerId, title, deps } = options;
  const building = options.build();
  const first = await settleWithin(building, deps.timing.modalBudgetMs);
  if (first.state === 'done') {
    await client.views.open({ trigger_id: triggerId, view: first.value });
    return;
  }
  if (first.state === 'failed') throw first.error;
  building.catch(() => undefined); // handled below; keeps the rejection from going unhandled meanwhile
  const opened = await client.views.open({ trigger_id: triggerId, view: loadingModal(title) });
  const viewId = opened.view?.id;
  let view: ModalView;
  try {
    view = await building;
  } catch (error) {
    logFailure(deps.logger, error, { modal: title });
    view = messageModal(title, userMessageOf(error));
  }
  if (viewId) await client.views.update({ view_id: viewId, view });
}

/**
 * Runs a view submission against the service within Slack's 3 s window
 * (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission):
 * - validation errors go back as `response_action: 'errors'` next to the fields (the modal stays open);
 * - other refusals show on the first input, so the person keeps what they typed and reads why;
 * - success closes the modal, then `after` updates messages (its failures are logged, never shown as a failed save);
 * - a slow service closes the modal at the deadline and the outcome arrives as a private message.
 */
export async function submitModal<T>(options: {
  ack: AckFn<ViewResponseAction | undefined> | AckFn<ViewResponseAction>;
  view: ViewOutput;
  body: unknown;
  client: webApi.WebClient;
  deps: SlackDeps;
  run: () => Promise<T>;
  alias?: (key: string) => string | undefined;
  after?: (result: T) => Promise<void>;
  /** Said privately when the result arrived after the modal had to close. */
  lateMessage: (result: T) => string;
}): Promise<void> {
  const { view, body, client, deps } = options;
  const ack = options.ack as AckFn<ViewResponseAction | undefined>;
  const running = options.run();
  const first = await settleWithin(running, deps.timing.submitBudgetMs);

  const runAfter = async (result: T) => {
    if (!options.after) return;
    try {
      await options.after(result);
    } catch (error) {
      deps.logger.warn({ err: error, callbackId: view.callback_id }, 'saved, but updating Slack afterwards failed');
    }
  };

  if (first.state === 'done') {
    await ack();
    await runAfter(first.value);
    return;
  }
  if (first.state === 'failed') {
    const errors = errorsFor(first.error, view, options.alias);
    logFailure(deps.logger, first.error, { callbackId: view.callback_id });
    if (errors) {
      await ack({ response_action: 'errors', errors });
    } else {
      await ack();
      await tellUser(client, body, userMessageOf(first.error), deps.logger);
    }
    return;
  }

  running.catch(() => undefined);
  await ack();
  try {
    const result = await running;
    await runAfter(result);
    await tellUser(client, body, options.lateMessage(result), deps.logger);
  } catch (error) {
    logFailure(deps.logger, error, { callbackId: view.callback_id, late: true });
    await tellUser(client, body, `${userMessageOf(error)} Nothing was saved; please open the form again.`, deps.logger);
  }
}

/** The `errors` object for a failed submission, or null when the view has no input to show it on. */
export function errorsFor(
  error: unknown,
  view: Pick<ViewOutput, 'blocks'>,
  alias?: (key: string) => string | undefined,
): Record<string, string> | null {
  const blockIds = inputBlockIds(view);
  const first = blockIds[0];
  if (!first) return null;
  const original = originalError(error);
  if (isStewardError(original)) {
    if (original.code === 'validation' && Object.keys(original.fieldErrors).length > 0) {
      return toBlockErrors(original.fieldErrors, blockIds, alias);
    }
    return { [first]: original.userMessage.slice(0, 300) };
  }
  return { [first]: APOLOGY };
}
