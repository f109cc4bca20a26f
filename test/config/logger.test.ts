import { Writable } from 'node:stream';
import { createLogger, redactUri } from '../../src/logger';

describe('logs', () => {
  it('never print tokens, secrets or database passwords', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info(
      { slack: { botToken: 'xoxb-very-secret', signingSecret: 'sig-secret' }, clientSecret: 'teams-secret' },
      'boot',
    );
    logger.info({ database: redactUri('mongodb+srv://steward:hunter2@cluster0.example.net/steward') }, 'db');
    const output = lines.join('');
    expect(output).not.toMatch(/xoxb-very-secret|sig-secret|teams-secret|hunter2/);
    expect(output).toContain('steward:[redacted]@cluster0.example.net');
  });
});
