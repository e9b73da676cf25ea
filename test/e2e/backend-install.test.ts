import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { components } from '../support/components.js';
import { freePorts } from '../support/ports.js';
import { tempDir } from '../support/temp-tree.js';
import { copyFixture, runCli } from './node-service.js';

/**
 * `tracekit backend install` and the checks `backend up --runtime process` makes before it writes,
 * with the built CLI. Installing with everything cached is a no-op that says so (the tests never
 * rebuild: the cache holds what scripts/setup-test-env.sh installed through this same command).
 * A missing program or a held port stops `up` before any file is written or tracekit.yaml changes,
 * and the install command it prints runs as printed.
 */
const emptyCache = tempDir('tk-empty-cache-');
let project: ReturnType<typeof copyFixture>;
let before: { files: string[]; config: string };

/** The project's files, dotfiles included, and its tracekit.yaml, to compare before and after. */
function snapshot(dir: string) {
  return {
    files: readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => !f.startsWith('node_modules'))
      .sort(),
    config: readFileSync(path.join(dir, 'tracekit.yaml'), 'utf8'),
  };
}

beforeAll(async () => {
  project = copyFixture('node-http');
  const r = await runCli(['init', '--yes', '--no-install'], project.dir);
  if (r.exitCode !== 0) throw new Error(`init failed (${r.exitCode}):\n${r.stderr}`);
  before = snapshot(project.dir);
}, 120_000);

afterAll(() => {
  project?.cleanup();
  rmSync(emptyCache, { recursive: true, force: true });
});

describe('tracekit backend install', () => {
  it('with everything cached: the plan shows each build where it is, nothing is rebuilt, and it says so', async () => {
    const files = [components.jaeger(), components.zipkinJar(), components.collector()];
    const mtimes = files.map((f) => statSync(f).mtimeMs);
    const r = await runCli(['--json', 'backend', 'install', '--jaeger', '--zipkin', '--collector'], project.dir);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('Nothing to install: everything is already in the cache.');
    expect(r.stderr.match(/already installed: /g)?.length).toBe(3);
    const result = JSON.parse(r.stdout) as { items: { id: string; path: string; state: string }[] };
    expect(result.items.map((i) => [i.id, i.state])).toEqual([
      ['jaeger', 'cached'],
      ['zipkin', 'cached'],
      ['collector', 'cached'],
    ]);
    expect(result.items.map((i) => i.path)).toEqual(files);
    expect(files.map((f) => statSync(f).mtimeMs)).toEqual(mtimes);
  });
});

describe('backend up --runtime process checks before it writes', () => {
  it('a program found nowhere: exit 2, the install command named, nothing written, tracekit.yaml kept', async () => {
    const env = { TRACEKIT_CACHE: emptyCache, PATH: path.dirname(process.execPath) };
    const r = await runCli(['backend', 'up', '--jaeger', '--runtime', 'process'], project.dir, env);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain('Cannot find the Jaeger v2 binary');
    expect(r.stderr).toContain(path.join(emptyCache, 'jaeger-v1.76.0', 'jaeger'));
    expect(snapshot(project.dir)).toEqual(before);

    // The command it names runs as printed: here as a plan only, since the tests never build Jaeger.
    const printed = /`tracekit (backend install[^`]*)`/.exec(r.stderr)?.[1];
    expect(printed).toBe('backend install --jaeger');
    const plan = await runCli([...printed!.split(' '), '--dry-run'], project.dir, { TRACEKIT_CACHE: emptyCache });
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stderr).toContain('built with Go from the Go module proxy → jaeger-v1.76.0/jaeger');
    expect(plan.stderr).toContain('Dry run: nothing was installed.');
  });

  it('a port in use: exit 2, the port named, no file written', async () => {
    const server = net.createServer();
    const port = await new Promise<number>((r) =>
      server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)),
    );
    try {
      const r = await runCli(
        ['backend', 'up', '--jaeger', '--runtime', 'process', '--port', `ui=${port}`],
        project.dir,
      );
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toContain(`Port ${port} (Jaeger) is already in use`);
    } finally {
      server.close();
    }
    expect(snapshot(project.dir)).toEqual(before);
  });

  it('--install: one command without Docker fetches the missing jar into the cache, then starts Zipkin', async () => {
    // Only Zipkin's jar, which Maven copies from its local repository (setup put it there): no build.
    const cache = tempDir('tk-install-cache-');
    const dir = tempDir('tk-install-up-');
    const [ui] = await freePorts(1);
    const args = ['backend', 'up', '--zipkin', '--no-collector', '--runtime', 'process', '--install'];
    try {
      const r = await runCli([...args, '--port', `ui=${ui}`, '--timeout', '120'], dir, { TRACEKIT_CACHE: cache });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toContain("Cannot find Zipkin's server jar");
      expect(r.stderr).toContain('fetched from Maven Central with mvn');
      expect(r.stderr).toContain('Starting Zipkin: ');
      expect(r.stderr).toContain(path.join(cache, 'zipkin-3.5.1', 'zipkin-server-3.5.1-exec.jar'));
      const health = await fetch(`http://127.0.0.1:${ui}/health`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(200);
    } finally {
      await runCli(['backend', 'down'], dir);
      rmSync(cache, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('--write-only writes the files (and the endpoint in tracekit.yaml) and starts nothing', async () => {
    const env = { TRACEKIT_CACHE: emptyCache, PATH: path.dirname(process.execPath) };
    const r = await runCli(['backend', 'up', '--jaeger', '--runtime', 'process', '--write-only'], project.dir, env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(path.join(project.dir, 'tracing', 'jaeger', 'config.yaml'), 'utf8')).toContain('otlp');
    expect(readdirSync(path.join(project.dir, '.tracekit', 'backend'))).not.toContain('state.json');
  });
});
