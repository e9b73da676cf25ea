import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LanguageId } from '../../../src/config/choices.js';
import type { RecipeInput, RecipePlan } from '../../../src/languages/language.js';
import { LANGUAGES } from '../../../src/languages/registry.js';
import { fakeCtx, recipeInputFor } from '../../support/fake-ctx.js';

/**
 * `--sampler parentbased_jaeger_remote`: each language's setup gets the remote sampler with the
 * endpoint, interval and initial ratio from tracekit.yaml, the override by OTEL_TRACES_SAMPLER, and
 * the package it needs; the rendered source parses with the language's own tools. The samplers'
 * behaviour against a real Jaeger is test/e2e/sampling-*.test.ts.
 */
const CONFIG = {
  sampler: { type: 'parentbased_jaeger_remote', ratio: 0.25, interval_ms: 1500 },
  remote_sampling: { mode: 'file', endpoint: 'http://127.0.0.1:15778' },
};

async function planFor(lang: LanguageId, files: Record<string, string | object>, config: object): Promise<RecipePlan> {
  const language = LANGUAGES.find((l) => l.id === lang)!;
  const python = () => ({ exitCode: 0, stdout: '3.11.7\n', stderr: '' });
  const input = await recipeInputFor(
    lang,
    files,
    config as Record<string, unknown>,
    (root) => fakeCtx(root, python).ctx,
  );
  return (await language.loadRecipe()).plan(input as RecipeInput<never>);
}

const content = (plan: RecipePlan, name: string) => plan.files.find((f) => f.path.endsWith(name))?.content;
const installs = (plan: RecipePlan) => plan.install.flatMap((c) => c.args).join(' ');
const scratch = mkdtempSync(path.join(tmpdir(), 'tk-remote-sampler-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes source to a scratch file and runs a checker on it (throws with the checker's output). */
function check(name: string, source: string, argv: (file: string) => [string, string[]]): void {
  const file = path.join(scratch, name);
  writeFileSync(file, source);
  const [cmd, args] = argv(file);
  execFileSync(cmd, args, { stdio: 'pipe' });
}

describe('remote sampler in the generated setups', () => {
  it('Node: the official package, the values from tracekit.yaml, and valid JavaScript', async () => {
    const files = { 'package.json': { scripts: { start: 'node server.js' } }, 'server.js': '' };
    const plan = await planFor('node', files, CONFIG);
    const js = content(plan, 'tracing.js')!;
    expect(js).toContain('require("@opentelemetry/sampler-jaeger-remote")');
    expect(js).toContain('endpoint: (args.endpoint ?? "http://127.0.0.1:15778")');
    expect(js).toContain('poolingInterval: Number(args.pollingIntervalMs ?? 1500)');
    expect(js).toContain('args.initialSamplingRate ?? 0.25');
    // Another OTEL_TRACES_SAMPLER value makes remoteSampler() give way to the standard samplers.
    expect(js).toContain('sampler: remoteSampler() ?? envSampler(),');
    expect(installs(plan)).toContain('@opentelemetry/sampler-jaeger-remote@0.222.0');
    check('tracing.js', js, (f) => ['node', ['--check', f]]);
  });

  it('Node: another sampler imports nothing of Jaeger', async () => {
    const files = { 'package.json': { scripts: { start: 'node server.js' } }, 'server.js': '' };
    const plan = await planFor('node', files, {});
    expect(content(plan, 'tracing.js')).not.toContain('jaeger');
    expect(installs(plan)).not.toContain('jaeger');
  });

  it('Python: the sampler in the module (no official package), valid Python', async () => {
    const files = { 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\n' };
    const plan = await planFor('python', files, CONFIG);
    const py = content(plan, 'tracing.py')!;
    expect(py).toContain('SAMPLING_ENDPOINT = "http://127.0.0.1:15778"');
    expect(py).toContain('SAMPLING_INTERVAL_MS = 1500');
    expect(py).toContain('INITIAL_SAMPLING_RATE = 0.25');
    expect(py).toContain('return _remote_sampler(os.environ.get("OTEL_TRACES_SAMPLER") or SAMPLER)');
    check('tracing.py', py, (f) => ['python3', ['-m', 'py_compile', f]]);
    const plain = content(await planFor('python', files, {}), 'tracing.py')!;
    expect(plain).not.toContain('_remote_sampler');
  });

  it('Go: sampling.go with jaegerremote of the chosen set, gofmt-clean', async () => {
    const files = { 'go.mod': 'module example.com/shop\n\ngo 1.25.0\n', 'main.go': 'package main\n\nfunc main() {}\n' };
    const plan = await planFor('go', files, CONFIG);
    const sampling = content(plan, 'sampling.go')!;
    expect(sampling).toContain('samplingEndpoint    = "http://127.0.0.1:15778"');
    expect(sampling).toContain('samplingInterval    = 1500 * time.Millisecond');
    expect(content(plan, 'tracing.go')).toContain('sdktrace.WithSampler(remoteSampler(samplerName))');
    expect(installs(plan)).toContain('go.opentelemetry.io/contrib/samplers/jaegerremote@v0.37.3');
    for (const name of ['sampling.go', 'tracing.go']) {
      // The planner puts its stamp comment above the blank line the templates start with.
      check(name, `// stamp\n${content(plan, name)}`, (f) => ['gofmt', ['-e', f]]);
      expect(execFileSync('gofmt', ['-l', path.join(scratch, name)]).toString()).toBe('');
    }
    const plain = await planFor('go', files, {});
    expect(content(plain, 'sampling.go')).toBeUndefined();
    expect(installs(plain)).not.toContain('jaegerremote');
  });
});
