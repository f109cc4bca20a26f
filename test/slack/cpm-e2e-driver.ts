import type { ViewStateValue } from '@slack/bolt';
import type { Actor } from '../../src/services/service-api';
import { type LabelledSelect, type OpenedView, openedView, submitView } from '../support/slack-e2e';
import { blockActionPayload, blockSuggestionPayload, slashCommandBody } from '../support/slack-requests';
import { type SlackStandin, type StandinCall, TEST_WORKSPACE } from '../support/slack-standin';
import type { StewardUnderTest } from '../support/steward-harness';

/**
 * Drives Steward the way people do in Slack, for the CPM end-to-end tests: `/steward` commands whose answers
 * arrive through response_url, button clicks (their private answers too), and modal submissions. Every request
 * goes through the real Bolt receiver; the stand-in records what Steward did in Slack.
 */
export interface Person {
  id: string;
  /** The person's own workspace: ours, or the vendor's for a Slack Connect user. */
  team: string;
}

export type Values = Record<string, string | ViewStateValue>;

export function cpmDriver(steward: StewardUnderTest, standin: SlackStandin, channel: string) {
  let counter = 0;
  const nextId = (prefix: string) => {
    counter += 1;
    return `${prefix}-${counter}`;
  };

  return {
    /** Runs `/steward text` and returns its private answer as JSON text. */
    async command(text: string, who: Person, where: string = channel): Promise<string> {
      const id = nextId('cmd');
      const response = await steward.send(
        'command',
        slashCommandBody({
          text,
          channel_id: where,
          user_id: who.id,
          team_id: TEST_WORKSPACE.teamId,
          response_url: standin.responseUrl(id),
        }),
      );
      expect(response.status).toBe(200);
      return JSON.stringify(await standin.waitForResponse(id));
    },

    /** Runs a command that opens a modal, and returns the modal as Steward opened it. */
    async modalFrom(text: string, who: Person, callbackId: string, where: string = channel): Promise<OpenedView> {
      const before = standin.callsTo('views.open').length;
      const id = nextId('modal');
      await steward.send(
        'command',
        slashCommandBody({
          text,
          channel_id: where,
          user_id: who.id,
          team_id: TEST_WORKSPACE.teamId,
          response_url: standin.responseUrl(id),
        }),
      );
      const call = await standin.waitFor((c) => c.method === 'views.open', { count: before + 1 });
      expect((call.body.view as { callback_id?: string }).callback_id).toBe(callbackId);
      return call.body.view as OpenedView;
    },

    /**
     * Clicks a button. Returns the id of its response_url, for `reply(id)`; a button that opens a modal is followed
     * with `openedModal`.
     */
    async click(
      actionId: string,
      value: string,
      who: Person,
      options: { where?: string; message?: { ts: string; blocks?: unknown[]; text?: string } } = {},
    ): Promise<string> {
      const id = nextId('click');
      const where = options.where ?? channel;
      const response = await steward.send(
        'interaction',
        blockActionPayload({
          action_id: actionId,
          value,
          user: { id: who.id, team_id: who.team },
          channel: { id: where, name: where.toLowerCase() },
          response_url: standin.responseUrl(id),
          ...(options.message
            ? {
                message: options.message as never,
                container: { type: 'message', message_ts: options.message.ts, channel_id: where, is_ephemeral: false },
              }
            : {}),
        }),
      );
      expect(response.status).toBe(200);
      return id;
    },

    /**
     * Types into an external select (found with selectLabelled) as a person does: Slack asks the options load URL
     * with a signed `block_suggestion` and shows what the answer lists. Returns the options (text and value).
     */
    async suggest(
      select: LabelledSelect,
      typed: string,
      who: Person,
      where: string = channel,
    ): Promise<Array<{ text: string; value: string }>> {
      const response = await steward.send(
        'interaction',
        blockSuggestionPayload({
          action_id: select.action_id,
          block_id: select.block_id,
          value: typed,
          user: { id: who.id, team_id: who.team },
          channel: { id: where, name: where.toLowerCase() },
        }),
      );
      expect(response.status).toBe(200);
      const { options } = response.body as { options: Array<{ text: { type: string; text: string }; value: string }> };
      for (const option of options) {
        // What Slack refuses in an options answer: a text over 75 characters, a value over 150.
        expect(option.text.type).toBe('plain_text');
        expect(option.text.text.length).toBeLessThanOrEqual(75);
        expect(option.value.length).toBeLessThanOrEqual(150);
      }
      return options.map((option) => ({ text: option.text.text, value: option.value }));
    },

    /** Chooses an option in an external select (a `block_actions` with `selected_option`); returns the reply id. */
    async choose(
      select: LabelledSelect,
      option: { text: string; value: string },
      who: Person,
      where: string = channel,
    ): Promise<string> {
      const id = nextId('choose');
      const response = await steward.send(
        'interaction',
        blockActionPayload({
          action_id: select.action_id,
          block_id: select.block_id,
          action: {
            type: 'external_select',
            selected_option: { text: { type: 'plain_text', text: option.text, emoji: true }, value: option.value },
            ...(select.placeholder
              ? { placeholder: { type: 'plain_text', text: select.placeholder, emoji: true } }
              : {}),
            text: undefined,
            value: undefined,
          },
          user: { id: who.id, team_id: who.team },
          channel: { id: where, name: where.toLowerCase() },
          response_url: standin.responseUrl(id),
          container: { type: 'message', message_ts: '1700000000.000100', channel_id: where, is_ephemeral: true },
        }),
      );
      expect(response.status).toBe(200);
      return id;
    },

    /** The private answer to a click (or the error handler's words), as JSON text. */
    async reply(id: string): Promise<string> {
      return JSON.stringify(await standin.waitForResponse(id));
    },

    /** The `count`-th modal with this callback id that Steward opened (counting from the start of the test file). */
    openedModal: (callbackId: string, count = 1) => openedView(standin, callbackId, count),

    submit: (view: OpenedView, values: Values, who: Person) =>
      submitView(steward, view, values, { id: who.id, team_id: who.team }),

    /** Waits for a private confirmation (chat.postEphemeral) to this person whose text contains `text`. */
    async confirmation(who: Person, text: string): Promise<StandinCall> {
      return standin.waitFor(
        (c) => c.method === 'chat.postEphemeral' && c.body.user === who.id && String(c.body.text).includes(text),
      );
    },
  };
}

/** The actor a test uses to set things up through the services directly (what earlier Slack flows already cover). */
export function actorOf(who: Person, external = false): Actor {
  return { person: { slackUserId: who.id, slackTeamId: who.team }, surface: 'slack', external };
}

/** The modal submission's answer: Slack's `response_action: 'errors'` body, or nothing when it closed. */
export function inlineErrors(response: { body: unknown }): Record<string, string> | undefined {
  const body = response.body as { response_action?: string; errors?: Record<string, string> } | undefined;
  return body?.response_action === 'errors' ? body.errors : undefined;
}

/** A static select's state in a submission, picked as a person would. */
export function selected(value: string): ViewStateValue {
  return {
    type: 'static_select',
    selected_option: { text: { type: 'plain_text', text: value }, value },
  } as ViewStateValue;
}

/** The value and id of every button in some blocks, for finding the one to click. */
export function buttonsIn(blocks: unknown): Array<{ action_id: string; value: string; text: string }> {
  const found: Array<{ action_id: string; value: string; text: string }> = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'button' && typeof record.action_id === 'string') {
        found.push({
          action_id: record.action_id,
          value: String(record.value ?? ''),
          text: String((record.text as { text?: unknown } | undefined)?.text ?? ''),
        });
      }
      Object.values(record).forEach(visit);
    }
  };
  visit(blocks);
  return found;
}
