import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/components.js';
import { freePorts } from '../support/ports.js';
import { tempDir } from '../support/temp-tree.js';

/**
 * There is no Docker engine here, so the compose runtime runs against a STAND-IN `docker`
 * executable that the test puts first on PATH. It records every argument list and answers
 * `compose version`, `up`, `ps --format json`, `logs` and `down` like Compose v2 would; the
 * tests assert on what tracekit asked it to do. Every test name says "stand-in docker".
 */
const cli = path.join(repoRoot, 'bin', 'tracekit.js');
const bin = tempDir('tracekit-standin-docker-');
const calls = path.join(bin, 'calls.jsonl');

const STANDIN = `#!${process.execPath}
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from ${JSON.stringify(path.join(repoRoot, 'node_modules', 'yaml', 'dist', 'index.js'))};
const args = process.argv.slice(2);
appendFileSync(${JSON.stringify(calls)}, JSON.stringify(args) + '\\n');
const up = ${JSON.stringify(path.join(bin, 'up'))};
if (args[0] !== 'compose') process.exit(1);
if (args[1] === 'version') { console.log('Docker Compose version v2.40.0 (stand-in)'); process.exit(0); }
const file = args[args.indexOf('-f') + 1];
const services = Object.entries(parse(readFileSync(file, 'utf8')).services);
const verb = args.find((a) => ['up', 'ps', 'down', 'logs'].includes(a));
if (verb === 'up') writeFileSync(up, '');
if (verb === 'down') writeFileSync(up, 'down');
if (verb === 'logs') console.log('stand-in log line: listening failed');
if (verb === 'ps') {
  const running = existsSync(up) && readFileSync(up, 'utf8') === '';
  if (!running) process.exit(0);
  const sick = process.env.STANDIN_UNHEALTHY;
  for (const [name, s] of services) {
    const oneShot = !s.healthcheck;
    console.log(JSON.stringify({ Service: name, State: oneShot ? 'exited' : 'running', ExitCode: 0,
      Health: oneShot ? '' : name === sick ? 'starting' : 'healthy',
      Publishers: (s.ports ?? []).map((p) => ({ URL: '127.0.0.1', PublishedPort: Number(p.split(':')[1]),
        TargetPort: Number(p.split(':')[2]) })) }));
  }
}
`;

const recorded = (): string[][] =>
  existsSync(calls)
    ? readFileSync(calls, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[])
    : [];
const reset = () => rmSync(calls, { force: true });

function tracekit(dir: string, args: string[], env: Record<string, string> = {}) {
  return execa('node', [cli, '--cwd', dir, ...args], {
    env: { CI: '1', FORCE_COLOR: '0', PATH: `${bin}${path.delimiter}${process.env.PATH}`, ...env },
    reject: false,
    timeout: 60_000,
  });
}

let portFlags: string[];
let ports: number[];
beforeAll(async () => {
  writeFileSync(path.join(bin, 'docker'), STANDIN);
  chmodSync(path.join(bin, 'docker'), 0o755);
  ports = await freePorts(5);
  portFlags = ['otlp-grpc', 'otlp-http', 'ui', 'health', 'collector-health'].flatMap((n, i) => [
    '--port',
    `${n}=${ports[i]}`,
  ]);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

describe('compose runtime with a stand-in docker', () => {
  const dir = tempDir('tracekit-backend-compose-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'tracing', 'compose.yaml');

  it('stand-in docker: up writes the files, runs compose up (fixed project), awaits health, prints URLs', async () => {
    reset();
    rmSync(path.join(bin, 'up'), { force: true });
    const r = await tracekit(dir, ['--json', 'backend', 'up', '--jaeger', '--collector', ...portFlags]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(path.join(dir, 'tracing', 'collector', 'config.yaml'))).toBe(true);
    const calls = recorded();
    expect(calls[0]).toEqual(['compose', 'version']);
    expect(calls).toContainEqual(['compose', '-p', 'tracekit', '-f', file, 'up', '--detach', '--remove-orphans']);
    expect(calls.some((c) => c.join(' ') === `compose -p tracekit -f ${file} ps --all --format json`)).toBe(true);
    const result = JSON.parse(r.stdout) as { state: string; urls: { label: string; url: string }[] };
    expect(result.state).toBe('started');
    expect(result.urls).toContainEqual({ label: 'Jaeger UI', url: `http://localhost:${ports[2]}` });
    expect(result.urls).toContainEqual({ label: 'OTLP/HTTP', url: `http://localhost:${ports[1]}` });
    expect(r.stderr).toContain('Jaeger UI');
  });

  it('stand-in docker: a second up starts no second copy', async () => {
    reset();
    const r = await tracekit(dir, ['--json', 'backend', 'up', '--jaeger', '--collector', ...portFlags]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { state: string }).state).toBe('already-running');
    expect(recorded().some((c) => c.includes('up'))).toBe(false);
  });

  it('stand-in docker: status shows each service, state, health and published URLs', async () => {
    const r = await tracekit(dir, ['--json', 'backend', 'status']);
    expect(r.exitCode, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      healthy: boolean;
      runtime: string;
      services: { name: string; health: string; ports: number[] }[];
    };
    expect(s.runtime).toBe('compose');
    expect(s.healthy).toBe(true);
    expect(s.services.find((x) => x.name === 'jaeger')).toMatchObject({
      health: 'healthy',
      ports: [ports[2], ports[3]],
    });
    expect(r.stderr).toContain(`http://localhost:${ports[0]}`);
  });

  it('stand-in docker: down keeps volumes unless --volumes', async () => {
    reset();
    expect((await tracekit(dir, ['backend', 'down'])).exitCode).toBe(0);
    expect(recorded()).toContainEqual(['compose', '-p', 'tracekit', '-f', file, 'down', '--remove-orphans']);
    reset();
    expect((await tracekit(dir, ['backend', 'down', '--volumes'])).exitCode).toBe(0);
    expect(recorded()).toContainEqual([
      'compose',
      '-p',
      'tracekit',
      '-f',
      file,
      'down',
      '--remove-orphans',
      '--volumes',
    ]);
  });

  it('stand-in docker: a service that never gets healthy times out naming it, with its log tail', async () => {
    rmSync(path.join(bin, 'up'), { force: true });
    const r = await tracekit(dir, ['backend', 'up', '--jaeger', '--collector', ...portFlags, '--timeout', '1'], {
      STANDIN_UNHEALTHY: 'collector',
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('collector did not become healthy within 1 s');
    expect(r.stderr).toContain('stand-in log line: listening failed');
    expect(recorded()).toContainEqual([
      'compose',
      '-p',
      'tracekit',
      '-f',
      file,
      'logs',
      '--no-color',
      '--tail',
      '20',
      'collector',
    ]);
  });

  it('stand-in docker: a hand-edited compose file is a conflict, kept as the user wrote it', async () => {
    const edited = readFileSync(file, 'utf8').replace('restart: unless-stopped', 'restart: always');
    writeFileSync(file, edited);
    reset();
    const r = await tracekit(dir, ['backend', 'up', '--jaeger', '--collector', ...portFlags]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      '1 file would be overwritten: tracing/compose.yaml (edited since tracekit wrote it). ' +
        'Nothing was written or started.',
    );
    expect(r.stderr).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(recorded().some((c) => c.includes('up'))).toBe(false);
  });
});

describe('bad input', () => {
  const dir = tempDir('tracekit-backend-bad-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('two backends at once is a usage error', async () => {
    const r = await tracekit(dir, ['backend', 'up', '--jaeger', '--zipkin']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('Choose one backend, not jaeger and zipkin');
  });

  it('an unknown backend is a usage error naming the choices', async () => {
    const r = await tracekit(dir, ['backend', 'up', '--backend', 'datadog']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('Unknown backend "datadog"');
    expect(r.stderr).toContain('--jaeger, --zipkin, --tempo');
  });

  it('a port in use is named with the process that holds it (stand-in docker)', async () => {
    const server = net.createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
    );
    rmSync(path.join(bin, 'up'), { force: true }); // nothing running: tracekit must start, so it checks ports
    try {
      const r = await tracekit(dir, ['backend', 'up', '--zipkin', '--port', `ui=${port}`]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`Port ${port} (Zipkin) is already in use by pid ${process.pid} (`);
      expect(r.stderr).toContain('--port');
    } finally {
      server.close();
    }
  });

  it('a missing binary for the process runtime names the flag and variable to set', async () => {
    const r = await tracekit(dir, ['backend', 'up', '--jaeger', '--runtime', 'process'], {
      TRACEKIT_JAEGER_BIN: path.join(dir, 'no-such-jaeger'),
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('the Jaeger v2 binary was not found at');
    expect(r.stderr).toContain('TRACEKIT_JAEGER_BIN');
    expect(existsSync(path.join(dir, '.tracekit', 'backend', 'state.json'))).toBe(false);
  });

  it('no container engine on PATH: a clear error naming the fix', async () => {
    const empty = tempDir('tracekit-nopath-');
    mkdirSync(path.join(empty, 'bin'));
    const r = await execa(
      process.execPath,
      [cli, '--cwd', dir, 'backend', 'up', '--zipkin', '--port', `ui=${ports[4]}`],
      { env: { CI: '1', PATH: path.join(empty, 'bin') }, reject: false },
    );
    rmSync(empty, { recursive: true, force: true });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('No container engine with compose found');
    expect(r.stderr).toContain('--runtime process');
  });
});

describe('tracekit.yaml records the endpoint (stand-in docker)', () => {
  const dir = tempDir('tracekit-backend-yaml-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const yaml = [
    '# my notes stay',
    'version: 1',
    'service:',
    '  name: api',
    'language: node',
    'framework: express',
    'backend: jaeger',
    'exporter:',
    '  protocol: grpc',
    '  endpoint: http://localhost:4317',
    '',
  ].join('\n');

  it('stand-in docker: no --yes, no terminal: an edited tracekit.yaml stays unchanged, nothing starts', async () => {
    writeFileSync(path.join(dir, 'tracekit.yaml'), yaml);
    rmSync(path.join(bin, 'up'), { force: true });
    reset();
    const r = await tracekit(dir, ['backend', 'up', '--tempo', '--collector', ...portFlags], {
      GRAFANA_ADMIN_PASSWORD: 'test-only',
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(readFileSync(path.join(dir, 'tracekit.yaml'), 'utf8')).toBe(yaml);
    expect(existsSync(path.join(dir, 'tracing', 'compose.yaml'))).toBe(false);
    expect(recorded().some((c) => c.includes('up'))).toBe(false);
  });

  it('stand-in docker: --yes updates an edited tracekit.yaml (endpoint, backend, runtime), comments kept', async () => {
    writeFileSync(path.join(dir, 'tracekit.yaml'), yaml);
    rmSync(path.join(bin, 'up'), { force: true });
    const r = await tracekit(dir, ['backend', 'up', '--tempo', '--collector', '--yes', ...portFlags], {
      GRAFANA_ADMIN_PASSWORD: 'test-only',
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const after = readFileSync(path.join(dir, 'tracekit.yaml'), 'utf8');
    expect(after).toContain('# my notes stay');
    expect(after).toContain(`endpoint: http://localhost:${ports[0]}`);
    expect(after).toContain('backend: tempo');
    expect(after).toContain('collector: true');
    expect(after).toContain('runtime: compose');
  });
});
