import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { nodeRecipe } from '../../../src/languages/node/recipe.js';
import type { NodeFacts } from '../../../src/languages/node/rules.js';
import { recipeInputFor } from '../../support/fake-ctx.js';
import { tempDir } from '../../support/temp-tree.js';

const planFor = async (pkg: object, files: Record<string, string> = { 'server.js': '' }) => {
  const input = await recipeInputFor<NodeFacts>('node', { 'package.json': pkg, ...files });
  return { detection: input.detection, plan: await nodeRecipe.plan(input) };
};
type Files = { files: { path: string; content: string }[] };
const tracingOf = (plan: Files) => plan.files[0]!.content;
const telemetryOf = (plan: Files) => plan.files.find((f) => /telemetry\.[cm]?[jt]s$/.test(f.path))!;

describe('Node frameworks and HTTP clients', () => {
  it('Koa: detected, its official instrumentation enabled and pinned per line', async () => {
    const { detection, plan } = await planFor({ dependencies: { koa: '3', '@koa/router': '15' } });
    expect(detection.framework).toBe('koa');
    expect(tracingOf(plan)).toContain('    new KoaInstrumentation(),\n');
    expect(tracingOf(plan)).toContain('// Instrumented: http, undici, koa.');
    expect(plan.install[0]!.args).toContain('@opentelemetry/instrumentation-koa@0.71.0');
    const v3 = await planFor({ engines: { node: '>=22.15' }, dependencies: { koa: '3' } });
    expect(v3.plan.install[0]!.args).toContain('@opentelemetry/instrumentation-koa@0.72.0');
  });

  it('axios and got: detected, traced by the http instrumentation, and init says so', async () => {
    const { detection, plan } = await planFor({ dependencies: { express: '5', axios: '1', got: '14' } });
    expect(detection.libraries).toEqual(['axios', 'got']);
    expect(plan.notes).toContain('axios, got: traced by the http instrumentation (they send through node:http).');
    expect(tracingOf(plan)).toContain('// Instrumented: http, undici, express.');
    const none = await planFor({ dependencies: { express: '5' } });
    expect(none.plan.notes.some((n) => n.includes('node:http'))).toBe(false);
  });

  it.each([
    ['ESM', { type: 'module', scripts: { start: 'node server.js' } }, {}, 'import { routePath } from "hono/route";'],
    ['CommonJS', { scripts: { start: 'node server.js' } }, {}, 'const { routePath } = require("hono/route");'],
    ['TypeScript', { type: 'module' }, { 'tsconfig.json': '{}', 'src/server.ts': '' }, 'MiddlewareHandler'],
  ] as const)(
    'Hono (%s): no instrumentation package; traceRoutes() in the helper module, and a next step to add it',
    async (_t, pkg, files, imported) => {
      const { detection, plan } = await planFor(
        { ...pkg, dependencies: { hono: '4', '@hono/node-server': '2' } },
        { 'server.js': '', ...files },
      );
      expect(detection.framework).toBe('hono');
      expect(plan.install[0]!.args.filter((a) => a.includes('hono'))).toEqual([]);
      const telemetry = telemetryOf(plan);
      expect(telemetry.content).toContain(imported);
      expect(telemetry.content).toContain('function traceRoutes()');
      expect(telemetry.content).toContain('no Hono instrumentation works beside the http one');
      if (telemetry.path.endsWith('.ts')) {
        const out = ts.transpileModule(telemetry.content, { reportDiagnostics: true });
        expect(out.diagnostics ?? []).toEqual([]);
      } else {
        const file = path.join(tempDir('tk-hono-'), 'type' in pkg ? 'telemetry.mjs' : 'telemetry.cjs');
        writeFileSync(file, telemetry.content);
        execFileSync(process.execPath, ['--check', file]);
      }
      const step = plan.nextSteps.find((s) => s.startsWith('Hono: add app.use(traceRoutes())'));
      expect(step, plan.nextSteps.join('\n')).toContain('traceRoutes from "./');
    },
  );

  it('other frameworks get no Hono middleware', async () => {
    const { plan } = await planFor({ dependencies: { koa: '3' } });
    expect(telemetryOf(plan).content).not.toContain('hono');
    expect(plan.nextSteps.some((s) => s.startsWith('Hono'))).toBe(false);
  });

  it.each([
    ['JavaScript', { 'app/page.js': '' }, ['tracing.mjs', 'instrumentation.js', 'telemetry.js']],
    [
      'TypeScript in src/',
      { 'tsconfig.json': '{}', 'src/app/page.tsx': '' },
      ['tracing.mjs', 'src/instrumentation.ts', 'src/telemetry.ts'],
    ],
  ] as const)(
    'Next.js (%s): register() hook, the setup Node imports itself, no start script edit',
    async (_t, files, paths) => {
      const pkg = { scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '16', react: '19' } };
      const { detection, plan } = await planFor(pkg, { ...files });
      expect(detection.framework).toBe('nextjs');
      expect(plan.files.map((f) => f.path)).toEqual(paths);
      expect(plan.edits).toEqual([]);
      expect(plan.start).toEqual([{ argv: ['npm', 'start'], cwd: '.' }]);
      expect(plan.nextSteps[0]).toContain('npm run build && npm start');
      // Next.js makes the server spans: the http instrumentation only traces outgoing requests.
      expect(tracingOf(plan)).toContain(
        '    new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),\n',
      );
      const setup = path.join(tempDir('tk-next-'), 'tracing.mjs');
      writeFileSync(setup, tracingOf(plan));
      execFileSync(process.execPath, ['--check', setup]);
      const hook = plan.files[1]!.content;
      expect(hook).toContain('if (process.env.NEXT_RUNTIME === "nodejs") {');
      expect(hook).toContain('process.cwd() + "/tracing.mjs"');
      expect(ts.transpileModule(hook, { reportDiagnostics: true }).diagnostics ?? []).toEqual([]);
    },
  );

  it('Next.js before 15: a warning that the hook needs a flag; none for 15 and later', async () => {
    const old = await planFor({ dependencies: { next: '^14.2.0' } }, { 'app/page.js': '' });
    expect(old.plan.warnings.join('\n')).toContain('experimental.instrumentationHook: true');
    const current = await planFor({ dependencies: { next: '16.4.6' } }, { 'app/page.js': '' });
    expect(current.plan.warnings).toEqual([]);
  });
});
