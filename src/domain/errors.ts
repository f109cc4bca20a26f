/**
 * Errors with codes, after bolt-js `src/errors.ts`: the code is for programs and logs,
 * `userMessage` is written for the person reading it in chat (what was wrong, how to do it right).
 */
export const ERROR_CODES = [
  'validation',
  'not_found',
  'conflict',
  'forbidden',
  'invalid_transition',
  'already_answered',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class StewardError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  /** Field-level problems, keyed by input name, for inline errors in modals and cards. */
  readonly fieldErrors: Record<string, string>;

  constructor(
    code: ErrorCode,
    userMessage: string,
    options: { fieldErrors?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(userMessage, { cause: options.cause });
    this.name = 'StewardError';
    this.code = code;
    this.userMessage = userMessage;
    this.fieldErrors = options.fieldErrors ?? {};
  }
}

export function isStewardError(error: unknown): error is StewardError {
  return error instanceof StewardError;
}
