import os from 'node:os';
import path from 'node:path';

/**
 * What `tracekit backend install` puts in tracekit's cache, and where: one versioned folder per
 * program under TRACEKIT_CACHE (default ~/.cache/tracekit). The program lookup, the installer,
 * scripts/setup-test-env.sh and the tests all read these names, so they cannot disagree.
 */
export const CACHED_VERSIONS = {
  /** Jaeger 2.13; later 2.x releases are not published as Go modules. */
  jaeger: 'v1.76.0',
  /** Core and contrib Collector modules resolve together at this release. */
  collector: 'v0.161.0',
  /** Bump when templates/backends/collector/builder.yaml changes: a new cache folder. */
  collectorBuildRev: 2,
  zipkin: '3.5.1',
} as const;

/** The cache folder: TRACEKIT_CACHE, else ~/.cache/tracekit. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  return env.TRACEKIT_CACHE || path.join(env.HOME || os.homedir(), '.cache', 'tracekit');
}

const v = CACHED_VERSIONS;

/** Each cached program: its folder under the cache and the file in it that runs. */
export const CACHED_PROGRAMS = {
  jaeger: { folder: `jaeger-${v.jaeger}`, file: 'jaeger' },
  collector: { folder: `otelcol-${v.collector}-r${v.collectorBuildRev}`, file: 'otelcol-tracekit' },
  zipkin: { folder: `zipkin-${v.zipkin}`, file: `zipkin-server-${v.zipkin}-exec.jar` },
} as const;

export type CachedProgramId = keyof typeof CACHED_PROGRAMS;

/** The absolute path of a cached program (whether or not it is there yet). */
export function cachedProgramPath(env: NodeJS.ProcessEnv, id: CachedProgramId): string {
  const c = CACHED_PROGRAMS[id];
  return path.join(cacheDir(env), c.folder, c.file);
}

/**
 * The `tracekit backend install` command for what a deployment runs as processes. Like `up`,
 * install puts a Collector in front of a backend without OTLP unless told --no-collector.
 */
export function installCommandFor(d: { options: { backend: string; collector: boolean }; endpoint?: unknown }): string {
  const collector = d.options.collector ? ' --collector' : d.endpoint ? '' : ' --no-collector';
  return `tracekit backend install --${d.options.backend}${collector}`;
}
