import { COLLECTOR_PORTS } from '../../backends/collector/index.js';
import { BACKENDS, findBackend } from '../../backends/registry.js';
import type { WellKnownPorts } from '../../backends/types.js';
import { excerpt, httpRequest, type NetFailure } from '../network.js';
import type { Check, CheckOutcome, DoctorContext } from '../types.js';

interface Target {
  name: string;
  url: string;
  defaultPlace: string;
}

const place = (title: string, wk: WellKnownPorts) => `${title}: :${wk.healthPort}${wk.healthPath}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function targetsOf(ctx: DoctorContext): Target[] {
  const s = ctx.settings;
  const out: Target[] = [];
  const spec = findBackend(s.backend);
  if (spec && s.healthUrl) {
    const wk = spec.wellKnown;
    out.push({ name: spec.title, url: s.healthUrl, defaultPlace: `port ${wk.healthPort}, ${wk.healthPath}` });
  }
  if (s.collector)
    out.push({
      name: 'Collector',
      url: s.collector.healthUrl,
      defaultPlace: `port ${COLLECTOR_PORTS.healthPort}, the health_check extension`,
    });
  return out;
}

function hintFor(t: Target, f: NetFailure | undefined, wait: boolean): string {
  const flag = t.name === 'Collector' ? '--collector-health-url' : '--health-url';
  if (!f)
    return (
      `${t.name} reports itself unhealthy: ` +
      'read its logs (storage or configuration errors show there) and restart it.'
    );
  if (f.kind === 'refused')
    return (
      `Start ${t.name} (\`tracekit backend up\`), ` +
      `or pass ${flag} with where its health endpoint is (${t.defaultPlace} by default).` +
      (wait ? '' : ' In CI right after starting it, add --wait.')
    );
  if (f.kind === 'blocked-port')
    return (
      `Move ${t.name} to another port (\`backend up --port\`) ` +
      `and pass ${flag} with it: fetch never connects to that one.`
    );
  if (f.kind === 'timeout')
    return (
      'Something accepts connections there but never answers: ' +
      `check that the process on that port is ${t.name} and not stuck, or restart it.`
    );
  return (
    `What answers there is not ${t.name}'s health endpoint (${t.defaultPlace} by default): ` +
    `fix the port in ${flag}.`
  );
}

/** Probes one health URL; with --wait keeps trying until it is healthy or the check's time runs out. */
async function probe(
  ctx: DoctorContext,
  t: Target,
): Promise<{ ok: boolean; message: string; hint?: string; httpStatus?: number }> {
  for (;;) {
    const r = await httpRequest(ctx.fetch, t.url, { timeoutMs: ctx.requestTimeoutMs() });
    const ok = !('failure' in r) && r.status >= 200 && r.status < 300;
    if (ok) return { ok, message: `${t.name} healthy`, httpStatus: r.status };
    if (!ctx.wait || ctx.budgetMs() < 700) {
      const failure = 'failure' in r ? r.failure : undefined;
      const said = 'failure' in r ? r.failure.message : `answered ${r.status}${r.body ? `: ${excerpt(r.body)}` : ''}`;
      return {
        ok,
        message: `${t.name} health at ${t.url}: ${said}${ctx.wait ? ' (still, after waiting)' : ''}`,
        hint: hintFor(t, failure, ctx.wait),
        ...('failure' in r ? {} : { httpStatus: r.status }),
      };
    }
    await sleep(500);
  }
}

/** Check 2: the backend's own health endpoint (and the Collector's) answers healthy. */
export const backendHealthCheck: Check = {
  id: 'backend-health',
  title: 'Backend health',
  needs: ['config'],
  timeoutMs: (ctx) => (ctx.wait ? 'remaining' : 10_000),
  // A getter: the backends listed are the ones registered when the text is read.
  get explain() {
    const places = BACKENDS.map((b) => place(b.title, b.wellKnown)).join(', ');
    return `Asks the backend's own health endpoint (${places}) and,
when a Collector is configured, the Collector's health_check extension (${place('Collector', COLLECTOR_PORTS)})
whether they are up. Healthy is a 2xx.
Fails when nothing listens (the backend is not running or the port is wrong), when the answer is not 2xx (it reports
itself unhealthy), when it never answers, or when something else answers there.
Fix: start the backend (\`tracekit backend up\`), or pass --health-url / --collector-health-url with the right address.
With --wait, doctor keeps asking until the backend is up or --timeout runs out (for CI right after starting it).`;
  },
  async run(ctx): Promise<CheckOutcome> {
    const targets = targetsOf(ctx);
    if (!targets.length) return { status: 'skip', detail: 'no backend to check (backend: none, no Collector)' };
    const results = [];
    for (const t of targets) results.push({ target: t, ...(await probe(ctx, t)) });
    const data = {
      targets: results.map((r) => ({
        name: r.target.name,
        url: r.target.url,
        healthy: r.ok,
        httpStatus: r.httpStatus ?? null,
      })),
    };
    const bad = results.filter((r) => !r.ok);
    if (!bad.length)
      return { status: 'pass', detail: results.map((r) => `${r.message} (${r.target.url})`).join(', '), data };
    return {
      status: 'fail',
      detail: bad.map((r) => r.message).join('\n'),
      hint: bad.map((r) => r.hint).join(' '),
      data,
    };
  },
};
