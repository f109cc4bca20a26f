import pino, { type Logger } from 'pino';

/** Paths pino blanks out wherever they appear in a log object: tokens, secrets and credentials. */
export const REDACTED_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'clientSecret',
  'password',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.clientSecret',
  '*.password',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers["x-slack-signature"]',
];

/** JSON lines for machines, or the same records printed readably for a person at a terminal. */
export function createLogger(level: string, destination?: pino.DestinationStream, pretty = false): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'steward' },
  };
  if (pretty && !destination) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } },
    });
  }
  return pino(options, destination);
}

/** A MongoDB URI fit for logs: the password never appears. */
export function redactUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)([^@/]*)@/, (_match, scheme: string, credentials: string) => {
    const user = credentials.split(':')[0];
    return `${scheme}${user}:[redacted]@`;
  });
}

export type { Logger };
