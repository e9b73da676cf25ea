import { COLLECTOR_PORTS } from '../../backends/collector/index.js';
import { findBackend } from '../../backends/registry.js';
import { grpcExportProbe } from '../grpc-probe.js';
import { excerpt, type HttpAnswer, hostPort, httpRequest, type NetFailure } from '../network.js';
import { PROTOCOL_TITLES, TRACES_PATH, ZIPKIN_PATH } from '../settings.js';
import type { Check, CheckOutcome, DoctorContext } from '../types.js';

const HTTP_PORT = COLLECTOR_PORTS.otlp!.http;
const GRPC_PORT = COLLECTOR_PORTS.otlp!.grpc;
/** Zipkin's standard span intake port. */
const ZIPKIN_PORT = 9411;
const fail = (detail: string, hint: string, data?: Record<string, unknown>): CheckOutcome => ({
  status: 'fail',
  detail,
  hint,
  ...(data ? { data } : {}),
});

/**
 * When `backend up` recorded what it started here and the exporter sends elsewhere, the two ends
 * disagree: name both and the fix (the commonest cause of a refused connection after `backend up`).
 */
function disagreement(ctx: DoctorContext): CheckOutcome | undefined {
  const s = ctx.settings;
  const record = ctx.inputs.record;
  if (!record || 'error' in record || record.backend !== s.backend || s.protocol === 'zipkin') return undefined;
  const src = s.ingestSource.label;
  const title = findBackend(record.backend)?.title ?? record.backend;
  if (!record.endpoint) {
    return fail(
      `${src} sends ${PROTOCOL_TITLES[s.protocol]} to ${s.ingestUrl}, but the ${title} that \`backend up\` started ` +
        'takes no OTLP and has no Collector in front',
      `Run \`tracekit backend up --${record.backend}\` without --no-collector (a Collector receives OTLP for it).`,
    );
  }
  const expected = s.protocol === 'grpc' ? record.endpoint.grpc : record.endpoint.http;
  if (new URL(expected).origin === new URL(s.ingestUrl!).origin) return undefined;
  return fail(
    `${src} sends ${PROTOCOL_TITLES[s.protocol]} to ${s.ingestUrl}, but \`backend up\` started ${title}` +
      `${record.collector ? ' behind a Collector' : ''} taking it at ${expected}`,
    `Set ${src} to ${expected} (\`tracekit backend up --yes\` records it in tracekit.yaml), or start the backend ` +
      'where the exporter sends.',
  );
}

/** Hints for a connection that never produced an answer, naming the setting that holds the address. */
function unreachable(ctx: DoctorContext, f: NetFailure, defaultPort: number | string): CheckOutcome {
  const src = ctx.settings.ingestSource.label;
  const protocol = PROTOCOL_TITLES[ctx.settings.protocol];
  const mismatch = f.kind === 'refused' ? disagreement(ctx) : undefined;
  if (mismatch) return { ...mismatch, detail: `${f.message}: ${mismatch.detail}` };
  if (f.kind === 'refused')
    return fail(
      f.message,
      `Start the ${ctx.settings.collector ? 'Collector' : 'backend'}, or fix the address in ${src} ` +
        `(${protocol} listens on ${defaultPort} by default).`,
    );
  if (f.kind === 'blocked-port') return fail(f.message, `Use another port for the receiver, and set it in ${src}.`);
  if (f.kind === 'timeout')
    return fail(
      f.message,
      `Something accepts connections on ${hostPort(ctx.settings.ingestUrl!)} but never answers: ` +
        `it is not an OTLP receiver, or it is stuck. Check the port in ${src}.`,
    );
  return fail(
    f.message,
    `Whatever listens on ${hostPort(ctx.settings.ingestUrl!)} is not a ${protocol} receiver: ` +
      `check the port in ${src} (${defaultPort} by default).`,
  );
}

/** A 404 from an HTTP receiver is nearly always the /v1/traces path: missing, doubled, or the wrong port. */
function notFound(ctx: DoctorContext, path: string): CheckOutcome {
  const src = ctx.settings.ingestSource.label;
  const plain = ctx.settings.ingestSource.appendsTracesPath;
  if (path.endsWith(TRACES_PATH + TRACES_PATH))
    return fail(
      `404 at ${path}: /v1/traces is doubled`,
      `Drop /v1/traces from ${src}${plain ? ': the SDK appends /v1/traces to it' : ''}.`,
    );
  if (!path.endsWith(TRACES_PATH))
    return fail(
      `404 at ${path}: the URL lacks /v1/traces`,
      `Add /v1/traces to ${src} (it is used as-is), or set OTEL_EXPORTER_OTLP_ENDPOINT to the base URL instead.`,
    );
  return fail(
    `404 at ${path}: an HTTP server answers there but has no OTLP receiver (a query or UI port?)`,
    `Point ${src} at the OTLP/HTTP port (${HTTP_PORT} by default).`,
  );
}

function httpVerdict(ctx: DoctorContext, r: HttpAnswer, path: string, title: string): CheckOutcome {
  const data = { httpStatus: r.status };
  if (r.status >= 200 && r.status < 300)
    return {
      status: 'pass',
      detail: `${title} receiver at ${ctx.settings.ingestUrl} accepted an empty export (${r.status})`,
      data,
    };
  if (r.status === 404) return { ...notFound(ctx, path), data };
  if (r.status === 401 || r.status === 403)
    return fail(
      `the receiver refused the credentials (${r.status}): ${excerpt(r.body)}`,
      'Set the auth header the backend expects in OTEL_EXPORTER_OTLP_HEADERS ' +
        '(for example authorization=Bearer%20<token>).',
      data,
    );
  const why = r.status >= 500 ? 'it is failing' : `it is not a ${title} receiver, or it rejects the request`;
  return fail(
    `the receiver answered ${r.status}: ${excerpt(r.body) || '(empty body)'}`,
    `Check the receiver's logs; ${why}.`,
    data,
  );
}

async function checkHttp(ctx: DoctorContext): Promise<CheckOutcome> {
  const url = ctx.settings.ingestUrl!;
  const r = await httpRequest(ctx.fetch, url, {
    method: 'POST',
    headers: { ...ctx.settings.headers, 'content-type': 'application/x-protobuf' },
    body: new Uint8Array(),
    timeoutMs: ctx.requestTimeoutMs(),
  });
  if (!('failure' in r)) return httpVerdict(ctx, r, new URL(url).pathname, 'OTLP/HTTP');
  if (r.failure.kind !== 'not-http' && r.failure.kind !== 'closed') return unreachable(ctx, r.failure, HTTP_PORT);
  // An HTTP/1.1 request to a gRPC port fails this way: ask the port in gRPC to name the mismatch.
  const g = await grpcExportProbe(url, ctx.settings.headers, ctx.requestTimeoutMs());
  if ('grpcStatus' in g && g.grpcStatus !== undefined) {
    return fail(
      `${hostPort(url)} speaks gRPC, not OTLP/HTTP`,
      `Set the protocol to grpc (${ctx.settings.protocolSource.label}), ` +
        `or use the OTLP/HTTP port (${HTTP_PORT} by default) in ${ctx.settings.ingestSource.label}.`,
      { speaks: 'grpc' },
    );
  }
  return unreachable(ctx, r.failure, HTTP_PORT);
}

async function checkGrpc(ctx: DoctorContext): Promise<CheckOutcome> {
  const url = ctx.settings.ingestUrl!;
  const g = await grpcExportProbe(url, ctx.settings.headers, ctx.requestTimeoutMs());
  if ('failure' in g) {
    if (g.failure.kind !== 'not-http' && g.failure.kind !== 'closed') return unreachable(ctx, g.failure, GRPC_PORT);
    // HTTP/2 prior knowledge to an HTTP/1.1 server fails this way: ask it in HTTP/1.1.
    const h = await httpRequest(ctx.fetch, new URL(TRACES_PATH, url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array(),
      timeoutMs: ctx.requestTimeoutMs(),
    });
    if (!('failure' in h)) {
      return fail(
        `${hostPort(url)} speaks HTTP/1.1 (OTLP/HTTP), not gRPC`,
        `Set the protocol to http/protobuf (${ctx.settings.protocolSource.label}; ` +
          'the SDK then posts to .../v1/traces), ' +
          `or use the gRPC port (${GRPC_PORT} by default) in ${ctx.settings.ingestSource.label}.`,
        { speaks: 'http' },
      );
    }
    return unreachable(ctx, g.failure, GRPC_PORT);
  }
  const data = { httpStatus: g.httpStatus, grpcStatus: g.grpcStatus ?? null };
  if (g.grpcStatus === 0)
    return { status: 'pass', detail: `OTLP/gRPC receiver at ${url} accepted an empty export`, data };
  if (g.grpcStatus === undefined)
    return fail(
      `${hostPort(url)} answers HTTP/2 (status ${g.httpStatus}) but not gRPC`,
      `Point ${ctx.settings.ingestSource.label} at the OTLP/gRPC port (${GRPC_PORT} by default).`,
      data,
    );
  if (g.grpcStatus === 12)
    return fail(
      `${hostPort(url)} speaks gRPC but has no OTLP trace service ` +
        `(UNIMPLEMENTED${g.grpcMessage ? `: ${g.grpcMessage}` : ''})`,
      `This is another gRPC server (a query port?): point ${ctx.settings.ingestSource.label} ` +
        `at the OTLP/gRPC port (${GRPC_PORT} by default).`,
      data,
    );
  if (g.grpcStatus === 16 || g.grpcStatus === 7)
    return fail(
      `the receiver refused the credentials (gRPC status ${g.grpcStatus}${g.grpcMessage ? `: ${g.grpcMessage}` : ''})`,
      'Set the auth header the backend expects in OTEL_EXPORTER_OTLP_HEADERS.',
      data,
    );
  return fail(
    `the receiver answered gRPC status ${g.grpcStatus}${g.grpcMessage ? `: ${g.grpcMessage}` : ''}`,
    "Check the receiver's logs.",
    data,
  );
}

async function checkZipkin(ctx: DoctorContext): Promise<CheckOutcome> {
  const url = ctx.settings.ingestUrl!;
  const r = await httpRequest(ctx.fetch, url, {
    method: 'POST',
    headers: { ...ctx.settings.headers, 'content-type': 'application/json' },
    body: '[]',
    timeoutMs: ctx.requestTimeoutMs(),
  });
  if ('failure' in r) return unreachable(ctx, r.failure, ZIPKIN_PORT);
  if (r.status === 404)
    return fail(
      `404 at ${new URL(url).pathname}: no Zipkin span intake there`,
      `Zipkin takes spans at ${ZIPKIN_PATH} on port ${ZIPKIN_PORT}: fix ${ctx.settings.ingestSource.label}.`,
      { httpStatus: r.status },
    );
  return httpVerdict(ctx, r, new URL(url).pathname, 'Zipkin');
}

/** Check 3: the ingest endpoint answers over the configured protocol; names a protocol/port/path mismatch. */
export const ingestCheck: Check = {
  id: 'ingest',
  title: 'Ingest reachable',
  needs: ['config', 'backend-health'],
  timeoutMs: () => 12_000,
  explain: `Sends an empty export to the endpoint the SDK would use, over the configured protocol: an empty protobuf
POST to .../v1/traces for OTLP/HTTP, an empty TraceService/Export call for OTLP/gRPC, an empty span list to
/api/v2/spans for Zipkin. Nothing is stored.
Fails when nothing listens, when the server hangs, when it answers something else, and names the commonest silent
misconfiguration: gRPC sent to the OTLP/HTTP port (4318) or HTTP sent to the gRPC port (4317) (doctor then asks the
port in the other protocol to be sure), and a missing or doubled /v1/traces (OTEL_EXPORTER_OTLP_ENDPOINT is a base URL
that SDKs append /v1/traces to; OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as-is).
Fix: change the setting the hint names (the endpoint's port or path, or the protocol).`,
  async run(ctx) {
    if (!ctx.settings.ingestUrl) return { status: 'skip', detail: 'no usable endpoint (see the configuration check)' };
    if (ctx.settings.protocol === 'grpc') return checkGrpc(ctx);
    if (ctx.settings.protocol === 'zipkin') return checkZipkin(ctx);
    return checkHttp(ctx);
  },
};
