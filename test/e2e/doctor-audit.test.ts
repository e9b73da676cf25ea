import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditData } from '../../src/doctor/audit/types.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import { freePort } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/processes.js';
import { checkOf, type DoctorRun, doctor, expectStatuses } from './doctor-run.js';
import { copyFixture, initService, type RunningService, request, startService } from './node-service.js';

/**
 * The trace-quality audit against real services and a real Jaeger. The Node plain-http fixture,
 * instrumented by `tracekit init` (it names its spans by route with the generated setRoute), must
 * get no finding. Beside it, in the same instrumented folder, a plain node:http service that names
 * its server spans by the raw path (ids and all) and never sets http.route: the audit must say so,
 * as warnings that --strict turns into a failed run.
 */
const RAW_PATHS_SERVER = `import http from 'node:http';
import { trace } from '@opentelemetry/api';

// Names each server span by the raw path, ids and all, and sets no http.route: the mistake under test.
http
  .createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    trace.getActiveSpan()?.updateName(\`\${req.method} \${path}\`);
    res.writeHead(path === '/healthz' || path.startsWith('/users/') ? 200 : 404).end('ok');
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
`;
const RAW_SERVICE = 'users-api';

let jaeger: RunningBackend;
let fixture: ReturnType<typeof copyFixture>;
let good: RunningService;
let raw: RunningProcess;
let rawBase: string;

beforeAll(async () => {
  jaeger = await startJaeger();
  fixture = copyFixture('node-http');
  const init = await initService(fixture.dir, jaeger);
  good = await startService(fixture.dir, { start: init.startCommands });
  writeFileSync(path.join(fixture.dir, 'raw-paths.mjs'), RAW_PATHS_SERVER);
  const port = await freePort();
  rawBase = `http://127.0.0.1:${port}`;
  raw = await startProcess({
    name: RAW_SERVICE,
    command: 'node',
    // The tracing setup init wrote, as the fixture's own start script loads it.
    args: ['--import', './tracing-register.mjs', 'raw-paths.mjs'],
    cwd: fixture.dir,
    env: { PORT: String(port), OTEL_SERVICE_NAME: RAW_SERVICE, OTEL_BSP_SCHEDULE_DELAY: '200' },
    healthUrl: `${rawBase}/healthz`,
    timeoutMs: 30_000,
  });
}, 600_000);

afterAll(async () => {
  await Promise.all([good?.process.stop(), raw?.stop(), jaeger?.stop()]);
  fixture?.cleanup();
});

// Run in the service folder: tracekit.yaml (written by init) gives the endpoint, backend and service name.
// Both services export after 200ms, so doctor need not wait out the SDKs' default 5s.
const flags = () => ['--query-url', jaeger.queryUrl!, '--health-url', jaeger.healthUrl, '--batch-delay', '200ms'];
/** --service reads traces older than the batch delay plus 2s (younger ones may still miss spans): wait that out. */
const settled = () => new Promise((r) => setTimeout(r, 2500));
const auditOf = (run: DoctorRun) => checkOf(run, 'audit').data as unknown as AuditData;
const rulesOf = (run: DoctorRun) => auditOf(run).findings.map((f) => f.rule);

describe('doctor audit', () => {
  it('warns about spans named by raw paths without http.route, and links the trace in Jaeger', async () => {
    const run = await doctor([...flags(), '--timeout', '40', '--app', `${rawBase}/users/8231/orders`], {
      cwd: fixture.dir,
    });
    expectStatuses(run, { app: 'pass', audit: 'warn' });
    expect(run.exitCode).toBe(0);
    const audit = auditOf(run);
    expect(audit.service).toBe(RAW_SERVICE);
    expect(rulesOf(run)).toEqual(['http-route', 'span-name-cardinality']);
    expect(audit.findings.every((f) => f.level === 'warn')).toBe(true);
    expect(audit.findings[1]!.message).toContain('"GET /users/8231/orders"');
    const traceId = checkOf(run, 'app').data.traceId as string;
    expect(audit.traces[0]!.link).toBe(`${jaeger.queryUrl}/trace/${traceId}`);
    expect(run.stderr).toContain(`${jaeger.queryUrl}/trace/${traceId}`);
    expect(run.stderr).toContain('fix: Set the route template on the server span');
  });

  it('fails the same run under --strict', async () => {
    const run = await doctor([...flags(), '--timeout', '40', '--strict', '--app', `${rawBase}/users/77/orders`], {
      cwd: fixture.dir,
    });
    expectStatuses(run, { app: 'pass', audit: 'warn' });
    expect(rulesOf(run)).toContain('http-route');
    expect(run.report.ok).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('FAILED (audit) — --strict counts warnings');
  });

  it("--service audits the service's recent traces from Jaeger's search API", async () => {
    for (const id of [1001, 1002, 1003]) expect((await request(rawBase, `/users/${id}`)).status).toBe(200);
    await settled();
    const run = await doctor([...flags(), '--timeout', '40', '--service', RAW_SERVICE], { cwd: fixture.dir });
    expectStatuses(run, { app: 'skip', audit: 'warn' });
    const audit = auditOf(run);
    expect(audit.source).toBe('service');
    // The two --app traces above and the three requests, once they are past the batch delay.
    expect(audit.traces.length).toBeGreaterThanOrEqual(3);
    const route = audit.findings.find((f) => f.rule === 'http-route')!;
    expect(route.traces.length).toBe(audit.traces.length);
  });

  it('finds nothing in the traces of the service tracekit instrumented, errors included', async () => {
    const run = await doctor([...flags(), '--timeout', '40', '--app', `${good.base}/hello`], { cwd: fixture.dir });
    expectStatuses(run, { app: 'pass', audit: 'pass' });
    expect(auditOf(run).findings).toEqual([]);
    expect(auditOf(run).traces[0]!.spans).toBeGreaterThanOrEqual(5);
    // A failing request (500, the exception on a child span) and more of the good one, then the whole service.
    expect((await request(good.base, '/boom')).status).toBe(500);
    expect((await request(good.base, '/hello')).status).toBe(200);
    await settled();
    const service = await doctor([...flags(), '--timeout', '40', '--service', 'greeter'], { cwd: fixture.dir });
    expectStatuses(service, { audit: 'pass' });
    expect(auditOf(service).traces.length).toBeGreaterThanOrEqual(2);
    expect(service.exitCode).toBe(0);
  });
});
