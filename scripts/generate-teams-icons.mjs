#!/usr/bin/env node
/**
 * Draws Steward's Teams app icons with nothing but node:zlib, so they can be regenerated anywhere:
 *   color.png   192×192, full colour: a white check mark in a ring on Steward green
 *   outline.png  32×32, white on transparent, as Teams requires for the outline icon
 * https://learn.microsoft.com/en-us/microsoftteams/platform/concepts/build-and-test/apps-package#app-icons
 *
 * Usage: node scripts/generate-teams-icons.mjs [output directory, default manifests/teams]
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const GREEN = [0x1f, 0x6f, 0x5c];
const WHITE = [0xff, 0xff, 0xff];

/** Coverage of the mark at (x, y) in a unit square: a ring and a check mark, with 4×4 supersampling for smooth edges. */
function markCoverage(size, px, py, { ring }) {
  let hits = 0;
  for (let sy = 0; sy < 4; sy += 1) {
    for (let sx = 0; sx < 4; sx += 1) {
      const x = (px + (sx + 0.5) / 4) / size;
      const y = (py + (sy + 0.5) / 4) / size;
      const r = Math.hypot(x - 0.5, y - 0.5);
      const inRing = ring && r > 0.36 && r < 0.43;
      const stroke = 0.055;
      const inCheck =
        distanceToSegment(x, y, 0.31, 0.52, 0.45, 0.65) < stroke ||
        distanceToSegment(x, y, 0.45, 0.65, 0.7, 0.36) < stroke;
      if (inRing || inCheck) hits += 1;
    }
  }
  return hits / 16;
}

function distanceToSegment(x, y, x1, y1, x2, y2) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

function colorIcon(size) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const a = markCoverage(size, x, y, { ring: true });
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c += 1) rgba[i + c] = Math.round(GREEN[c] * (1 - a) + WHITE[c] * a);
      rgba[i + 3] = 0xff;
    }
  }
  return png(size, rgba);
}

function outlineIcon(size) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const a = markCoverage(size, x, y, { ring: true });
      const i = (y * size + x) * 4;
      rgba.fill(0xff, i, i + 3);
      rgba[i + 3] = Math.round(a * 255);
    }
  }
  return png(size, rgba);
}

/** A PNG: signature, IHDR (8-bit RGBA), one IDAT with every row prefixed by filter 0, IEND. */
function png(size, rgba) {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

const out = resolve(process.argv[2] ?? 'manifests/teams');
writeFileSync(join(out, 'color.png'), colorIcon(192));
writeFileSync(join(out, 'outline.png'), outlineIcon(32));
console.log(`Wrote ${join(out, 'color.png')} and ${join(out, 'outline.png')}`);
