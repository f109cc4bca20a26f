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
 * A modal's submission as Slack sends it: every input's block id and action id are its field name, and the
 * view's blocks travel back so inline errors can be mapped onto them.
 */
export function viewSubmission(
  view: OpenedView,
  values: Record<string, string | ViewStateValue>,
  user: { id: string; team_id?: string },
) {
  const state = stateValues(
    Object.fromEntries(Object.entries(values).map(([block, value]) => [block, { [block]: value }])),
  );
  return viewSubmissionPayload({
    callback_id: view.callback_id,
    private_metadata: view.private_metadata,
    values: state,
    user: { team_id: TEST_WORKSPACE.teamId, ...user } as never,
    view: { blocks: view.blocks as never },
  });
}

/** Submits a modal over HTTP, as Slack would (see viewSubmission). */
export function submitView(
  steward: StewardUnderTest,
  view: OpenedView,
  values: Record<string, string | ViewStateValue>,
  user: { id: string; team_id?: string },
) {
  return steward.send('interaction', viewSubmission(view, values, user));
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

interface BlockButton {
  type: 'button';
  text: { text: string };
  action_id: string;
  value?: string;
}

/** Every button in a message's blocks, in order. */
export function buttonsIn(node: unknown): BlockButton[] {
  if (Array.isArray(node)) return node.flatMap(buttonsIn);
  if (!node || typeof node !== 'object') return [];
  const candidate = node as Partial<BlockButton>;
  if (candidate.type === 'button' && candidate.text) return [candidate as BlockButton];
  return Object.values(node).flatMap(buttonsIn);
}

/** The button a person would press: found by the words on it, as Slack shows them, in a message's blocks. */
export function buttonLabelled(blocks: unknown, text: string): { action_id: string; value: string } {
  const buttons = buttonsIn(blocks);
  const found = buttons.filter((button) => button.text.text === text);
  if (found.length !== 1) {
    const labels = buttons.map((button) => button.text.text).join(', ');
    throw new Error(`expected one "${text}" button, found ${found.length}; the buttons are: ${labels}`);
  }
  return { action_id: found[0]!.action_id, value: found[0]!.value ?? '' };
}

/** What a person types into a modal, keyed by the labels they read: turned into the values Slack submits. */
export function typedByLabel(
  view: OpenedView,
  typed: Record<string, string | ViewStateValue>,
): Record<string, string | ViewStateValue> {
  const inputs = (view.blocks as Array<{ type?: string; block_id?: string; label?: { text?: string } }>).filter(
    (block) => block.type === 'input',
  );
  return Object.fromEntries(
    Object.entries(typed).map(([label, value]) => {
      const block = inputs.find((input) => input.label?.text === label);
      if (!block?.block_id) {
        throw new Error(`no field labelled "${label}"; the fields are: ${inputs.map((i) => i.label?.text).join(', ')}`);
      }
      return [block.block_id, value];
    }),
  );
}

/** An external select as a person finds it: by the label above it, in a message's or a modal's blocks. */
export interface LabelledSelect {
  block_id: string;
  action_id: string;
  placeholder?: string;
  min_query_length?: number;
}

export function selectLabelled(blocks: unknown, label: string): LabelledSelect {
  const inputs = (
    blocks as Array<{ type?: string; block_id?: string; label?: { text?: string }; element?: unknown }>
  ).filter((block) => block.type === 'input');
  const found = inputs.filter((input) => input.label?.text === label);
  if (found.length !== 1 || !found[0]?.block_id) {
    throw new Error(
      `expected one field labelled "${label}"; the fields are: ${inputs.map((i) => i.label?.text).join(', ')}`,
    );
  }
  const element = found[0].element as {
    type?: string;
    action_id?: string;
    placeholder?: { text?: string };
    min_query_length?: number;
  };
  if (element.type !== 'external_select' || !element.action_id) {
    throw new Error(`the field "${label}" is a ${element.type}, not an external select`);
  }
  return {
    block_id: found[0].block_id,
    action_id: element.action_id,
    ...(element.placeholder?.text ? { placeholder: element.placeholder.text } : {}),
    ...(element.min_query_length === undefined ? {} : { min_query_length: element.min_query_length }),
  };
}
