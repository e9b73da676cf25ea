import type { RenderEngine } from '../../render/engine.js';
import { healthcheckToolsService, TOOLS_VOLUME, withHealthcheckTools } from '../healthcheck-tools.js';
import {
  type BackendOptions,
  type BackendSpec,
  type Contribution,
  configPath,
  type Network,
  type ProgramSpec,
  type ServicePlan,
  type WellKnownPorts,
} from '../types.js';

/** The contrib image carries every component the generated configs name (tail_sampling, redaction, awsxray, ...). */
export const COLLECTOR_IMAGE = 'otel/opentelemetry-collector-contrib:0.161.0';
/** In-container ports (health_check's default 13133; the host port is COLLECTOR_PORTS.healthPort). */
const C = { otlpGrpc: 4317, otlpHttp: 4318, health: 13133 };

/**
 * The Collector is not a backend of the registry (it sits in front of one), but doctor probes it
 * and `backend` starts it: its host ports live here. Its health port on the host is 13134,
 * because 13133 (its in-container default) is Jaeger's.
 */
export const COLLECTOR_PORTS: WellKnownPorts = {
  healthPort: 13134,
  healthPath: '/',
  otlp: { grpc: C.otlpGrpc, http: C.otlpHttp },
};

export const COLLECTOR_PROGRAM: ProgramSpec = {
  id: 'collector',
  flag: 'collector-bin',
  env: 'TRACEKIT_OTELCOL_BIN',
  pathNames: ['otelcol-contrib', 'otelcol'],
  what: 'an OpenTelemetry Collector binary (otelcol-contrib)',
  file: 'executable',
};
/** Tail-sampling thresholds: keep traces slower than this, and this share of the rest. */
export const SLOW_TRACE_MS = 500;
export const SAMPLE_PERCENT = 10;

/** Environment the cloud exporters read; compose passes these names through from the shell. */
export const CLOUD_ENV = {
  aws: ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'],
  gcp: ['GOOGLE_CLOUD_PROJECT'],
} as const;

/** An attribute key as an anchored regular expression (keys may hold "." and "-"). */
export const keyPattern = (key: string) => `^${key.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}$`;

function exporterNames(o: BackendOptions, kind: 'otlp' | 'zipkin'): string[] {
  const names = [kind === 'zipkin' ? 'zipkin' : 'otlp_grpc/backend'];
  if (o.cloud === 'aws') names.push('awsxray');
  if (o.cloud === 'gcp') names.push('googlecloud');
  return names;
}

/** Renders the Collector config (and the load-balancing layer's, with replicas). */
export async function renderCollectorConfigs(
  o: BackendOptions,
  net: Network,
  backend: BackendSpec,
  engine: RenderEngine,
): Promise<{ path: string; content: string }[]> {
  const target = backend.collectorTarget(o, net);
  const layered = o.replicas > 1;
  // Replicas sit behind the load-balancing layer and listen on their container ports only.
  const listenOn = (container: number, host: number) =>
    `${net.listenHost}:${layered ? container : net.listenPort(container, host)}`;
  const listen = {
    otlpGrpc: listenOn(C.otlpGrpc, o.ports['otlp-grpc']),
    otlpHttp: listenOn(C.otlpHttp, o.ports['otlp-http']),
    health: listenOn(C.health, o.ports['collector-health']),
  };
  const redactPatterns = o.redactKeys.map(keyPattern);
  const processors = [
    'memory_limiter',
    ...(o.tailSampling ? ['tail_sampling'] : []),
    ...(redactPatterns.length ? ['redaction'] : []),
    'batch',
  ];
  const files = [
    {
      path: 'collector/config.yaml',
      content: await engine.render('backends/collector/config.yaml.hbs', {
        backendTitle: backend.title,
        listen,
        tailSampling: o.tailSampling,
        slowMs: SLOW_TRACE_MS,
        samplePercent: SAMPLE_PERCENT,
        redactPatterns,
        target,
        cloud: o.cloud ?? '',
        processorNames: processors.join(', '),
        exporterNames: exporterNames(o, target.kind).join(', '),
      }),
    },
  ];
  if (layered) {
    const entry = {
      otlpGrpc: `${net.listenHost}:${C.otlpGrpc}`,
      otlpHttp: `${net.listenHost}:${C.otlpHttp}`,
      health: `${net.listenHost}:${C.health}`,
    };
    files.push({
      path: 'collector/loadbalancer.yaml',
      content: await engine.render('backends/collector/loadbalancer.yaml.hbs', {
        listen: entry,
        replicas: o.replicas,
        replicaService: 'collector',
      }),
    });
  }
  return files;
}

function cloudCompose(o: BackendOptions): Record<string, unknown> {
  if (!o.cloud) return {};
  const env: string[] = [...CLOUD_ENV[o.cloud]];
  const volumes: string[] = [];
  if (o.cloud === 'gcp') {
    // The key file stays where the user keeps it; only its path is known to compose.
    env.push('GOOGLE_APPLICATION_CREDENTIALS=/etc/gcp/credentials.json');
    volumes.push(
      '${GOOGLE_APPLICATION_CREDENTIALS:?set GOOGLE_APPLICATION_CREDENTIALS to your service account key file}:/etc/gcp/credentials.json:ro',
    );
  }
  return { environment: env, extraVolumes: volumes };
}

/** The Collector services: one in front of the backend, or a load-balancing layer and N replicas. */
export async function collectorContribution(
  o: BackendOptions,
  net: Network,
  backend: BackendSpec,
  engine: RenderEngine,
): Promise<Contribution> {
  const files = await renderCollectorConfigs(o, net, backend, engine);
  const target = backend.collectorTarget(o, net);
  const p = o.ports;
  const tools = withHealthcheckTools(`http://127.0.0.1:${C.health}/`);
  const { extraVolumes = [], ...cloud } = cloudCompose(o) as { environment?: string[]; extraVolumes?: string[] };
  const entryPorts = [
    net.publish(p['otlp-grpc'], C.otlpGrpc),
    net.publish(p['otlp-http'], C.otlpHttp),
    net.publish(p['collector-health'], C.health),
  ];
  const layered = o.replicas > 1;
  const service = (name: string, config: string, extra: Record<string, unknown>, dependsOn: string): ServicePlan => ({
    name,
    title: name === 'collector-lb' ? 'Collector (load-balancing layer)' : 'OpenTelemetry Collector',
    ...(extra.ports ? { healthUrl: `http://127.0.0.1:${p['collector-health']}/` } : {}),
    hostPorts: extra.ports ? [p['otlp-grpc'], p['otlp-http'], p['collector-health']] : [],
    compose: {
      image: COLLECTOR_IMAGE,
      command: [`--config=/etc/otelcol/${config}`],
      ...tools,
      volumes: [`./collector/${config}:/etc/otelcol/${config}:ro`, ...(tools.volumes as string[])],
      depends_on: { ...(tools.depends_on as object), [dependsOn]: { condition: 'service_healthy' } },
      ...extra,
      restart: 'unless-stopped',
    },
    process: { program: COLLECTOR_PROGRAM, args: [`--config=${configPath(o, `collector/${config}`)}`] },
  });
  const replicaExtra = {
    ...cloud,
    ...(extraVolumes.length
      ? {
          volumes: [
            `./collector/config.yaml:/etc/otelcol/config.yaml:ro`,
            ...(tools.volumes as string[]),
            ...extraVolumes,
          ],
        }
      : {}),
  };
  const services = layered
    ? [
        service('collector', 'config.yaml', { ...replicaExtra, deploy: { replicas: o.replicas } }, target.service),
        service('collector-lb', 'loadbalancer.yaml', { ports: entryPorts }, 'collector'),
      ]
    : [service('collector', 'config.yaml', { ...replicaExtra, ports: entryPorts }, target.service)];
  return {
    services: net.runtime === 'compose' ? [healthcheckToolsService, ...services] : services,
    files,
    volumes: net.runtime === 'compose' ? [TOOLS_VOLUME] : [],
    urls: [],
    data: [],
  };
}
