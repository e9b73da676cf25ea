import type { RenderEngine } from '../render/engine.js';
import type { BackendSpec } from './backend-spec.js';
import { collectorContribution } from './collector.js';
import { jaegerSpec } from './jaeger.js';
import { networkFor } from './network.js';
import { assertDistinct } from './ports.js';
import type { BackendKind, BackendOptions, Contribution, Deployment } from './spec.js';
import { tempoSpec } from './tempo.js';
import { zipkinSpec } from './zipkin.js';

/** The backend table: adding a backend adds an entry here and a spec file. */
export const BACKEND_SPECS: Record<BackendKind, BackendSpec> = {
  jaeger: jaegerSpec,
  zipkin: zipkinSpec,
  tempo: tempoSpec,
};

/** Merges contributions; a service two parts need (the health check tools) appears once. */
function merge(parts: Contribution[]): Contribution {
  const out: Contribution = { services: [], files: [], volumes: [], urls: [] };
  for (const part of parts) {
    for (const s of part.services) if (!out.services.some((x) => x.name === s.name)) out.services.push(s);
    out.files.push(...part.files);
    for (const v of part.volumes) if (!out.volumes.includes(v)) out.volumes.push(v);
    out.urls.push(...part.urls);
  }
  return out;
}

/** Everything a set of options means: services, files, volumes, URLs and the OTLP endpoint. */
export async function planDeployment(o: BackendOptions, engine: RenderEngine): Promise<Deployment> {
  const spec = BACKEND_SPECS[o.backend];
  const net = networkFor(o);
  const parts = [await spec.contribute(o, net, engine)];
  if (o.collector) parts.push(await collectorContribution(o, net, spec, engine));
  const merged = merge(parts);
  const endpoint = o.collector
    ? { http: net.hostUrl(o.ports['otlp-http']), grpc: net.hostUrl(o.ports['otlp-grpc']) }
    : spec.directOtlp(o, net);
  if (endpoint)
    merged.urls.push({ label: 'OTLP/HTTP', url: endpoint.http }, { label: 'OTLP/gRPC', url: endpoint.grpc });
  else merged.urls.push({ label: 'Zipkin span intake', url: `${net.hostUrl(o.ports.ui)}/api/v2/spans` });
  assertDistinct(merged.services.flatMap((s) => s.hostPorts.map((port) => ({ name: s.title, port }))));
  return { ...merged, options: o, endpoint };
}
