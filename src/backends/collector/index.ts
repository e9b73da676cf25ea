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
import { C, queueDirOf, renderCollectorConfigs } from './config.js';

/** The contrib image carries every component the generated configs name (tail_sampling, redaction, awsxray, ...). */
export const COLLECTOR_IMAGE = 'otel/opentelemetry-collector-contrib:0.161.0';

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
  cached: 'collector',
};
/** Environment the cloud exporters read; compose passes these names through from the shell. */
export const CLOUD_ENV = {
  aws: ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'],
  gcp: ['GOOGLE_CLOUD_PROJECT'],
} as const;

function cloudCompose(o: BackendOptions): Record<string, unknown> {
  if (!o.cloud) return {};
  const env: string[] = [...CLOUD_ENV[o.cloud]];
  const volumes: string[] = [];
  if (o.cloud === 'gcp') {
    // The key file stays where the user keeps it; only its path is known to compose.
    env.push('GOOGLE_APPLICATION_CREDENTIALS=/etc/gcp/credentials.json');
    volumes.push(
      '${GOOGLE_APPLICATION_CREDENTIALS:?set GOOGLE_APPLICATION_CREDENTIALS to your service account key file}' +
        ':/etc/gcp/credentials.json:ro',
    );
  }
  return { environment: env, extraVolumes: volumes };
}

const QUEUE_VOLUME = 'collector-queue';

/** Where the Collector's sending queue lives, for `backend status`. */
function queueNote(runtime: Network['runtime'], dir: string | undefined): { where: string; path?: string } {
  if (!dir) return { where: 'sending queue in memory (replicas): lost if a replica stops during an outage' };
  if (runtime === 'process') return { where: `sending queue in ${dir}, kept across restarts`, path: dir };
  return { where: `sending queue in the ${QUEUE_VOLUME} volume, kept across restarts` };
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
  const queueDir = queueDirOf(o, net.runtime);
  // Compose keeps the queue in a named volume; the process runtime in the output folder.
  const queueVolume = net.runtime === 'compose' && queueDir ? [`${QUEUE_VOLUME}:${queueDir}`] : [];
  const replicaExtra = {
    ...cloud,
    volumes: [
      './collector/config.yaml:/etc/otelcol/config.yaml:ro',
      ...(tools.volumes as string[]),
      ...extraVolumes,
      ...queueVolume,
    ],
  };
  const services = layered
    ? [
        service('collector', 'config.yaml', { ...replicaExtra, deploy: { replicas: o.replicas } }, target.service),
        service('collector-lb', 'loadbalancer.yaml', { ports: entryPorts }, 'collector'),
      ]
    : [service('collector', 'config.yaml', { ...replicaExtra, ports: entryPorts }, target.service)];
  return {
    services: net.runtime === 'compose' ? [healthcheckToolsService, ...services] : services,
    // The queue stays out of git with the rest of the folder.
    files:
      net.runtime === 'process' && queueDir ? [...files, { path: 'collector/.gitignore', content: 'queue/\n' }] : files,
    volumes: net.runtime === 'compose' ? [TOOLS_VOLUME, ...(queueVolume.length ? [QUEUE_VOLUME] : [])] : [],
    urls: [],
    data: [{ service: 'collector', ...queueNote(net.runtime, queueDir) }],
  };
}
