import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartCommand } from '../../src/languages/language.js';
import type { FoundSpan } from '../../src/otel/trace-model.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import {
  copyFixture,
  descendsFrom,
  initArgs,
  initService,
  type RunningService,
  readJson,
  request,
  runCli,
  serverSpanOf,
  spansOf,
  startService,
  statusOf,
} from './node-service.js';

/** The routes of a fixture: an upstream route that calls a downstream one, and one that throws. */
export interface NodeSuiteOptions {
  title: string;
  fixture: string;
  serviceName: string;
  /** Upstream request path, its http.route, and the downstream route it calls. */
  call: { path: string; route: string; downstreamRoute: string };
  /** The manual span made with the helper upstream, and one attribute it must carry. */
  manualSpan: { name: string; attribute: [string, string | number] };
  /** The downstream manual span that records the baggage entry tenant.id. */
  baggageSpan: string;
  errorRoute: string;
  /**
   * Where the thrown error is recorded: on a span with error status (the default), or on a span under
   * the error server span without a status of its own (Koa's layer spans record the exception only).
   */
  exceptionOn?: 'error-span' | 'descendant';
  /** Files init must write (relative to the fixture) and the start script it must produce. */
  files: string[];
  startScript: string;
  /** The OpenTelemetry line init must pick, as the version of its 0.x packages (instrumentation, exporters). */
  otelVersion: string;
  /** Major version of the Node the service must be running on. */
  nodeMajor: number;
  /** Folder holding the node binary to run the service with (Node 22 for the 3.x line). */
  nodeBinDir?: () => string;
  /** Changes made to the copied fixture before init (e.g. an .nvmrc choosing Node 22). */
  prepare?: (dir: string) => void;
  /** OTLP protocol init is given (http unless told); the endpoint is Jaeger's port for it. */
  protocol?: 'http' | 'grpc';
  /** More tests for this fixture, run inside the suite with its Jaeger and initialised service folder. */
  more?: (suite: () => NodeSuiteState) => void;
}

/** What a suite has set up, for the tests a fixture adds (`more`). */
export interface NodeSuiteState {
  dir: string;
  jaeger: RunningBackend;
}

const EXPORTER_PACKAGE = {
  http: '@opentelemetry/exporter-trace-otlp-proto',
  grpc: '@opentelemetry/exporter-trace-otlp-grpc',
};

/**
 * One e2e suite per fixture: real Jaeger (once per file), real npm install through
 * `tracekit init --yes`, the service started with `npm start`, and spans asserted as Jaeger
 * returns them.
 */
export function describeNodeService(o: NodeSuiteOptions): void {
  describe(o.title, () => {
    let jaeger: RunningBackend;
    let service: RunningService | undefined;
    let fixture: ReturnType<typeof copyFixture>;
    let initOutput = '';
    /** The start command init printed (--json), run as printed. */
    let start: StartCommand[] = [];
    const protocol = o.protocol ?? 'http';

    beforeAll(async () => {
      jaeger = await startJaeger();
      fixture = copyFixture(o.fixture);
      o.prepare?.(fixture.dir);
      // On the Node 22 run, init (and the npm install it runs) use Node 22 too, as the user's shell would.
      const binDir = o.nodeBinDir?.();
      const init = await initService(
        fixture.dir,
        jaeger,
        binDir ? { PATH: `${binDir}${path.delimiter}${process.env.PATH}` } : {},
        protocol,
      );
      initOutput = init.stderr;
      start = init.startCommands;
      service = await startService(fixture.dir, { nodeBinDir: o.nodeBinDir?.(), start });
    }, 600_000);

    afterAll(async () => {
      await service?.process.stop();
      await jaeger?.stop();
      fixture?.cleanup();
    });

    it('init writes the setup, pins the chosen line and loads tracing from the start script', () => {
      const pkg = readJson(path.join(fixture.dir, 'package.json'));
      expect(pkg.scripts.start).toBe(o.startScript);
      // Trace-only: the instrumentation base and the exporter of the line, not sdk-node.
      expect(pkg.dependencies['@opentelemetry/instrumentation']).toBe(o.otelVersion);
      expect(pkg.dependencies['@opentelemetry/sdk-node']).toBeUndefined();
      // The exporter for the chosen protocol, released with the instrumentation base; only that one.
      expect(pkg.dependencies[EXPORTER_PACKAGE[protocol]]).toBe(o.otelVersion);
      for (const other of Object.values(EXPORTER_PACKAGE).filter((p) => p !== EXPORTER_PACKAGE[protocol]))
        expect(pkg.dependencies[other]).toBeUndefined();
      for (const f of o.files) expect(initOutput).toContain(`create    ${f}`);
      expect(readFileSync(path.join(fixture.dir, o.files[0]!), 'utf8')).toContain(`"${EXPORTER_PACKAGE[protocol]}"`);
      expect(service!.process.logTail()).toContain(`(node v${o.nodeMajor}.`);
    });

    it('a request calling another route is one trace: server → client → downstream, a span, baggage', async () => {
      const res = await request(service!.base, o.call.path);
      expect(res.status, res.body).toBe(200);
      const spans = await spansOf(jaeger, res.traceId, 4);
      for (const s of spans) expect(s.serviceName).toBe(o.serviceName);

      const upstream = serverSpanOf(spans, o.call.route);
      expect(statusOf(upstream)).toBe(200);
      expect(upstream.parentSpanId).toBeUndefined();
      const downstream = serverSpanOf(spans, o.call.downstreamRoute);
      expect(statusOf(downstream)).toBe(200);
      const client = spans.find((s) => s.spanId === downstream.parentSpanId);
      expect(client?.kind, 'the downstream server span is a child of a client span').toBe('client');
      expect(descendsFrom(spans, client!, upstream), 'the client span is under the upstream server span').toBe(true);

      const manual = spans.find((s) => s.name === o.manualSpan.name);
      expect(manual, `manual span ${o.manualSpan.name}`).toBeDefined();
      expect(manual!.attributes[o.manualSpan.attribute[0]]).toBe(o.manualSpan.attribute[1]);
      expect(descendsFrom(spans, manual!, upstream)).toBe(true);
      expect(descendsFrom(spans, client!, manual!), 'the call was made inside the manual span').toBe(true);

      const baggage = spans.find((s) => s.name === o.baggageSpan);
      expect(baggage?.attributes['tenant.id'], 'baggage set upstream is read downstream').toBe('acme');
      expect(descendsFrom(spans, baggage!, downstream)).toBe(true);
    });

    it('a route that throws gives an error server span and a recorded exception', async () => {
      const res = await request(service!.base, o.errorRoute);
      expect(res.status).toBe(500);
      const spans = await spansOf(jaeger, res.traceId, 1);
      const server = serverSpanOf(spans, o.errorRoute);
      expect(statusOf(server)).toBe(500);
      expect(server.status).toBe('error');
      const recorded = (s: FoundSpan) =>
        o.exceptionOn === 'descendant' ? s === server || descendsFrom(spans, s, server) : s.status === 'error';
      const failed = spans.find((s) => recorded(s) && s.events.some((e) => e.name === 'exception'));
      const seen = JSON.stringify(spans.map((s) => [s.name, s.status, s.events.map((e) => e.name)]));
      expect(failed, `a span with error status and an exception event in ${seen}`).toBeDefined();
      const exception = failed!.events.find((e) => e.name === 'exception')!;
      expect(String(exception.attributes['exception.message'])).toContain('boom');
    });

    it('a request carrying a traceparent joins that trace', async () => {
      const traceId = randomBytes(16).toString('hex');
      const parentId = randomBytes(8).toString('hex');
      const res = await request(service!.base, o.call.path, { traceparent: `00-${traceId}-${parentId}-01` });
      expect(res.status).toBe(200);
      expect(res.traceId).toBe(traceId);
      const spans = await spansOf(jaeger, traceId, 4);
      expect(serverSpanOf(spans, o.call.route).parentSpanId).toBe(parentId);
      expect(serverSpanOf(spans, o.call.downstreamRoute)).toBeDefined();
    });

    it('a second init changes nothing', async () => {
      const r = await runCli(initArgs(jaeger, protocol), fixture.dir);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toContain('Nothing to change');
    });

    it('SIGTERM flushes the buffered spans before the service exits', async () => {
      await service!.process.stop();
      // An export delay longer than the test: only the flush on SIGTERM can deliver these spans.
      service = await startService(fixture.dir, {
        start,
        nodeBinDir: o.nodeBinDir?.(),
        env: { OTEL_BSP_SCHEDULE_DELAY: '600000' },
      });
      const res = await request(service.base, o.call.path);
      expect(res.status).toBe(200);
      await service.process.stop();
      expect(service.process.logTail()).not.toContain('could not flush spans');
      service = undefined;
      const spans = await spansOf(jaeger, res.traceId, 4);
      expect(serverSpanOf(spans, o.call.downstreamRoute)).toBeDefined();
    });

    o.more?.(() => ({ dir: fixture.dir, jaeger }));
  });
}

/** Writes a file into the copied fixture (for prepare hooks). */
export const writeInto = (dir: string, file: string, text: string) => writeFileSync(path.join(dir, file), text);

/**
 * A short-lived script (job.mjs in the node-http fixture) loads tracing as the generated header
 * says, makes a span with the helper and ends on its own. The export delay is far longer than the
 * run, so only the flush when the script runs out of work can deliver the span.
 */
function shortLivedScriptFlushes(suite: () => NodeSuiteState): void {
  it('a short-lived script flushes its span when it ends, and ends by itself', async () => {
    const { dir, jaeger } = suite();
    const r = await execa('node', ['--import', './tracing-register.mjs', 'job.mjs'], {
      cwd: dir,
      env: { OTEL_BSP_SCHEDULE_DELAY: '600000' },
      reject: false,
      timeout: 60_000,
    });
    expect(r.timedOut, 'the script exits without being stopped').toBe(false);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('could not flush spans');
    const spans = await spansOf(jaeger, r.stdout.trim(), 1);
    const job = spans.find((s) => s.name === 'nightly.job');
    expect(job, `span nightly.job in ${JSON.stringify(spans.map((s) => s.name))}`).toBeDefined();
    expect(job!.serviceName).toBe('greeter');
    expect(job!.attributes['job.items']).toBe(7);
  });
}

/** The plain node:http ESM fixture, exported over OTLP/HTTP (node-http) and OTLP/gRPC (node-http-grpc). */
export const PLAIN_HTTP: Omit<NodeSuiteOptions, 'title'> = {
  fixture: 'node-http',
  serviceName: 'greeter',
  call: { path: '/hello', route: '/hello', downstreamRoute: '/name' },
  manualSpan: { name: 'hello.compose', attribute: ['greeting.lang', 'en'] },
  baggageSpan: 'name.lookup',
  errorRoute: '/boom',
  files: ['tracing.mjs', 'tracing-register.mjs', 'telemetry.mjs'],
  startScript: 'node --import ./tracing-register.mjs server.mjs',
  otelVersion: '0.223.0',
  nodeMajor: 20,
  more: shortLivedScriptFlushes,
};

/** The routes, spans and error route of the checkout fixtures (Express, Fastify, Koa, Hono). */
export const CHECKOUT_ROUTES: Pick<NodeSuiteOptions, 'call' | 'manualSpan' | 'baggageSpan' | 'errorRoute'> = {
  call: { path: '/checkout/A-17', route: '/checkout/:id', downstreamRoute: '/inventory/:id' },
  manualSpan: { name: 'checkout.prepare', attribute: ['checkout.items', 3] },
  baggageSpan: 'inventory.lookup',
  errorRoute: '/boom',
};

/** The Express TypeScript ESM fixture, run on both lines (node-express and node-express-node22). */
export const EXPRESS_TS: Omit<NodeSuiteOptions, 'title' | 'otelVersion' | 'nodeMajor'> = {
  fixture: 'node-express-ts',
  serviceName: 'orders-api',
  ...CHECKOUT_ROUTES,
  files: ['src/tracing.ts', 'src/tracing-register.ts', 'src/telemetry.ts'],
  startScript: 'tsx --import ./src/tracing-register.ts src/server.ts',
};
