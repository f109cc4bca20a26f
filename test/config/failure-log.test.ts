import { Writable } from 'node:stream';
import { DeliveryFailure } from '../../src/chat/delivery-failure';
import { RepeatedFailureLog } from '../../src/failure-log';
import { createLogger } from '../../src/logger';
import { slackDeliveryFailure } from '../../src/slack/api-failures';
import { teamsDeliveryFailure } from '../../src/teams/api-failures';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger('info', sink) };
}

describe('expected platform failures in the log', () => {
  it('are one short line each, and a repeat within the hour is counted, not logged again', () => {
    const { lines, logger } = capture();
    let now = 0;
    const log = new RepeatedFailureLog(logger, () => now);
    const failure = { surface: 'slack', method: 'conversations.open', reason: 'user_not_found', target: 'U0OWNER' };
    for (let i = 0; i < 600; i += 1) log.warn(failure, 'cannot reach; not tried again for an hour');
    log.warn({ ...failure, target: 'U0OTHER' }, 'cannot reach; not tried again for an hour');
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines[0]).length).toBeLessThan(300);
    expect(lines[0]).not.toHaveProperty('err');
    expect(lines[0]).toMatchObject({ method: 'conversations.open', reason: 'user_not_found', target: 'U0OWNER' });

    now += 3_600_000;
    log.warn(failure, 'cannot reach; not tried again for an hour');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ target: 'U0OWNER', repeatedSinceLastLine: 599 });
  });
});

describe('platform errors as delivery failures', () => {
  const person = { kind: 'person' as const, id: 'U0OWNER' };
  const slackError = (error: string) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error } });

  it('tells a Slack error that will not change from one worth retrying', () => {
    for (const code of [
      'user_not_found',
      'account_inactive',
      'channel_not_found',
      'is_archived',
      'not_in_channel',
      'cannot_dm_bot',
    ]) {
      expect(slackDeliveryFailure(slackError(code), 'conversations.open', person)).toMatchObject({
        kind: 'unreachable',
        reason: code,
      });
    }
    expect(slackDeliveryFailure(slackError('internal_error'), 'chat.postMessage', person)).toMatchObject({
      kind: 'transient',
    });
    expect(
      slackDeliveryFailure({ code: 'slack_webapi_rate_limited_error', retryAfter: 30 }, 'chat.postMessage', person),
    ).toMatchObject({ kind: 'transient', reason: 'ratelimited', retryAfterMs: 30_000 });
    // Not an error of the Web API client: passed on as it is.
    const own = new Error('ours');
    expect(slackDeliveryFailure(own, 'chat.postMessage', person)).toBe(own);
  });

  it('tells a Teams 403/404 from a 429 or a 5xx', () => {
    const teams = { kind: 'person' as const, id: '00000000-0000-0000-0000-000000000001' };
    const axios = (status: number, headers: Record<string, string> = {}) => ({
      isAxiosError: true,
      response: { status, headers },
    });
    expect(teamsDeliveryFailure(axios(403), 'conversations.create', teams)).toMatchObject({
      kind: 'unreachable',
      reason: 'http_403',
    });
    expect(teamsDeliveryFailure(axios(404), 'conversations.create', teams)).toMatchObject({
      kind: 'unreachable',
      reason: 'http_404',
    });
    expect(teamsDeliveryFailure(axios(429, { 'retry-after': '7' }), 'x', teams)).toMatchObject({
      kind: 'transient',
      reason: 'ratelimited',
      retryAfterMs: 7_000,
    });
    expect(teamsDeliveryFailure(axios(502), 'x', teams)).toBeInstanceOf(DeliveryFailure);
    expect(teamsDeliveryFailure({ isAxiosError: true, code: 'ECONNREFUSED' }, 'x', teams)).toMatchObject({
      kind: 'transient',
      reason: 'ECONNREFUSED',
    });
  });
});
