import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendById } from '../../src/backends/registry.js';
import { findTrace } from '../../src/otel/find-trace.js';
import { sendTrace } from '../../src/otel/send-trace.js';
import { backendCli } from '../support/backend-cli.js';
import { freePorts } from '../support/ports.js';
import { tempDir } from '../support/temp-tree.js';

/**
 * The process runtime for real: the built CLI starts the cached Jaeger binary, Zipkin jar and
 * Collector binary (found through TRACEKIT_* variables), a span sent with the OpenTelemetry SDK
 * is read back from the backend, `status` reports healthy, a second `up` starts no second
 * copy, and `down` leaves no process.
 */

const tracekit = backendCli;

/** Running (a zombie awaiting its reaper is not: it has exited and holds nothing). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

interface Scenario {
  title: string;
  args: string[];
  send: 'http' | 'grpc' | 'zipkin';
  query: 'jaeger' | 'zipkin';
  /** How many processes run (a Collector in front makes two). */
  services: number;
}

const SCENARIOS: Scenario[] = [
  { title: 'Jaeger', args: ['--jaeger'], send: 'http', query: 'jaeger', services: 1 },
  // Zipkin takes no OTLP: by default a Collector in front receives what instrumented services send.
  { title: 'Zipkin (a Collector in front by default)', args: ['--zipkin'], send: 'http', query: 'zipkin', services: 2 },
  {
    title: 'Zipkin alone (--no-collector), Zipkin JSON',
    args: ['--zipkin', '--no-collector'],
    send: 'zipkin',
    query: 'zipkin',
    services: 1,
  },
  {
    title: 'Collector in front of Jaeger',
    args: ['--jaeger', '--collector'],
    send: 'grpc',
    query: 'jaeger',
    services: 2,
  },
];

for (const s of SCENARIOS) {
  describe(`process runtime: ${s.title}`, () => {
    const dir = tempDir('tracekit-backend-process-');
    let ports: Record<string, number>;
    let pids: number[] = [];
    const statePids = () =>
      (
        JSON.parse(readFileSync(path.join(dir, '.tracekit', 'backend', 'state.json'), 'utf8')) as {
          services: { pid: number }[];
        }
      ).services.map((x) => x.pid);

    beforeAll(async () => {
      const [a, b, c, d, e, f, g, h] = await freePorts(8);
      ports = {
        'otlp-grpc': a!,
        'otlp-http': b!,
        ui: c!,
        health: d!,
        'query-grpc': e!,
        'collector-health': f!,
        'backend-otlp-grpc': g!,
        'backend-otlp-http': h!,
      };
      const portFlags = Object.entries(ports).flatMap(([k, v]) => ['--port', `${k}=${v}`]);
      const r = await tracekit(dir, [
        'backend',
        'up',
        ...s.args,
        '--runtime',
        'process',
        ...portFlags,
        '--timeout',
        '150',
      ]);
      if (r.exitCode !== 0) throw new Error(`backend up failed (${r.exitCode}):\n${r.stderr}`);
      pids = statePids();
    }, 200_000);

    afterAll(async () => {
      await tracekit(dir, ['backend', 'down']);
      for (const pid of pids) if (alive(pid)) process.kill(-pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('status reports every service running and healthy', async () => {
      const r = await tracekit(dir, ['--json', 'backend', 'status']);
      expect(r.exitCode, r.stderr).toBe(0);
      const status = JSON.parse(r.stdout) as {
        healthy: boolean;
        services: { name: string; state: string; health: string }[];
      };
      expect(status.healthy).toBe(true);
      expect(status.services.length).toBe(s.services);
      for (const svc of status.services) expect([svc.state, svc.health]).toEqual(['running', 'healthy']);
    });

    it('a span sent by the test arrives in the backend', async () => {
      const url =
        s.send === 'http'
          ? `http://127.0.0.1:${ports['otlp-http']}/v1/traces`
          : s.send === 'grpc'
            ? `http://127.0.0.1:${ports['otlp-grpc']}`
            : `http://127.0.0.1:${ports.ui}/api/v2/spans`;
      const serviceName = `backend-process-${s.query}`;
      // Marked synthetic, as doctor does, so the Collector's tail sampling always keeps it.
      const sent = await sendTrace({
        protocol: s.send,
        url,
        serviceName,
        attributes: { 'tracekit.synthetic': true },
        timeoutMs: 10_000,
      });
      const queryUrl = `http://127.0.0.1:${ports.ui}`;
      const found = await findTrace({ query: backendById(s.query).query, url: queryUrl }, sent.traceId, {
        timeoutMs: 45_000,
        minSpans: 2,
      });
      const child = found.spans.find((x) => x.spanId === sent.childSpanId);
      expect(found.spans.find((x) => x.spanId === sent.rootSpanId)?.serviceName).toBe(serviceName);
      expect(child?.parentSpanId).toBe(sent.rootSpanId);
    }, 90_000);

    it('a second up starts no second copy', async () => {
      const r = await tracekit(dir, [
        '--json',
        'backend',
        'up',
        ...s.args,
        '--runtime',
        'process',
        ...Object.entries(ports).flatMap(([k, v]) => ['--port', `${k}=${v}`]),
      ]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { state: string }).state).toBe('already-running');
      expect(statePids()).toEqual(pids);
    }, 60_000);

    it('down leaves no process', async () => {
      const r = await tracekit(dir, ['backend', 'down']);
      expect(r.exitCode, r.stderr).toBe(0);
      for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
      const st = await tracekit(dir, ['--json', 'backend', 'status']);
      expect((JSON.parse(st.stdout) as { services: unknown[] }).services).toEqual([]);
    }, 60_000);
  });
}
