import type { RenderEngine } from '../render/engine.js';
import { collectorContribution } from './collector/index.js';
import { networkFor } from './network.js';
import { assertDistinct } from './ports.js';
import { backendById } from './registry.js';
import type { BackendOptions, Contribution, Deployment } from './types.js';

/** Merges contributions; a service two parts need (the health check tools) appears once. */
function merge(parts: Contribution[]): Contribution {
  const out: Contribution = { services: [], files: [], volumes: [], urls: [], data: [] };
  for (const part of parts) {
    for (const s of part.services) if (!out.services.some((x) => x.name === s.name)) out.services.push(s);
    out.files.push(...part.files);
    for (const v of part.volumes) if (!out.volumes.includes(v)) out.volumes.push(v);
    out.urls.push(...part.urls);
    out.data.push(...part.data);
  }
  return out;
}

/** Everything a set of options means: services, files, volumes, URLs and the OTLP endpoint. */
export async function planDeployment(o: BackendOptions, engine: RenderEngine): Promise<Deployment> {
  const spec = backendById(o.backend);
  const net = networkFor(o);
  const parts = [await spec.contribute(o, net, engine)];
  if (o.collector) parts.push(await collectorContribution(o, net, spec, engine));
  const merged = merge(parts);
  const endpoint = o.collector
    ? { http: net.hostUrl(o.ports['otlp-http']), grpc: net.hostUrl(o.ports['otlp-grpc']) }
    : spec.directOtlp(o, net);
  // A backend without OTLP intake lists its own intake URL in its contribution.
  if (endpoint) {
    merged.urls.push({ label: 'OTLP/HTTP', url: endpoint.http }, { label: 'OTLP/gRPC', url: endpoint.grpc });
  }
  assertDistinct(merged.services.flatMap((s) => s.hostPorts.map((port) => ({ name: s.title, port }))));
  return { ...merged, options: o, endpoint };
}
