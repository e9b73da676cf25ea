import path from 'node:path';
import { execa } from 'execa';
import { components, repoRoot } from './components.js';

const CLI = path.join(repoRoot, 'bin', 'tracekit.js');

/**
 * Runs the built CLI in a project folder as CI would (CI=1, no colour), with the cached Jaeger,
 * Zipkin jar and Collector found through their TRACEKIT_* variables; never throws on exit code.
 */
export function backendCli(dir: string, args: string[]) {
  const env = {
    CI: '1',
    FORCE_COLOR: '0',
    TRACEKIT_JAEGER_BIN: components.jaeger(),
    TRACEKIT_ZIPKIN_JAR: components.zipkinJar(),
    TRACEKIT_OTELCOL_BIN: components.collector(),
  };
  return execa('node', [CLI, '--cwd', dir, ...args], { env, reject: false, timeout: 240_000 });
}
