#!/usr/bin/env node
/**
 * Builds the Teams app package a Teams admin uploads: manifests/teams/steward-teams.zip holding
 * manifest.json (with ${VARIABLES} filled in from the environment), color.png and outline.png at its root.
 * Only node: modules, no zip binary: a minimal ZIP writer (deflate via node:zlib, CRC-32 via zlib.crc32).
 *
 *   TEAMS_CLIENT_ID=<Entra app (bot) id> STEWARD_PUBLIC_HOSTNAME=steward.example.com \
 *   STEWARD_DEVELOPER_NAME="Example Ltd" node scripts/package-teams-app.mjs
 *
 * STEWARD_VERSION defaults to package.json's version. Every variable the manifest names must be set;
 * the script lists all missing ones at once and writes nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const teamsDir = join(root, 'manifests', 'teams');
const outFile = resolve(process.env.STEWARD_TEAMS_PACKAGE ?? join(teamsDir, 'steward-teams.zip'));

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CHECKS = {
  TEAMS_CLIENT_ID: (v) => GUID.test(v) || 'must be the Entra application (client) id, a GUID',
  STEWARD_PUBLIC_HOSTNAME: (v) =>
    /^[a-z0-9.-]+$/i.test(v) || 'must be a bare host name such as steward.example.com (no scheme, no path)',
  STEWARD_VERSION: (v) => /^\d+\.\d+\.\d+$/.test(v) || 'must be MAJOR.MINOR.PATCH',
};

const env = { ...process.env };
env.STEWARD_VERSION ??= JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

const template = readFileSync(join(teamsDir, 'manifest.json'), 'utf8');
const names = [...new Set([...template.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]))];
const problems = [];
for (const name of names) {
  const value = env[name]?.trim();
  if (!value) problems.push(`${name} is required`);
  else {
    const verdict = CHECKS[name]?.(value);
    if (typeof verdict === 'string') problems.push(`${name} ${verdict}`);
  }
}
if (problems.length > 0) {
  console.error(`Cannot package the Teams app:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
// Values are JSON-escaped so a quote in a developer name cannot break the manifest.
const manifest = template.replace(/\$\{([A-Z0-9_]+)\}/g, (_m, name) => JSON.stringify(env[name].trim()).slice(1, -1));
JSON.parse(manifest);

writeFileSync(
  outFile,
  zip([
    { name: 'manifest.json', data: Buffer.from(manifest, 'utf8') },
    { name: 'color.png', data: readFileSync(join(teamsDir, 'color.png')) },
    { name: 'outline.png', data: readFileSync(join(teamsDir, 'outline.png')) },
  ]),
);
console.log(`Wrote ${outFile}`);

/** ZIP (PKWARE APPNOTE 4.3): local headers with deflated data, a central directory, the end record. */
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  // A fixed timestamp (1980-01-01 00:00) keeps the package byte-identical for identical inputs.
  const time = 0;
  const date = (0 << 9) | (1 << 5) | 1;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const compressed = deflateRawSync(file.data, { level: 9 });
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
