import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { LISTED_COMMANDS } from '../../src/chat/commands';

const TEAMS_DIR = join(__dirname, '../../manifests/teams');
const template = readFileSync(join(TEAMS_DIR, 'manifest.json'), 'utf8');
const manifest = JSON.parse(template) as {
  manifestVersion: string;
  name: { short: string; full: string };
  description: { short: string; full: string };
  bots: Array<{ scopes: string[]; commandLists: Array<{ commands: Array<{ title: string; description: string }> }> }>;
};

describe('the Teams app manifest', () => {
  it('declares a bot for personal chats, teams and group chats, with schema 1.17', () => {
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.bots[0]?.scopes).toEqual(['personal', 'team', 'groupChat']);
  });

  it('lists the same commands as "steward help", within Teams’ length limits', () => {
    const commands = manifest.bots[0]?.commandLists[0]?.commands ?? [];
    expect(commands.map((c) => c.title)).toEqual(LISTED_COMMANDS);
    for (const command of commands) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
    }
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
  });

  it('ships a 192×192 colour icon and a 32×32 outline icon', () => {
    const size = (file: string) => {
      const png = readFileSync(join(TEAMS_DIR, file));
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      return [png.readUInt32BE(16), png.readUInt32BE(20)];
    };
    expect(size('color.png')).toEqual([192, 192]);
    expect(size('outline.png')).toEqual([32, 32]);
  });
});

describe('scripts/package-teams-app.mjs', () => {
  const script = join(__dirname, '../../scripts/package-teams-app.mjs');

  it('zips the filled-in manifest and both icons', () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-teams-package-'));
    try {
      const out = join(dir, 'steward-teams.zip');
      execFileSync(process.execPath, [script], {
        env: {
          PATH: process.env.PATH,
          TEAMS_CLIENT_ID: '00000000-1111-2222-3333-444444444444',
          STEWARD_PUBLIC_HOSTNAME: 'steward.example.com',
          STEWARD_DEVELOPER_NAME: 'Example "Contracts" Ltd',
          STEWARD_TEAMS_PACKAGE: out,
        },
      });
      const files = unzip(readFileSync(out));
      expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
      const packaged = JSON.parse(files.get('manifest.json')!.toString('utf8'));
      expect(packaged.id).toBe('00000000-1111-2222-3333-444444444444');
      expect(packaged.bots[0].botId).toBe('00000000-1111-2222-3333-444444444444');
      expect(packaged.webApplicationInfo).toEqual({
        id: '00000000-1111-2222-3333-444444444444',
        resource: 'api://botid-00000000-1111-2222-3333-444444444444',
      });
      expect(packaged.validDomains).toEqual(['steward.example.com']);
      expect(packaged.developer.name).toBe('Example "Contracts" Ltd');
      expect(packaged.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(files.get('color.png')).toEqual(readFileSync(join(TEAMS_DIR, 'color.png')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every missing or malformed variable and writes nothing', () => {
    let stderr = '';
    try {
      execFileSync(process.execPath, [script], {
        env: { PATH: process.env.PATH, TEAMS_CLIENT_ID: 'not-a-guid', STEWARD_TEAMS_PACKAGE: '/nonexistent/x.zip' },
        stdio: 'pipe',
      });
    } catch (error) {
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(stderr).toContain('TEAMS_CLIENT_ID must be the Entra application (client) id');
    expect(stderr).toContain('STEWARD_PUBLIC_HOSTNAME is required');
    expect(stderr).toContain('STEWARD_DEVELOPER_NAME is required');
  });
});

/** Reads a ZIP through its central directory, checking each entry's CRC-32 as unzip would. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const raw = zip.subarray(dataAt, dataAt + compressedSize);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    expect(crc32(data)).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
