import { type ChannelRateLimit, startSlackStandin } from '../test/support/slack-standin';

/**
 * The Slack stand-in in a process of its own, so its CPU is not counted as Steward's. Controlled over IPC:
 * `reset`, `rateLimit`, `stats` (accepted posts, 429s, its own CPU time), `exit`.
 */
type Command =
  | { id: number; cmd: 'reset' }
  | { id: number; cmd: 'rateLimit'; limit: ChannelRateLimit | null }
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'exit' };

async function main(): Promise<void> {
  const standin = await startSlackStandin();
  const send = (message: unknown) => process.send?.(message);
  process.on('message', async (message: Command) => {
    switch (message.cmd) {
      case 'reset':
        standin.reset();
        break;
      case 'rateLimit':
        standin.enforceChannelRateLimit(message.limit);
        break;
      case 'stats': {
        const posts = standin.accepted('chat.postMessage');
        send({
          id: message.id,
          posts: posts.length,
          rejected: standin.rejected.length,
          firstPostAt: posts[0]?.at ?? null,
          lastPostAt: posts.at(-1)?.at ?? null,
          cpu: process.cpuUsage(),
          // Web API calls and response_url posts: unchanged for a while once the app's work is done.
          activity: standin.calls.length + standin.responseCount(),
        });
        return;
      }
      case 'exit':
        await standin.close();
        send({ id: message.id });
        process.exit(0);
    }
    send({ id: message.id });
  });
  send({ ready: true, apiUrl: standin.apiUrl, baseUrl: standin.baseUrl });
}

void main();
