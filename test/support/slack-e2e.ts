import type { ViewStateValue } from '@slack/bolt';
import { stateValues, viewSubmissionPayload } from './slack-requests';
import { type SlackStandin, TEST_WORKSPACE } from './slack-standin';
import type { StewardUnderTest } from './steward-harness';

/** A modal as the stand-in recorded it when Steward opened it. */
export interface OpenedView {
  callback_id: string;
  private_metadata: string;
  blocks: unknown[];
}

/** Waits for the `count`-th modal Steward opened with this callback id. */
export async function openedView(standin: SlackStandin, callbackId: string, count = 1): Promise<OpenedView> {
  const call = await standin.waitFor(
    (c) => c.method === 'views.open' && (c.body.view as { callback_id?: string })?.callback_id === callbackId,
    { count },
  );
  return call.body.view as OpenedView;
}

/**
 * Submits a modal as Slack would: every input's block id and action id are its field name, and the view's
 * blocks travel back so inline errors can be mapped onto them.
 */
export function submitView(
  steward: StewardUnderTest,
  view: OpenedView,
  values: Record<string, string | ViewStateValue>,
  user: { id: string; team_id?: string },
) {
  const state = stateValues(
    Object.fromEntries(Object.entries(values).map(([block, value]) => [block, { [block]: value }])),
  );
  return steward.send(
    'interaction',
    viewSubmissionPayload({
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: state,
      user: { team_id: TEST_WORKSPACE.teamId, ...user } as never,
      view: { blocks: view.blocks as never },
    }),
  );
}

export const pick = {
  users: (...ids: string[]) => ({ type: 'multi_users_select', selected_users: ids }) as ViewStateValue,
  user: (id: string) => ({ type: 'users_select', selected_user: id }) as ViewStateValue,
  date: (date: string) => ({ type: 'datepicker', selected_date: date }) as ViewStateValue,
  checked: () =>
    ({
      type: 'checkboxes',
      selected_options: [{ text: { type: 'plain_text', text: 'yes' }, value: 'yes' }],
    }) as ViewStateValue,
  radio: (value: string) =>
    ({
      type: 'radio_buttons',
      selected_option: { text: { type: 'plain_text', text: value }, value },
    }) as ViewStateValue,
};
