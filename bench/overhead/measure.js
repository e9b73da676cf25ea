// One language's measurement: every config's service running side by side (idle but for its
// turn), the downstream target, then interleaved rounds (A B C D, B C D A, ...) of wrk against one
// config at a time. A window's CPU is the service's process-group CPU from the start of the load
// until its spans have all reached Jaeger (the export work a window caused is in its own cost).
import path from 'node:path';
import { countSpans, freePort } from './jaeger.js';
import { runWrk } from './load.js';
import { groupCpuUs, startProcess } from './procs.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Generated setups and agents export every 5 s (OTEL_BSP_SCHEDULE_DELAY's default) or when a
// batch is full: a count unchanged for longer than that has settled. --short shortens the delay.
const QUIET_MS = 6000;
const SHORT_DELAY_MS = 500;
const SETTLE_CAP_MS = 45_000;

/**
 * Waits until Jaeger holds all of the window's spans: for a config that samples every request,
 * one trace per request and a count unchanged for a second; otherwise a count unchanged for
 * QUIET_MS. Returns the last count.
 */
async function settle({ queryUrl, quietMs }, config, t0, requests) {
  const deadline = Date.now() + SETTLE_CAP_MS;
  let last = await countSpans(queryUrl, config.service, t0, Date.now());
  if (config.sampled === 0) return last;
  let stableSince = Date.now();
  for (;;) {
    await sleep(1000);
    const now = await countSpans(queryUrl, config.service, t0, Date.now());
    if (now.spans !== last.spans) stableSince = Date.now();
    const quiet = Date.now() - stableSince;
    last = now;
    if (config.sampled === 1 && now.traces >= requests && quiet >= 1000) return now;
    if (quiet >= quietMs || Date.now() > deadline) return now;
  }
}

async function window(ctx, config, server, seconds) {
  const cpu0 = groupCpuUs(server.pid);
  const t0 = Date.now();
  const load = await runWrk({
    url: `${server.url}/work`,
    seconds,
    connections: ctx.connections,
    cpus: ctx.cpus.others,
  });
  const count = await settle(ctx, config, t0, load.requests);
  const cpuUs = groupCpuUs(server.pid) - cpu0;
  return {
    rps: +load.rps.toFixed(1),
    p50Ms: +(load.p50Us / 1000).toFixed(2),
    p99Ms: +(load.p99Us / 1000).toFixed(2),
    requests: load.requests,
    errors: load.errors,
    cpuUsPerRequest: +(cpuUs / load.requests).toFixed(1),
    traces: count.traces,
    spans: count.spans,
    spansPerRequest: +(count.spans / load.requests).toFixed(3),
  };
}

/**
 * Starts the downstream target and every config's service, warms each up, runs the rounds and
 * stops them all. Returns { config id → [window, ...] } in round order. `short` (CI: proving the
 * harness works) exports every 500 ms (OTEL_BSP_SCHEDULE_DELAY, which the generated setups and
 * the agents read) so windows settle sooner, and skips the warm-up.
 */
export async function measureLanguage({ prepared, queryUrl, cpus, rounds, seconds, connections, short, logDir, log }) {
  const started = [];
  try {
    const downPort = await freePort();
    const downstream = `http://127.0.0.1:${downPort}/`;
    started.push(
      await startProcess({
        name: 'downstream',
        command: process.execPath,
        args: [path.join(import.meta.dirname, 'downstream.js'), String(downPort)],
        cpus: cpus.others,
        healthUrl: downstream,
        logDir,
      }),
    );
    // Started side by side: each waits for its own /healthz.
    const servers = new Map(
      await Promise.all(
        prepared.configs.map(async (config) => {
          const port = await freePort();
          const spec = config.start();
          const server = await startProcess({
            name: config.service,
            ...spec,
            env: {
              ...spec.env,
              ...prepared.env(port, downstream),
              ...(short ? { OTEL_BSP_SCHEDULE_DELAY: String(SHORT_DELAY_MS) } : {}),
            },
            cpus: cpus.service,
            healthUrl: `http://127.0.0.1:${port}/healthz`,
            logDir,
          });
          started.push(server);
          return [config.id, { ...server, url: `http://127.0.0.1:${port}` }];
        }),
      ),
    );
    const ctx = { queryUrl, cpus, connections, quietMs: short ? 3 * SHORT_DELAY_MS : QUIET_MS };
    // Warm-up: JIT, connection pools, the exporter's first batches; not recorded (none in --short).
    if (!short) for (const c of prepared.configs) await window(ctx, c, servers.get(c.id), Math.min(5, seconds));
    const results = Object.fromEntries(prepared.configs.map((c) => [c.id, []]));
    const n = prepared.configs.length;
    for (let r = 0; r < rounds; r++) {
      const order = prepared.configs.map((_, i) => prepared.configs[(i + r) % n]);
      for (const config of order) {
        const w = await window(ctx, config, servers.get(config.id), seconds);
        results[config.id].push({ round: r + 1, ...w });
        log(
          `  round ${r + 1} ${config.id.padEnd(20)} ${String(w.rps).padStart(8)} req/s  p99 ${w.p99Ms} ms  ` +
            `${w.cpuUsPerRequest} µs CPU/req  ${w.spansPerRequest} spans/req${w.errors ? `  ${w.errors} errors` : ''}`,
        );
      }
    }
    return results;
  } finally {
    await Promise.all(started.map((p) => p.stop()));
  }
}
