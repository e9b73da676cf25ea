import { collectorRedaction } from '../../config/redaction-rules.js';
import type { RenderEngine } from '../../render/engine.js';
import { type BackendOptions, type BackendSpec, configPath, type Network } from '../types.js';

/** In-container ports (health_check's default 13133). */
export const C = { otlpGrpc: 4317, otlpHttp: 4318, health: 13133 };
/** Tail-sampling thresholds: keep traces slower than this, and this share of the rest. */
export const SLOW_TRACE_MS = 500;
export const SAMPLE_PERCENT = 10;

/** Batches the sending queue holds while the backend is away (each up to the batch processor's size). */
export const QUEUE_SIZE = 5000;

/**
 * Where the Collector keeps its sending queue: on disk beside its config as a process, in a
 * volume with compose; in memory for replicas, which would otherwise share one folder.
 */
export function queueDirOf(o: BackendOptions, runtime: Network['runtime']): string | undefined {
  if (o.replicas > 1) return undefined;
  return runtime === 'process' ? configPath(o, 'collector/queue') : '/var/lib/otelcol/queue';
}

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
  const redaction = collectorRedaction(o.redaction);
  const redacting = redaction.keyPatterns.length + redaction.values.length > 0;
  const processors = [
    'memory_limiter',
    ...(o.tailSampling ? ['tail_sampling'] : []),
    ...(redacting ? ['redaction'] : []),
    'batch',
  ];
  const files = [
    {
      path: 'collector/config.yaml',
      content: await engine.render('backends/collector/config.yaml.hbs', {
        backendTitle: backend.title,
        listen,
        queueDir: queueDirOf(o, net.runtime) ?? '',
        queueSize: QUEUE_SIZE,
        tailSampling: o.tailSampling,
        slowMs: SLOW_TRACE_MS,
        samplePercent: SAMPLE_PERCENT,
        redacting,
        redaction,
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
        queueDir: '',
        replicas: o.replicas,
        replicaService: 'collector',
      }),
    });
  }
  return files;
}
