import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { realExec } from '../../../src/context.js';
import { stamp } from '../../../src/fs/stamp.js';
import { TEST_FILE } from '../../../src/languages/go/generated-test.js';
import { goRecipe } from '../../../src/languages/go/recipe.js';
import type { GoFacts } from '../../../src/languages/go/rules.js';
import type { RecipeInput } from '../../../src/languages/language.js';
import { fakeCtx, recipeInputFor } from '../../support/fake-ctx.js';

/**
 * The `go test` init writes beside main.go (issue 16), planned by the real recipe (main.go edited
 * by tracekit's Go editor), written into a temp module with the pinned modules (`go get`, then
 * `go mod tidy` as init runs them), vetted, and run with the machine's Go. Modules come from the
 * Go module proxy once and from the module cache after.
 */
const GO_ENV = { GOTOOLCHAIN: 'local', GOFLAGS: '' };

/** A net/http service reading its port from PORT, with a POST route before the GET one. */
const MAIN = `package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "order %s", r.PathValue("id"))
	})
	log.Fatal(http.ListenAndServe(":"+port, mux))
}
`;

function service(
  files: Record<string, string>,
  config: Record<string, unknown> = {},
  goLine = '1.26',
): Promise<RecipeInput<GoFacts>> {
  return recipeInputFor<GoFacts>(
    'go',
    { 'go.mod': `module example.com/orders\n\ngo ${goLine}\n`, ...files },
    config,
    // Real programs: main.go is edited by tracekit's Go editor, built with the machine's Go.
    (root) => ({ ...fakeCtx(root).ctx, exec: realExec, env: process.env }),
  );
}

async function go(dir: string, args: string[]) {
  return execa('go', args, { cwd: dir, reject: false, env: GO_ENV, timeout: 5 * 60_000, all: true });
}

/** Writes the plan (generated files stamped as init writes them, main.go edited) and installs its modules. */
async function applyPlan(input: RecipeInput<GoFacts>) {
  const plan = await goRecipe.plan({ ...input, writeTests: true });
  const dir = input.project.root;
  for (const f of [...plan.files, ...plan.edits]) {
    mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    writeFileSync(path.join(dir, f.path), f.kind === 'generated' ? stamp(f.content, '//') : f.content);
  }
  for (const c of plan.install) {
    const r = await go(dir, c.args);
    expect(r.exitCode, `go ${c.args.join(' ')}:\n${r.all}`).toBe(0);
  }
  return plan;
}

/** The `go test` command of the next steps, as argv. */
function testCommand(nextSteps: string[]): string[] {
  const step = nextSteps.find((s) => s.startsWith('Test the tracing: '));
  expect(step, nextSteps.join('\n')).toBeDefined();
  return step!.replace('Test the tracing: ', '').split(' (')[0]!.split(' ');
}

describe('the generated Go test', () => {
  for (const goLine of ['1.26', '1.22']) {
    it(`go ${goLine}: vets clean, passes on the wired service, fails saying why without the wiring`, async () => {
      const input = await service({ 'main.go': MAIN }, {}, goLine);
      const plan = await applyPlan(input);
      const dir = input.project.root;
      const test = plan.files.find((f) => f.path === TEST_FILE)!.content;
      expect(test).toContain('tracekitRoute = "/orders/{id}"');
      expect(test).toContain('os.Setenv("PORT", strconv.Itoa(port))');
      const argv = testCommand(plan.nextSteps);
      expect(argv).toEqual(['go', 'test', '-run', 'TestTracekit', '.']);
      expect((await go(dir, ['vet', './...'])).all).toBe('');
      expect((await execa('gofmt', ['-l', TEST_FILE], { cwd: dir })).stdout).toBe('');

      const passed = await go(dir, [...argv.slice(1), '-v']);
      expect(passed.exitCode, passed.all).toBe(0);
      expect(passed.all).toContain('--- PASS: TestTracekitTracing');
      expect(passed.all).toContain('--- PASS: TestTracekitBaggage');

      writeFileSync(path.join(dir, 'main.go'), MAIN); // the tracing setup and handler wrap removed
      const failed = await go(dir, argv.slice(1));
      expect(failed.exitCode).toBe(1);
      expect(failed.all).toContain('main did not set tracing up: the global TracerProvider is');
    }, 600_000);
  }

  it('without the handler wrap: fails naming the missing server span', async () => {
    const input = await service({ 'main.go': MAIN });
    const plan = await applyPlan(input);
    const dir = input.project.root;
    const main = plan.edits[0]!.content.replace('tracing.HTTPHandler(mux)', 'mux');
    writeFileSync(path.join(dir, 'main.go'), main);
    const failed = await go(dir, testCommand(plan.nextSteps).slice(1));
    expect(failed.exitCode).toBe(1);
    expect(failed.all).toContain("no server span under the client span: main.go's handler must be traced");
  }, 600_000);

  it('in cmd/<name>: beside that main.go, its package in the command; no baggage test without baggage', async () => {
    const input = await service({ 'cmd/api/main.go': MAIN }, { propagators: ['tracecontext'] });
    const plan = await goRecipe.plan({ ...input, writeTests: true });
    const test = plan.files.find((f) => f.path === `cmd/api/${TEST_FILE}`);
    expect(test?.kind).toBe('generated');
    expect(test!.content).toContain('func TestTracekitTracing(');
    expect(test!.content).not.toContain('Baggage');
    expect(testCommand(plan.nextSteps)).toEqual(['go', 'test', '-run', 'TestTracekit', './cmd/api']);
  }, 120_000);

  it('none without writeTests (init --no-tests), and a note instead when main.go says no address', async () => {
    const input = await service({ 'main.go': MAIN });
    const plain = await goRecipe.plan(input);
    expect(plain.files.map((f) => f.path)).not.toContain(TEST_FILE);
    expect(plain.nextSteps.join('\n')).not.toContain('go test');
    expect(plain.notes.join('\n')).not.toContain('No test');

    const listener = MAIN.replace(
      'log.Fatal(http.ListenAndServe(":"+port, mux))',
      'ln, _ := net.Listen("tcp", ":"+port)\n\tlog.Fatal(http.Serve(ln, mux))',
    ).replace('"log"', '"log"\n\t"net"');
    const other = await goRecipe.plan({ ...(await service({ 'main.go': listener })), writeTests: true });
    expect(other.files.map((f) => f.path)).not.toContain(TEST_FILE);
    expect(other.notes).toContainEqual(expect.stringContaining('No test of the tracing written: main.go does not say'));
  }, 120_000);
});
