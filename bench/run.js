#!/usr/bin/env node
// Benchmarks of the built CLI: start-up and `init --dry-run` on the detection fixtures.
// Usage: npm run build && node bench/run.js [--runs N] [--out bench/results/<name>.json]
// Prints median, p90 and min wall time per case; tests never assert on these numbers.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'tracekit.js');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 15) || 15;
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;

const copies = [];
function fixture(name) {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'tk-bench-'));
  copies.push(parent);
  const dir = path.join(parent, name);
  cpSync(path.join(root, 'test', 'fixtures', 'detect', name), dir, { recursive: true });
  return dir;
}

const cases = [
  { name: 'cli --version (start-up)', argv: ['--version'], cwd: root },
  { name: 'init --help (lazy command load)', argv: ['init', '--help'], cwd: root },
  ...['node-ts-esm', 'python-poetry', 'go-grpc'].map((f) => ({
    name: `init --dry-run ${f}`,
    argv: ['init', '--dry-run', '--yes', '--no-install'],
    cwd: fixture(f),
  })),
];

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { runs: s.length, minMs: +s[0].toFixed(1), medianMs: +at(0.5).toFixed(1), p90Ms: +at(0.9).toFixed(1) };
};

const results = [];
for (const c of cases) {
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    try {
      execFileSync(process.execPath, [cli, ...c.argv], {
        cwd: c.cwd,
        stdio: 'ignore',
        env: { ...process.env, CI: '1' },
      });
    } catch (err) {
      console.error(`${c.name}: exited with ${err.status}`);
    }
    if (i >= 2) times.push(performance.now() - t0); // two warm-up runs fill the OS file cache
  }
  const r = { case: c.name, ...stats(times) };
  results.push(r);
  console.log(
    `${r.case.padEnd(36)} median ${String(r.medianMs).padStart(7)} ms   ` +
      `p90 ${String(r.p90Ms).padStart(7)} ms   min ${String(r.minMs).padStart(7)} ms`,
  );
}

if (out) {
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const doc = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    results,
  };
  writeFileSync(path.resolve(out), `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

for (const dir of copies) rmSync(dir, { recursive: true, force: true });
