#!/usr/bin/env node
// tracekit's own speed (issue 17): `node -e 0`, `tracekit --help` and `tracekit doctor` against a
// local Jaeger this script starts and stops, run in turn round after round (so a change in the
// machine's load touches every case alike), with median, min and max wall time and each median's
// ratio to `node -e 0`'s. doctor's own clock (the report's durationMs) is kept beside its wall time.
// Usage: npm run build && node bench/cli-speed.js [--runs N] [--out FILE]
// Writes bench/results/<date>-cli-speed-<node>-<cores>core.json unless --out names another file.
// Tests never assert on these numbers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startJaeger } from './overhead/jaeger.js';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'bin', 'tracekit.js');
const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(flag('--runs') ?? 15) || 15;
const WARM_UP = 2;

const machine = () => ({
  cpu: os.cpus()[0]?.model,
  cores: os.availableParallelism(),
  memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
  platform: `${os.platform()} ${os.release()}`,
  node: process.version,
  loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
});

/** Runs one case; returns its wall time, and doctor's own clock when it printed a report. */
function time(c) {
  const t0 = performance.now();
  let stdout = '';
  let exitCode = 0;
  try {
    stdout = execFileSync(process.execPath, c.argv, {
      cwd: c.cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, CI: '1', FORCE_COLOR: '0' },
    });
  } catch (err) {
    exitCode = err.status ?? -1;
    stdout = String(err.stdout ?? '');
  }
  const wallMs = performance.now() - t0;
  // A failed doctor is not a fast doctor: the run stops rather than time a wrong verdict.
  if (exitCode !== 0) throw new Error(`${c.name} exited with ${exitCode}:\n${stdout.slice(0, 2000)}`);
  return { wallMs, ownMs: c.ownClock ? JSON.parse(stdout).durationMs : undefined };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { medianMs: +median.toFixed(1), minMs: +s[0].toFixed(1), maxMs: +s.at(-1).toFixed(1) };
};

const work = mkdtempSync(path.join(os.tmpdir(), 'tk-cli-speed-'));
const jaeger = await startJaeger({ logDir: work, cpus: undefined });
try {
  // An empty folder: no tracekit.yaml, the flags say where Jaeger is (as the e2e tests run doctor).
  const cwd = mkdtempSync(path.join(work, 'service-'));
  const doctorFlags = [
    ...['--backend', 'jaeger', '--protocol', 'http', '--endpoint', jaeger.otlpHttp],
    ...['--query-url', jaeger.queryUrl, '--health-url', jaeger.healthUrl, '--json'],
  ];
  const cases = [
    { name: 'node -e 0', argv: ['-e', '0'], cwd },
    { name: 'tracekit --help', argv: [cli, '--help'], cwd },
    { name: 'tracekit doctor (local Jaeger)', argv: [cli, 'doctor', ...doctorFlags], cwd, ownClock: true },
  ];
  const before = machine();
  const samples = cases.map(() => ({ wall: [], own: [] }));
  for (let round = 0; round < runs + WARM_UP; round++) {
    for (const [i, c] of cases.entries()) {
      const t = time(c);
      if (round < WARM_UP) continue; // the first rounds fill the OS file cache
      samples[i].wall.push(t.wallMs);
      if (t.ownMs !== undefined) samples[i].own.push(t.ownMs);
    }
  }
  const base = stats(samples[0].wall).medianMs;
  const results = cases.map((c, i) => {
    const wall = stats(samples[i].wall);
    return {
      case: c.name,
      runs: samples[i].wall.length,
      ...wall,
      ratioToNode: +(wall.medianMs / base).toFixed(2),
      ...(samples[i].own.length ? { ownClock: stats(samples[i].own) } : {}),
    };
  });
  for (const r of results) {
    const own = r.ownClock ? `   own clock median ${r.ownClock.medianMs} ms` : '';
    console.log(
      `${r.case.padEnd(32)} median ${String(r.medianMs).padStart(7)} ms   min ${String(r.minMs).padStart(7)} ms   ` +
        `max ${String(r.maxMs).padStart(7)} ms   ${String(r.ratioToNode).padStart(5)}x node -e 0${own}`,
    );
  }
  const after = machine();
  console.log(`load average before ${before.loadAverage.join(' ')}, after ${after.loadAverage.join(' ')}`);
  const day = new Date().toISOString().slice(0, 10);
  const major = process.versions.node.split('.')[0];
  const out = flag('--out') ?? path.join('bench', 'results', `${day}-cli-speed-node${major}-${before.cores}core.json`);
  mkdirSync(path.dirname(path.resolve(root, out)), { recursive: true });
  const doc = {
    date: new Date().toISOString(),
    machine: { ...before, loadAverage: { before: before.loadAverage, after: after.loadAverage } },
    warmUpRounds: WARM_UP,
    results,
  };
  writeFileSync(path.resolve(root, out), `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`wrote ${out}`);
} finally {
  await jaeger.stop();
  rmSync(work, { recursive: true, force: true });
}
