import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { components } from '../support/components.js';
import { copyFixture, readJson, runCli } from './node-service.js';

/**
 * The test `tracekit init` writes into a Node service's own test setup (issue 16), run with the
 * command init printed, on the real packages init installed: it passes on the instrumented
 * service, and fails, saying why, once the start script no longer loads tracing.
 */

interface Case {
  title: string;
  fixture: string;
  /** The file init writes and the command its next steps print. */
  testFile: string;
  command: string;
  /** The start script init writes, and the same script without tracing. */
  startScript: string;
  untraced: string;
  /** The tracer SDK package the test imports: the OpenTelemetry JS line init chose. */
  traceSdk: string;
  prepare?: (dir: string) => void;
  /** Folder of the node binary to run init, the install and the test with (Node 22 for the 3.x line). */
  nodeBinDir?: () => string;
}

const editJson = (file: string, edit: (json: Record<string, Record<string, string>>) => void) => {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  edit(json);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
};

const CASES: Case[] = [
  {
    title: 'plain node:http, ES module in a CommonJS package, node:test, on Node 22 (OTel JS 3.x)',
    fixture: 'node-http',
    testFile: 'test/tracing.test.mjs',
    command: 'node --test test/tracing.test.mjs',
    startScript: 'node --import ./tracing-register.mjs server.mjs',
    untraced: 'node server.mjs',
    traceSdk: '@opentelemetry/sdk-trace',
    prepare: (dir) => writeFileSync(path.join(dir, '.nvmrc'), '22\n'),
    nodeBinDir: () => path.dirname(components.node22()),
  },
  {
    title: 'Fastify, CommonJS, node:test (OTel JS 2.x)',
    fixture: 'node-fastify-cjs',
    testFile: 'test/tracing.test.mjs',
    command: 'node --test test/tracing.test.mjs',
    startScript: 'node --require ./tracing.js server.js',
    untraced: 'node server.js',
    traceSdk: '@opentelemetry/sdk-trace-base',
  },
  {
    title: 'Express in TypeScript (ESM, tsx), no runner: node:test under tsx (OTel JS 2.x)',
    fixture: 'node-express-ts',
    testFile: 'test/tracing.test.mjs',
    command: 'npx tsx --test test/tracing.test.mjs',
    startScript: 'tsx --import ./src/tracing-register.ts src/server.ts',
    untraced: 'tsx src/server.ts',
    traceSdk: '@opentelemetry/sdk-trace-base',
  },
  {
    title: 'Express in TypeScript (ESM, tsx) with vitest (OTel JS 2.x)',
    fixture: 'node-express-ts',
    testFile: 'test/tracing.test.ts',
    command: 'npx vitest run test/tracing.test.ts',
    startScript: 'tsx --import ./src/tracing-register.ts src/server.ts',
    untraced: 'tsx src/server.ts',
    traceSdk: '@opentelemetry/sdk-trace-base',
    // The project's own runner: vitest in devDependencies and the test script.
    prepare: (dir) =>
      editJson(path.join(dir, 'package.json'), (pkg) => {
        pkg.scripts!.test = 'vitest run';
        pkg.devDependencies!.vitest = '4.1.12';
      }),
  },
];

/** The environment of a user's shell: none of this vitest's own variables reach the project's runner. */
const shellEnv = (nodeBinDir?: string) => ({
  PATH: nodeBinDir ? `${nodeBinDir}${path.delimiter}${process.env.PATH}` : process.env.PATH!,
  HOME: process.env.HOME!,
  CI: '1',
  FORCE_COLOR: '0',
  NO_COLOR: '1',
});

/** The command init printed, run as printed by a shell in the service folder. */
const runPrinted = (command: string, dir: string, nodeBinDir?: string) =>
  execa('sh', ['-c', command], { cwd: dir, env: shellEnv(nodeBinDir), extendEnv: false, reject: false, all: true });

describe.each(CASES)('init writes a tracing test: $title', (c) => {
  let fixture: ReturnType<typeof copyFixture> | undefined;
  let dir = '';
  let nextSteps: string[] = [];

  beforeAll(async () => {
    fixture = copyFixture(c.fixture);
    dir = fixture.dir;
    c.prepare?.(dir);
    const binDir = c.nodeBinDir?.();
    const r = await runCli(['init', '--yes', '--json'], dir, shellEnv(binDir));
    if (r.exitCode !== 0) throw new Error(`tracekit init exited with ${r.exitCode}:\n${r.stderr}\n${r.stdout}`);
    nextSteps = (JSON.parse(r.stdout) as { nextSteps: string[] }).nextSteps;
  }, 600_000);
  afterAll(() => fixture?.cleanup());

  it('a generated, stamped file for the project runner, on the chosen line; the next steps print its command', () => {
    expect(nextSteps).toContain(`Test the tracing: ${c.command}`);
    const content = readFileSync(path.join(dir, c.testFile), 'utf8');
    expect(content).toContain('tracekit:generated');
    expect(content).toContain(`from "${c.traceSdk}";`);
    expect(readJson(path.join(dir, 'package.json')).scripts.start).toBe(c.startScript);
  });

  it('the printed command passes on the instrumented service', async () => {
    const r = await runPrinted(c.command, dir, c.nodeBinDir?.());
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(c.command.includes('vitest') ? /Tests\s+2 passed/ : /# pass 2/);
  }, 120_000);

  it('a second init changes nothing', async () => {
    const r = await runCli(['init', '--yes'], dir, shellEnv(c.nodeBinDir?.()));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('Nothing to change');
  }, 120_000);

  it('with tracing taken out of the start script, it fails and says why', async () => {
    editJson(path.join(dir, 'package.json'), (pkg) => {
      pkg.scripts!.start = c.untraced;
    });
    const r = await runPrinted(c.command, dir, c.nodeBinDir?.());
    expect(r.exitCode, r.all).not.toBe(0);
    expect(r.all).toContain('no SERVER span for GET');
    expect(r.all).toContain(`does not load tracing: tracekit init made it load tracing with`);
    expect(r.all).toContain('the service did not receive the baggage');
  }, 120_000);
});

describe('init --no-tests', () => {
  it('writes no test and prints no test command', async () => {
    const { dir, cleanup } = copyFixture('node-http');
    onTestFinished(cleanup);
    const r = await runCli(['init', '--yes', '--no-tests', '--no-install', '--json'], dir);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'test'))).toBe(false);
    expect(r.stderr).not.toContain('test/tracing');
    const { nextSteps } = JSON.parse(r.stdout) as { nextSteps: string[] };
    expect(nextSteps.some((s) => s.startsWith('Test the tracing'))).toBe(false);
    // The same run without the flag writes it: the check above can fail.
    const again = await runCli(['init', '--yes', '--no-install'], dir);
    expect(again.stderr).toContain('create    test/tracing.test.mjs');
  }, 120_000);
});
