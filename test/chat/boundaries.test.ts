import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** src/chat is what both surfaces and the services share: it may use the domain, and nothing above it. */
describe('src/chat imports', () => {
  const dir = join(__dirname, '../../src/chat');
  it.each(readdirSync(dir).filter((file) => file.endsWith('.ts')))('%s imports only the domain and itself', (file) => {
    const imports = [...readFileSync(join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    for (const path of imports) expect(path).toMatch(/^(\.\/|\.\.\/domain\/)/);
  });
});
