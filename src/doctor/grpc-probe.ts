import http2 from 'node:http2';
import { classifyNetError, hostPort, type NetFailure } from './network.js';

/** What an OTLP/gRPC endpoint said to an empty Export call. */
export interface GrpcAnswer {
  httpStatus: number;
  /** Undefined when the server answered HTTP/2 without gRPC trailers (not a gRPC server). */
  grpcStatus?: number;
  grpcMessage?: string;
}

export const TRACE_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/**
 * Calls TraceService/Export with an empty request over HTTP/2, as the gRPC exporter would,
 * using node's own http2 client so the probe shares nothing with the exporter it checks.
 * Never throws; the session is always destroyed by the deadline.
 */
export function grpcExportProbe(
  origin: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<GrpcAnswer | { failure: NetFailure }> {
  const where = hostPort(origin);
  return new Promise((resolve) => {
    let session: http2.ClientHttp2Session | undefined;
    let httpStatus = 0;
    let settled = false;
    const finish = (r: GrpcAnswer | { failure: NetFailure }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session?.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ failure: classifyNetError({ name: 'TimeoutError' }, where, timeoutMs, 'HTTP/2 gRPC') }),
      Math.max(1, timeoutMs),
    );
    const fromHeaders = (h: http2.IncomingHttpHeaders): GrpcAnswer => {
      const status = h['grpc-status'];
      const message = h['grpc-message'];
      return {
        httpStatus,
        ...(status !== undefined ? { grpcStatus: Number(status) } : {}),
        ...(typeof message === 'string' ? { grpcMessage: decodeURIComponent(message) } : {}),
      };
    };
    try {
      session = http2.connect(new URL(origin).origin);
      session.on('error', (err) => finish({ failure: classifyNetError(err, where, timeoutMs, 'HTTP/2 gRPC') }));
      const req = session.request({
        ':method': 'POST',
        ':path': TRACE_EXPORT_PATH,
        'content-type': 'application/grpc',
        te: 'trailers',
        ...headers,
      });
      req.on('response', (h) => {
        httpStatus = Number(h[':status'] ?? 0);
        // A "trailers-only" answer carries grpc-status in the headers.
        if (h['grpc-status'] !== undefined) finish(fromHeaders(h));
      });
      req.on('trailers', (t) => finish(fromHeaders(t)));
      req.on('data', () => undefined);
      req.on('end', () => finish({ httpStatus }));
      req.on('error', (err) => finish({ failure: classifyNetError(err, where, timeoutMs, 'HTTP/2 gRPC') }));
      // An empty ExportTraceServiceRequest: uncompressed flag 0, length 0.
      req.end(Buffer.alloc(5));
    } catch (err) {
      finish({ failure: classifyNetError(err, where, timeoutMs, 'HTTP/2 gRPC') });
    }
  });
}
