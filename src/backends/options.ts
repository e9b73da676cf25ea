import { NO_BACKEND } from '../config/choices.js';
import { DEFAULT_REDACTION } from '../config/redaction.js';
import type { AnyConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { resolvePorts } from './ports.js';
import { BACKENDS, backendById } from './registry.js';
import { type SamplingFlags, samplingFrom } from './sampling-options.js';
import { type BackendOptions, CLOUD_TARGETS, type CloudTarget, type RuntimeKind } from './types.js';

/** What the command line said, before validation. */
export interface BackendFlags extends SamplingFlags {
  /** Backends named by their own flag (--jaeger, --zipkin, ...). */
  named?: string[];
  backend?: string;
  /** --collector (true), --no-collector (false), or neither. */
  collector?: boolean;
  replicas?: string;
  cloud?: string;
  tailSampling?: boolean;
  storage?: string;
  public?: boolean;
  runtime?: string;
  port?: string[];
  dir?: string;
}

export const DEFAULT_DIR = 'tracing';

function pickBackend(f: BackendFlags, config: AnyConfig | undefined): string {
  const named = [...(f.named ?? [])];
  if (f.backend !== undefined) named.push(backendById(f.backend).id);
  const distinct = [...new Set(named)];
  if (distinct.length > 1) {
    throw new UsageError(
      `Choose one backend, not ${distinct.join(' and ')}.`,
      'Run one backend per project; put a Collector in front (--collector) to fan out to clouds.',
    );
  }
  if (distinct[0]) return distinct[0];
  if (config && config.backend !== NO_BACKEND) return config.backend;
  return BACKENDS[0]!.id;
}

function pickRuntime(f: BackendFlags, config: AnyConfig | undefined): RuntimeKind {
  const r = f.runtime ?? config?.runtime ?? 'compose';
  if (r !== 'compose' && r !== 'process')
    throw new UsageError(
      `Unknown runtime "${r}".`,
      'Use --runtime compose (Docker or Podman) or --runtime process (local binaries).',
    );
  return r;
}

/** The output folder (--dir), relative and inside the project: no `..`, no absolute path. */
export function backendDirFrom(raw: string | undefined): string {
  const dir = (raw ?? DEFAULT_DIR).replace(/\/+$/, '');
  if (!/^[A-Za-z0-9._/-]+$/.test(dir) || dir.startsWith('/') || dir.split('/').includes('..')) {
    throw new UsageError(
      `--dir ${JSON.stringify(raw)} must be a folder inside the project.`,
      'For example --dir tracing.',
    );
  }
  return dir;
}

/** Validates the flags against each other and the backend's spec. */
export function backendOptionsFrom(f: BackendFlags, config: AnyConfig | undefined): BackendOptions {
  const backend = pickBackend(f, config);
  const spec = backendById(backend);
  const runtime = pickRuntime(f, config);
  const replicas = f.replicas === undefined ? 1 : Number(f.replicas);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 16)
    throw new UsageError(`--replicas ${f.replicas} is not a whole number from 1 to 16.`, 'For example --replicas 3.');
  if (f.cloud !== undefined && !(CLOUD_TARGETS as readonly string[]).includes(f.cloud)) {
    throw new UsageError(`Unknown cloud "${f.cloud}".`, 'Use --cloud aws (X-Ray) or --cloud gcp (Cloud Trace).');
  }
  // A backend without OTLP intake (Zipkin) gets a Collector in front unless told not to: the
  // services tracekit instruments export OTLP, which it would refuse.
  const asked = Boolean(f.collector) || replicas > 1 || f.cloud !== undefined;
  const collector = f.collector === false ? false : asked || !spec.wellKnown.otlp;
  if (!collector && (replicas > 1 || f.cloud !== undefined)) {
    throw new UsageError('--replicas and --cloud need the Collector.', 'Drop --no-collector.');
  }
  if (runtime === 'process' && !spec.programs.length) {
    const runnable = BACKENDS.filter((b) => b.programs.length).map((b) => `--${b.id}`);
    throw new UsageError(
      `${spec.title} runs only with the compose runtime.`,
      `Drop --runtime process, or choose ${runnable.join(' or ')}.`,
    );
  }
  const storages = runtime === 'process' ? spec.processStorages : spec.storages;
  const storage = f.storage ?? storages[0]!;
  if (!spec.storages.includes(storage))
    throw new UsageError(`${spec.title} has no storage "${storage}".`, `Choose one of: ${spec.storages.join(', ')}.`);
  if (!storages.includes(storage)) {
    throw new UsageError(
      `The process runtime runs ${spec.title} with ${storages.join(' or ')} storage only.`,
      `Use --runtime compose for ${storage}.`,
    );
  }
  if (runtime === 'process' && replicas > 1)
    throw new UsageError('--replicas needs the compose runtime.', 'Drop --replicas, or use --runtime compose.');
  const dir = backendDirFrom(f.dir);
  return {
    backend,
    collector,
    replicas,
    cloud: f.cloud as CloudTarget | undefined,
    // Sampling is what a Collector asked for is for; one that only translates for Zipkin keeps every
    // trace, so the first request a newcomer sends is there to find.
    tailSampling: collector && (f.tailSampling ?? asked),
    storage,
    public: Boolean(f.public),
    runtime,
    ports: resolvePorts(spec, f.port),
    redaction: config?.redaction ?? DEFAULT_REDACTION,
    sampling: samplingFrom(f, config, spec),
    dir,
  };
}
