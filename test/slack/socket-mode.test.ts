import { buttonLabelled, openedView, typedByLabel, viewSubmission } from '../support/slack-e2e';
import { blockActionPayload, eventEnvelope, slashCommandBody } from '../support/slack-requests';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type SocketModeStandin, startSocketModeStandin } from '../support/socket-mode-standin';
import { type StewardUnderTest, seedAvailabilityContract, startStewardWithSlack } from '../support/steward-harness';

/**
 * Slack in Socket Mode (SLACK_APP_TOKEN set): Steward opens the WebSocket itself (apps.connections.open) and
 * receives commands, clicks, modal submissions and events as envelopes it must acknowledge. The same loop as
 * over HTTP: Home, a check-in sent by command, Submit score, a wrong value refused inline (in the
 * acknowledgement's payload), a breach that updates the prompt and escalates.
 */
const OWNER = TEST_WORKSPACE.user.id;
const INTERNAL = 'C0SOCKET';
const REF = 'SOCK-2026-001';

let sockets: SocketModeStandin;
let standin: SlackStandin;
let steward: StewardUnderTest;

beforeAll(async () => {
  sockets = await startSocketModeStandin();
  standin = await startSlackStandin({
    channels: [{ id: INTERNAL, name: 'socket-ops', members: [OWNER, TEST_WORKSPACE.botUserId] }],
    socketModeUrl: () => sockets.url(),
  });
  steward = await startStewardWithSlack({
    standin,
    env: { SLACK_APP_TOKEN: 'xapp-1-A0STEWARD-socket-test', SLACK_SIGNING_SECRET: '' },
  });
  await sockets.connected();
  await seedAvailabilityContract(steward, {
    reference: REF,
    title: 'Managed network over a socket',
    channelId: INTERNAL,
    ownerId: OWNER,
    teamId: TEST_WORKSPACE.teamId,
  });
});

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
  await sockets?.close();
});

describe('Slack over Socket Mode', () => {
  it('connects with the app-level token and serves no HTTP endpoint for Slack', async () => {
    const opened = standin.callsTo('apps.connections.open');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.token).toBe('xapp-1-A0STEWARD-socket-test');
    const http = await fetch(`${steward.app.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(http.status).toBe(404);
    expect(await http.text()).toContain('Socket Mode');
  });

  it('publishes Home when the tab is opened (events_api)', async () => {
    const ack = await sockets.send('events_api', eventEnvelope());
    expect(ack.afterMs).toBeLessThan(3_000);
    const published = await standin.waitFor((c) => c.method === 'views.publish' && c.ok);
    expect(published.body.user_id).toBe(OWNER);
  });

  it('runs the check-in loop: command, Submit score, a wrong value refused inline, a breach escalated', async () => {
    const commandAck = await sockets.send(
      'slash_commands',
      slashCommandBody({
        text: `checkin ${REF}`,
        channel_id: INTERNAL,
        response_url: standin.responseUrl('socket-cmd'),
      }),
    );
    expect(commandAck.afterMs).toBeLessThan(3_000);
    const prompt = await standin.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body.channel === INTERNAL &&
        c.ok &&
        (c.body.metadata as { event_type?: string } | undefined)?.event_type === 'steward_checkin_prompt',
    );
    expect(JSON.stringify(prompt.body.blocks)).toContain('Availability');
    const ts = (prompt.response as { ts: string }).ts;
    const checkin = (await steward.app.store.checkins.listForContract(REF))[0]!;

    // The owner presses the prompt's "Submit score" button.
    await sockets.send(
      'interactive',
      blockActionPayload({
        ...buttonLabelled(prompt.body.blocks, 'Submit score'),
        user: { id: OWNER, team_id: TEST_WORKSPACE.teamId } as never,
        channel: { id: INTERNAL, name: 'socket-ops' } as never,
        container: { type: 'message', message_ts: ts, channel_id: INTERNAL, is_ephemeral: false } as never,
      }),
    );
    const view = await openedView(standin, 'checkin_submit_score');
    const submission = (score: string) =>
      viewSubmission(view, typedByLabel(view, { 'Score (%)': score }), { id: OWNER, team_id: TEST_WORKSPACE.teamId });

    // Over a socket, a modal's inline errors travel in the acknowledgement.
    const refused = await sockets.send('interactive', submission('120'));
    expect(refused.payload).toMatchObject({
      response_action: 'errors',
      errors: { value: expect.stringContaining('0 to 100') },
    });
    expect(await steward.app.store.scores.forCheckin(checkin.id)).toBeNull();

    const accepted = await sockets.send('interactive', submission('58'));
    expect(accepted.payload?.response_action).not.toBe('errors');
    await standin.waitFor(
      (c) => c.method === 'chat.update' && c.body.ts === ts && JSON.stringify(c.body).includes('58%'),
    );
    const escalation = await standin.waitFor(
      (c) => c.method === 'chat.postMessage' && c.ok && JSON.stringify(c.body).includes('escalation_acknowledge'),
    );
    expect(JSON.stringify(escalation.body)).toContain('58%');
    expect(await steward.app.store.scores.forCheckin(checkin.id)).toMatchObject({ value: 58, rag: 'red' });
    expect(sockets.connections).toBe(1);
  });
});
