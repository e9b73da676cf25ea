#!/usr/bin/env node
// Lines stay within 120 characters (DESIGN.md). Biome wraps code but not long string literals
// or comments, so this check fails on any line it left over that limit, naming file and line.
// Templates are not checked: one template line holds the Handlebars conditionals of several
// outputs (a TypeScript signature and its JavaScript twin), so its length says little.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const LIMIT = 120;
const ROOTS = ['src', 'test', 'bench', 'scripts'];
const SKIP = new Set(['node_modules', 'fixtures', 'results', 'dist']);
const EXTENSIONS = /\.(ts|js|mjs)$/;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (EXTENSIONS.test(entry.name)) yield full;
  }
}

const long = [];
for (const root of ROOTS) {
  for (const file of files(root)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.length > LIMIT) long.push(`${file}:${i + 1}: ${line.length} characters`);
      });
  }
}
if (long.length) {
  console.error(`${long.length} line(s) over ${LIMIT} characters:\n${long.join('\n')}`);
  process.exit(1);
}
