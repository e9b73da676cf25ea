// Soak mode (`--soak MIN`): tracekit's always_on setup and the untraced service side by side under
// steady wrk load for MIN minutes, resident memory of each process group every 10 s. Traced RSS
// must level off: its growth over the last half of the run (a least-squares line through those
// samples) under 2 % of its level there. `--backend-down` exports to a port where nothing listens:
// spans pile up to the export queue's bound (read from the generated code) and no further.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startJaeger } from './jaeger.js';
import { prepareGo } from './languages/go.js';
import { prepareNode } from './languages/node.js';
import { preparePython } from './languages/python.js';
import { runWrk } from './load.js';
import { describeMachine, tracekitSource } from './machine.js';
import { cpuSets, groupRssKiB, startProcess } from './procs.js';

const PREPARE = { node: prepareNode, python: preparePython, go: prepareGo };
const SAMPLE_MS = 10_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Growth of the last half's least-squares line over that half, as a fraction of its mean. */
export function lastHalfGrowth(samples) {
  const half = samples.slice(Math.floor(samples.length / 2));
  const n = half.length;
  if (n < 3) return undefined;
  const xs = half.map((s) => s.t);
  const ys = half.map((s) => s.kib);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return { levelKiB: Math.round(my), growth: +((slope * (xs[n - 1] - xs[0])) / my).toFixed(4) };
}

/** The generated setup's export queue bound (its MAX_QUEUE_SIZE default), read from its files. */
function queueBound(dir) {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && !['node_modules', '.venv'].includes(e.name)) walk(path.join(d, e.name));
      else if (/^tracing\.(js|py)$|^export\.go$/.test(e.name)) files.push(path.join(d, e.name));
    }
  };
  walk(dir);
  for (const f of files) {
    const m = /(?:MAX_QUEUE_SIZE|defaultMaxQueueSize)\s*=[^\n]*?(\d{3,})/.exec(readFileSync(f, 'utf8'));
    if (m) return { spans: Number(m[1]), from: path.relative(dir, f), override: 'OTEL_BSP_MAX_QUEUE_SIZE' };
  }
  return undefined;
}

async function soakLanguage(lang, opts, { work, endpoint, cpus, log }) {
  const prepared = await PREPARE[lang]({ work: path.join(work, lang), endpoint });
  const configs = prepared.configs.filter((c) => c.id === 'untraced' || c.id === 'tracekit-always_on');
  const started = [];
  try {
    const downPort = await freePort();
    const downstream = `http://127.0.0.1:${downPort}/`;
    const down = await startProcess({
      name: `${lang}-downstream`,
      command: process.execPath,
      args: [path.join(import.meta.dirname, 'downstream.js'), String(downPort)],
      cpus: cpus.others,
      healthUrl: downstream,
      logDir: work,
    });
    started.push(down);
    const servers = [];
    for (const c of configs) {
      const port = await freePort();
      const spec = c.start();
      const s = await startProcess({
        name: `soak-${c.service}`,
        ...spec,
        env: { ...spec.env, ...prepared.env(port, downstream) },
        cpus: cpus.service,
        healthUrl: `http://127.0.0.1:${port}/healthz`,
        logDir: work,
      });
      started.push(s);
      servers.push({ config: c, server: s, url: `http://127.0.0.1:${port}/work`, samples: [], dir: spec.cwd });
    }
    const seconds = opts.soak * 60;
    // Steady load on both for the whole run; half the connections each (they share the service CPU).
    const connections = Math.max(1, Math.round(opts.connections / 2));
    const loads = servers.map((s) => runWrk({ url: s.url, seconds, connections, cpus: cpus.others }));
    const t0 = Date.now();
    while (Date.now() - t0 < seconds * 1000) {
      const t = Math.round((Date.now() - t0) / 1000);
      for (const s of servers) s.samples.push({ t, kib: groupRssKiB(s.server.pid) });
      const line = servers.map((s) => `${s.config.id} ${(s.samples.at(-1).kib / 1024).toFixed(1)} MiB`);
      log(`  ${lang} t=${t}s  ${line.join('  ')}`);
      await sleep(SAMPLE_MS);
    }
    const wrk = await Promise.all(loads);
    return servers.map((s, i) => {
      const logText = readFileSync(s.server.logFile, 'utf8');
      const drops = [...logText.matchAll(/tracing: dropped (\d+) spans/g)].reduce((a, m) => a + Number(m[1]), 0);
      const fit = lastHalfGrowth(s.samples);
      return {
        language: lang,
        config: s.config.id,
        rps: +wrk[i].rps.toFixed(1),
        requests: wrk[i].requests,
        errors: wrk[i].errors,
        rss: fit,
        levelsOff: fit ? fit.growth < 0.02 : undefined,
        ...(s.config.id === 'untraced' ? {} : { queueBound: queueBound(s.dir), droppedSpansLogged: drops }),
        samples: s.samples,
      };
    });
  } finally {
    await Promise.all(started.map((p) => p.stop()));
  }
}

/** Runs the soak for each language in turn and writes its JSON. */
export async function runSoak(opts, { log, defaultOut }) {
  const cpus = cpuSets();
  const work = mkdtempSync(path.join(os.tmpdir(), 'tk-soak-'));
  const source = tracekitSource();
  const machineBefore = describeMachine(cpus);
  const jaeger = opts.backendDown ? undefined : await startJaeger({ logDir: work, cpus: cpus.others });
  // Backend down: an OTLP endpoint on a port that was free a moment ago, where nothing listens.
  const endpoint = jaeger ? jaeger.otlpHttp : `http://127.0.0.1:${await freePort()}`;
  const rows = [];
  try {
    for (const lang of opts.langs) {
      log(`${lang}: soak ${opts.soak} min${opts.backendDown ? ', backend down' : ''}`);
      rows.push(...(await soakLanguage(lang, opts, { work, endpoint, cpus, log })));
    }
  } finally {
    await jaeger?.stop();
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  }
  for (const r of rows) {
    log(
      `${r.language} ${r.config}: RSS level ${(r.rss.levelKiB / 1024).toFixed(1)} MiB, last-half growth ` +
        `${(r.rss.growth * 100).toFixed(2)} % (${r.levelsOff ? 'levels off' : 'still growing'}), ${r.rps} req/s` +
        (r.queueBound ? `, queue bound ${r.queueBound.spans} spans, ${r.droppedSpansLogged} dropped (logged)` : ''),
    );
  }
  const out = path.resolve(
    opts.out ?? defaultOut.replace('-soak-', opts.backendDown ? '-soak-backend-down-' : '-soak-'),
  );
  mkdirSync(path.dirname(out), { recursive: true });
  const doc = {
    date: new Date().toISOString(),
    kind: 'soak',
    options: { minutes: opts.soak, backendDown: opts.backendDown, connectionsEach: Math.round(opts.connections / 2) },
    tracekit: source,
    machine: { before: machineBefore, after: describeMachine(cpus) },
    results: rows,
  };
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  log(`written to ${out}`);
}
