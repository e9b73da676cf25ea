import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { copyGoFixture, go, initGo } from '../support/go-service.js';

/**
 * The `go test` init writes beside main.go (issue 16), on fixtures: the built CLI runs
 * `tracekit init --yes` (real `go get` / `go mod tidy` against the Go module proxy), the test
 * command of its next steps is run as printed and passes; with main.go's tracing wiring taken
 * out again the same command fails and says why; `--no-tests` writes no test.
 */
const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');
const TEST_FILE = 'tracekit_tracing_test.go';

const CASES = [
  { fixture: 'go-http', wrap: 'tracing.HTTPHandler(mux)', unwrapped: 'mux', route: 'GET /healthz' },
  { fixture: 'go-gin', wrap: '\tr.Use(tracing.GinMiddleware())\n', unwrapped: '', route: 'GET /healthz' },
] as const;

/** The `go test` command of init's next steps, as argv (it is printed with no shell quoting to undo). */
function testCommand(nextSteps: string[]): string[] {
  const step = nextSteps.find((s) => s.startsWith('Test the tracing: '));
  if (!step) throw new Error(`no test command in the next steps:\n${nextSteps.join('\n')}`);
  return step.replace('Test the tracing: ', '').split(' (')[0]!.split(' ');
}

/** Runs the printed command from the service root, as a user would. */
function run(dir: string, argv: string[]) {
  return execa(argv[0]!, argv.slice(1), {
    cwd: dir,
    reject: false,
    all: true,
    env: { GOTOOLCHAIN: 'local' },
    timeout: 5 * 60_000,
  });
}

describe.each(CASES)('the generated go test in $fixture', (c) => {
  it('passes as printed on the freshly instrumented service, and fails saying why without the wiring', async () => {
    const dir = copyGoFixture(c.fixture);
    const { json } = await initGo(dir, ['--yes', '--endpoint', 'http://localhost:4318']);
    const argv = testCommand(json.nextSteps);
    expect(argv).toEqual(['go', 'test', '-run', 'TestTracekit', '.']);
    expect(json.nextSteps.join('\n')).toContain(`requests ${c.route}`);
    expect(readFileSync(path.join(dir, TEST_FILE), 'utf8')).toContain('tracekit:generated');

    // go.mod and go.sum already hold what the test imports; vet is clean.
    const mod = readFileSync(path.join(dir, 'go.mod'), 'utf8') + readFileSync(path.join(dir, 'go.sum'), 'utf8');
    await go(dir, ['mod', 'tidy']);
    expect(readFileSync(path.join(dir, 'go.mod'), 'utf8') + readFileSync(path.join(dir, 'go.sum'), 'utf8')).toBe(mod);
    await go(dir, ['vet', './...']);

    const passed = await run(dir, argv);
    expect(passed.exitCode, passed.all).toBe(0);
    expect(passed.all).toMatch(/^ok\s/m);
    const verbose = await run(dir, [...argv, '-v']);
    expect(verbose.all).toContain('--- PASS: TestTracekitTracing');
    expect(verbose.all).toContain('--- PASS: TestTracekitBaggage');

    // The handler no longer traced (main.go still calls tracing.Init).
    const main = readFileSync(path.join(dir, 'main.go'), 'utf8');
    expect(main).toContain(c.wrap);
    writeFileSync(path.join(dir, 'main.go'), main.replace(c.wrap, c.unwrapped));
    const unwrapped = await run(dir, argv);
    expect(unwrapped.exitCode).toBe(1);
    expect(unwrapped.all).toContain("no server span under the client span: main.go's handler must be traced");

    // main.go as it was before init: no tracing import, setup or wrap.
    writeFileSync(path.join(dir, 'main.go'), readFileSync(path.join(FIXTURES, c.fixture, 'main.go')));
    const untraced = await run(dir, argv);
    expect(untraced.exitCode).toBe(1);
    expect(untraced.all).toContain('main did not set tracing up: the global TracerProvider is');
  }, 900_000);
});

it('init --no-tests writes no test and prints no test command', async () => {
  const dir = copyGoFixture('go-chi');
  const { json, stderr } = await initGo(dir, ['--yes', '--no-tests', '--no-install']);
  expect(existsSync(path.join(dir, TEST_FILE))).toBe(false);
  expect(stderr).not.toContain(TEST_FILE);
  expect(json.nextSteps.join('\n')).not.toContain('go test');
}, 300_000);
