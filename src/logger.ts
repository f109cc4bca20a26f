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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'steward' } },
    destination,
  );
}

/** A MongoDB URI fit for logs: the password never appears. */
export function redactUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)([^@/]*)@/, (_match, scheme: string, credentials: string) => {
    const user = credentials.split(':')[0];
    return `${scheme}${user}:[redacted]@`;
  });
}

export type { Logger };
