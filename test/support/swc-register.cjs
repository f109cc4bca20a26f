// Runs the TypeScript sources in a child process without a build: `node -r ./test/support/swc-register.cjs src/main.ts`.
// The same compiler and settings Jest uses (@swc/jest), so a process test exercises the code under test, not a stale dist/.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
