import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INSTALLERS } from '../../../src/backends/install/installers.js';
import { assertToolsPresent, describePlan, planInstall, programsFor } from '../../../src/backends/install/plan.js';
import { runBackendInstall } from '../../../src/backends/install/run-install.js';
import { runBackendUp, type UpOptions } from '../../../src/backends/run-backend.js';
import type { ExecResult } from '../../../src/context.js';
import { type CACHED_PROGRAMS, cachedProgramPath, installCommandFor } from '../../../src/runtime/cache.js';
import { findProgram } from '../../../src/runtime/programs.js';
import { fakeCtx } from '../../support/fake-ctx.js';
import { tempDir } from '../../support/temp-tree.js';

const root = tempDir('tk-install-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A cache folder holding the given programs (as empty executable files). */
function cacheWith(...ids: (keyof typeof CACHED_PROGRAMS)[]): string {
  const cache = path.join(root, `cache-${Math.random().toString(36).slice(2)}`);
  for (const id of ids) {
    const file = cachedProgramPath({ TRACEKIT_CACHE: cache }, id);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
  }
  return cache;
}

/** Tools answer `version` when present; every other command is recorded, never run. */
function toolsCtx(cache: string, present: string[], cwd = root) {
  const ran: string[] = [];
  const exec = (file: string, args: string[]): ExecResult => {
    if (['version', '-version', '--version'].includes(args[0] ?? ''))
      return present.includes(file)
        ? { exitCode: 0, stdout: `${file} 1.0`, stderr: '' }
        : { exitCode: 127, stdout: '', stderr: '' };
    ran.push([file, ...args].join(' '));
    return { exitCode: 0, stdout: '', stderr: '' };
  };
  const { ctx, lines } = fakeCtx(cwd, exec);
  ctx.env = { TRACEKIT_CACHE: cache, PATH: '' };
  return { ctx, lines, ran };
}

describe('backend install: what a request needs', () => {
  const table: [string, Parameters<typeof programsFor>[0], string[]][] = [
    ['Jaeger', { backends: ['jaeger'] }, ['jaeger']],
    ['Jaeger with the Collector', { backends: ['jaeger'], collector: true }, ['jaeger', 'collector']],
    ['Zipkin gets the Collector by default, as up does', { backends: ['zipkin'] }, ['zipkin', 'collector']],
    ['Zipkin --no-collector', { backends: ['zipkin'], collector: false }, ['zipkin']],
    ['two backends, once each', { backends: ['jaeger', 'zipkin', 'jaeger'] }, ['jaeger', 'zipkin', 'collector']],
  ];
  for (const [title, req, ids] of table) it(title, () => expect(programsFor(req)).toEqual(ids));

  it('Tempo (compose only) is refused with what to do instead', () => {
    expect(() => programsFor({ backends: ['tempo'] })).toThrow(/runs only with the compose runtime/);
  });

  it('the install command printed for a deployment installs what it runs', () => {
    const d = (backend: string, collector: boolean, endpoint?: object) => ({
      options: { backend, collector },
      endpoint,
    });
    expect(installCommandFor(d('jaeger', false, {}))).toBe('tracekit backend install --jaeger');
    expect(installCommandFor(d('jaeger', true, {}))).toBe('tracekit backend install --jaeger --collector');
    expect(installCommandFor(d('zipkin', true, {}))).toBe('tracekit backend install --zipkin --collector');
    expect(installCommandFor(d('zipkin', false))).toBe('tracekit backend install --zipkin --no-collector');
  });
});

describe('backend install: the plan', () => {
  it('says what is cached, what is built from where and about how long, and which tools it uses', async () => {
    const cache = cacheWith('zipkin');
    const { ctx } = toolsCtx(cache, ['go', 'java', 'mvn']);
    const plan = await planInstall(ctx, ['zipkin', 'collector']);
    expect(plan.items.map((i) => [i.installer.id, i.cached])).toEqual([
      ['zipkin', true],
      ['collector', false],
    ]);
    const text = describePlan(plan).join('\n');
    expect(text).toContain(`tracekit's cache: ${cache}`);
    expect(text).toContain('already installed: zipkin-3.5.1/zipkin-server-3.5.1-exec.jar');
    expect(text).toContain('built with the collector builder from the Go module proxy → otelcol-v0.161.0-r2/');
    expect(text).toMatch(/about \d+–\d+ minutes/);
    // Only the tools of what is missing are asked for.
    expect(plan.tools).toEqual([{ id: 'go', version: 'go 1.0' }]);
    expect(() => assertToolsPresent(plan)).not.toThrow();
  });

  it('refuses before it runs anything when a tool is missing: each tool, what needs it, how to get it', async () => {
    const { ctx, ran } = toolsCtx(cacheWith(), ['java']);
    const err = await runBackendInstall(ctx, { backends: ['zipkin'], dryRun: false }).catch((e: unknown) => e);
    expect(String(err)).toMatch(/Maven \(`mvn`, for Zipkin 3.5.1 server jar\).*Go \(`go`, for OpenTelemetry Collector/);
    expect((err as { hint: string }).hint).toMatch(/apt-get install maven.*Install Go 1.26/);
    expect((err as { exitCode: number }).exitCode).toBe(2);
    expect(ran).toEqual([]);
  });

  it('with everything cached, does nothing and says so', async () => {
    const cache = cacheWith('jaeger', 'zipkin', 'collector');
    const { ctx, lines, ran } = toolsCtx(cache, []);
    const r = await runBackendInstall(ctx, { backends: ['jaeger', 'zipkin'], dryRun: false });
    expect(r.items.map((i) => i.state)).toEqual(['cached', 'cached', 'cached']);
    expect(lines.join('\n')).toContain('Nothing to install: everything is already in the cache.');
    expect(ran).toEqual([]);
  });

  it('runs the steps setup-test-env.sh ran, in order, and puts each file in place last', async () => {
    const cache = cacheWith();
    const { ctx, ran } = toolsCtx(cache, ['go']);
    // The fake `go build` writes nothing: the move that follows must fail, never leave a "cached" build.
    const err = await runBackendInstall(ctx, { backends: ['jaeger'], dryRun: false }).catch((e: unknown) => e);
    expect(ran).toEqual([
      'go mod init tracekit.local/jaeger-build',
      'go get -tool github.com/jaegertracing/jaeger/cmd/jaeger@v1.76.0',
      `go build -o ${path.join(cache, 'jaeger-v1.76.0', 'jaeger.partial')} github.com/jaegertracing/jaeger/cmd/jaeger`,
    ]);
    expect(String(err)).toContain('The build left no jaeger.partial');
    expect(existsSync(cachedProgramPath(ctx.env, 'jaeger'))).toBe(false);
    const collector = INSTALLERS.collector.steps('/c').map((s) => s.title);
    expect(collector[0]).toBe('go install go.opentelemetry.io/collector/cmd/builder@v0.161.0');
  });
});

describe('the program lookup finds cached builds', () => {
  it('after the flag and the environment variable, before PATH', async () => {
    const cache = cacheWith('jaeger');
    const { ctx } = toolsCtx(cache, []);
    const { jaeger } = await import('../../../src/backends/jaeger/index.js');
    expect(await findProgram(ctx, jaeger.programs[0]!, {})).toBe(cachedProgramPath(ctx.env, 'jaeger'));
    expect(await findProgram(ctx, jaeger.programs[0]!, { 'jaeger-bin': process.execPath })).toBe(process.execPath);
    ctx.env.TRACEKIT_CACHE = path.join(root, 'empty');
    expect(await findProgram(ctx, jaeger.programs[0]!, {})).toBeUndefined();
  });
});

describe('backend up --runtime process checks before it writes', () => {
  const up = (o: Partial<UpOptions['flags']> = {}, more: Partial<UpOptions> = {}): UpOptions => ({
    flags: { named: ['zipkin'], runtime: 'process', ...o },
    programs: {},
    dryRun: false,
    force: false,
    yes: true,
    start: true,
    timeoutMs: 1000,
    ...more,
  });
  const project = () => {
    const dir = tempDir('tk-up-pre-');
    writeFileSync(path.join(dir, 'keep.txt'), 'x');
    return dir;
  };

  it('a missing program: nothing written, and the install command as it must be typed', async () => {
    const dir = project();
    const { ctx } = toolsCtx(path.join(root, 'empty'), [], dir);
    const err = await runBackendUp(ctx, up()).catch((e: unknown) => e);
    expect(String(err)).toContain("Zipkin's server jar");
    expect(String(err)).toContain('OpenTelemetry Collector');
    expect((err as { hint: string }).hint).toContain('`tracekit backend install --zipkin --collector`');
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('one missing program names where it looked (flag, variable, cache, PATH)', async () => {
    const dir = project();
    const cache = cacheWith('collector', 'zipkin');
    const { ctx } = toolsCtx(cache, [], dir);
    ctx.env.TRACEKIT_CACHE = path.join(root, 'empty');
    const err = await runBackendUp(ctx, up({ named: ['jaeger'] })).catch((e: unknown) => e);
    expect(String(err)).toMatch(
      /Cannot find the Jaeger v2 binary \(looked at --jaeger-bin, TRACEKIT_JAEGER_BIN, .*jaeger-v1.76.0\/jaeger, PATH/,
    );
    expect((err as { hint: string }).hint).toContain('`tracekit backend install --jaeger`');
    expect((err as { hint: string }).hint).toContain('(or add --install to this command)');
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a port in use: nothing written, the port and its holder named', async () => {
    const dir = project();
    const { ctx } = toolsCtx(cacheWith('jaeger'), [], dir);
    const server = net.createServer();
    const port = await new Promise<number>((r) =>
      server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)),
    );
    try {
      const err = await runBackendUp(ctx, up({ named: ['jaeger'], port: [`ui=${port}`] })).catch((e: unknown) => e);
      expect(String(err)).toContain(`Port ${port} (Jaeger) is already in use`);
    } finally {
      server.close();
    }
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('--install installs exactly what was found nowhere, first; a failed build still writes nothing', async () => {
    const dir = project();
    const cache = cacheWith('collector');
    const { ctx, ran } = toolsCtx(cache, ['go'], dir);
    const err = await runBackendUp(ctx, up({ named: ['jaeger'], collector: true }, { install: true })).catch(
      (e: unknown) => e,
    );
    // The fake `go build` leaves no binary: the install fails at its last step, before any write.
    expect(String(err)).toContain('The build left no jaeger.partial');
    expect(ran.filter((c) => c.startsWith('go get'))).toEqual([
      'go get -tool github.com/jaegertracing/jaeger/cmd/jaeger@v1.76.0',
    ]);
    expect(ran.some((c) => c.includes('collector'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('--write-only (start: false) writes the files and checks nothing', async () => {
    const dir = project();
    const { ctx } = toolsCtx(path.join(root, 'empty'), [], dir);
    const r = await runBackendUp(ctx, up({}, { start: false }));
    expect(r.state).toBe('written');
    expect(readdirSync(dir).sort()).toEqual(['.tracekit', 'keep.txt', 'tracing']);
    rmSync(dir, { recursive: true, force: true });
  });
});
