#!/usr/bin/env node
// tracekit's overhead harness (issue 17): the three sample services (services/), untraced, with
// tracekit's generated setup (always_on and a 10 % ratio) and with the language's zero-code agent,
// under wrk, into a local Jaeger. Reports req/s, p99, CPU µs per request (the process group's own
// CPU time), spans delivered per request, and ratios against untraced, as a markdown table and
// JSON with the machine's description. `--soak MIN` measures memory instead (soak.js).
// Usage: npm run build && npm run bench:overhead [-- --lang node --rounds 3 --duration 10 ...]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, USAGE } from './args.js';
import { startJaeger } from './jaeger.js';
import { prepareGo } from './languages/go.js';
import { prepareNode } from './languages/node.js';
import { preparePython } from './languages/python.js';
import { hasWrk } from './load.js';
import { acquireLock } from './lock.js';
import { describeMachine, tracekitSource } from './machine.js';
import { measureLanguage } from './measure.js';
import { cpuSets } from './procs.js';
import { markdownTable, summarize } from './report.js';
import { runSoak } from './soak.js';

const PREPARE = { node: prepareNode, python: preparePython, go: prepareGo };
const log = (line) => console.error(line);

/** bench/results/<date>-overhead-node20-2core.json, as the other benchmarks name theirs. */
function defaultOut(kind) {
  const date = new Date().toISOString().slice(0, 10);
  const node = `node${process.versions.node.split('.')[0]}`;
  const name = `${date}-${kind}-${node}-${os.availableParallelism()}core.json`;
  return path.join(import.meta.dirname, '..', 'results', name);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) return console.log(USAGE);
  // wrk is a distribution package: scripts/setup-test-env.sh installs it (`bash scripts/setup-test-env.sh wrk`).
  if (!hasWrk()) throw new Error('wrk not found: `bash scripts/setup-test-env.sh wrk` installs it');
  if (opts.soak) return runSoak(opts, { log, defaultOut: defaultOut('soak') });

  const cpus = cpuSets();
  const work = mkdtempSync(path.join(os.tmpdir(), 'tk-overhead-'));
  const source = tracekitSource();
  const started = Date.now();
  const jaeger = await startJaeger({ logDir: work, cpus: cpus.others });
  try {
    log(`preparing ${opts.langs.join(', ')} in ${work} (installs; not measured)`);
    const prepared = Object.fromEntries(
      await Promise.all(
        opts.langs.map(async (l) => [l, await PREPARE[l]({ work: path.join(work, l), endpoint: jaeger.otlpHttp })]),
      ),
    );
    log(`prepared in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const machine = { before: describeMachine(cpus) };
    const rows = [];
    for (const lang of opts.langs) {
      const release = await acquireLock(opts.lock);
      // The load while this language is measured (after the lock's wait), beside the run's own.
      const loadAtStart = describeMachine(cpus).loadAverage;
      try {
        log(`${lang}: ${opts.rounds} round(s) × ${opts.duration} s per config, ${opts.connections} connections`);
        const results = await measureLanguage({
          prepared: prepared[lang],
          queryUrl: jaeger.queryUrl,
          cpus,
          rounds: opts.rounds,
          seconds: opts.duration,
          connections: opts.connections,
          short: opts.short,
          logDir: work,
          log,
        });
        rows.push(...summarize(lang, prepared[lang].configs, results));
        machine[`loadAverage.${lang}`] = { start: loadAtStart, end: describeMachine(cpus).loadAverage };
      } finally {
        release();
      }
    }
    machine.after = describeMachine(cpus);
    const table = markdownTable(rows);
    console.log(table);
    const out = path.resolve(opts.out ?? defaultOut('overhead'));
    const doc = {
      date: new Date().toISOString(),
      kind: 'overhead',
      options: {
        rounds: opts.rounds,
        seconds: opts.duration,
        connections: opts.connections,
        short: opts.short,
        ...(opts.short ? { env: 'OTEL_BSP_SCHEDULE_DELAY=500 (settles sooner)' } : {}),
      },
      tracekit: source,
      loadGenerator: 'wrk (Debian package), 1 thread, POST /work with a JSON body (post.lua)',
      machine,
      seconds: Math.round((Date.now() - started) / 1000),
      results: rows,
      table,
    };
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
    log(`written to ${out}`);
  } finally {
    await jaeger.stop();
    if (opts.keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));
main().catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});
