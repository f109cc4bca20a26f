/**
 * libfaketime's variables (set by `npm run test:instants`), for a service process a test spawns with an environment
 * of its own: the service then shares the test's faked clock. Empty when the suite runs at the real time.
 */
export function fakedClockEnvironment(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && (entry[0].startsWith('FAKETIME') || entry[0] === 'LD_PRELOAD' || entry[0] === 'TZ'),
    ),
  );
}
