import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_NAMES, COMMANDS } from '../../src/chat/commands';

/** The README says once, for both surfaces, what each command does: every usage of the table is in it. */
describe('the README’s command table', () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  it.each(COMMAND_NAMES)('lists %s', (name) => {
    for (const usage of COMMANDS[name].usage) expect(readme).toContain(`\`${usage.replace(/\|/g, '\\|')}\``);
  });
});
