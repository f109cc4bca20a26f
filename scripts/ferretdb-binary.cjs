#!/usr/bin/env node
// Builds the embedded FerretDB once and caches it under .cache/ferretdb/, keyed by a hash of
// its Go sources and the Go version, so it is rebuilt only when one of them changes.
// Skipped when MONGODB_URI is set and no test asks for the binary.
// CommonJS so that the TypeScript service, the jest global setup and `npm` scripts can all require it.
const { spawn, spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const sourceDir = join(root, 'scripts', 'ferretdb');
const cacheDir = join(root, '.cache', 'ferretdb');

function ferretdbBinaryPath() {
  const goVersion = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  if (goVersion.status !== 0) {
    throw new Error(
      'Go is not installed or not on PATH: the embedded database is built with Go (https://go.dev/dl/). Install Go 1.24+ or set MONGODB_URI to use an existing MongoDB.',
    );
  }
  const hash = createHash('sha256');
  hash.update(goVersion.stdout.trim());
  const goFiles = readdirSync(sourceDir)
    .filter((file) => file.endsWith('.go'))
    .sort();
  for (const file of ['go.mod', 'go.sum', ...goFiles]) hash.update(readFileSync(join(sourceDir, file)));
  return join(cacheDir, `ferretdb-${hash.digest('hex').slice(0, 16)}`);
}

async function ensureFerretdb({ quiet = false } = {}) {
  const binary = ferretdbBinaryPath();
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${binary}.partial-${process.pid}`;
  const started = Date.now();
  const say = (line) => quiet || process.stderr.write(`${line}\n`);
  say(
    'Building the embedded database (FerretDB v1.24.2 on SQLite) with Go. The first build takes a few minutes; later starts reuse it.',
  );
  const progress = setInterval(
    () => say(`  still building FerretDB... ${Math.round((Date.now() - started) / 1000)}s`),
    15_000,
  );
  try {
    await new Promise((resolvePromise, reject) => {
      const child = spawn('go', ['build', '-trimpath', '-o', partial, '.'], {
        cwd: sourceDir,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, CGO_ENABLED: '0' },
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`go build exited with ${code}`))));
    });
    // rename is atomic, so a parallel or interrupted build never leaves a half-written binary in place.
    renameSync(partial, binary);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    clearInterval(progress);
  }
  say(`Embedded database built in ${Math.round((Date.now() - started) / 1000)}s: ${binary}`);
  return binary;
}

module.exports = { ferretdbBinaryPath, ensureFerretdb };

if (require.main === module) {
  if (process.env.MONGODB_URI && !process.argv.includes('--force')) process.exit(0);
  ensureFerretdb().catch((error) => {
    process.stderr.write(`Could not build the embedded database: ${error.message}\n`);
    process.exit(1);
  });
}
