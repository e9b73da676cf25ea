import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { InitOptions } from '../../../src/init/options.js';
import { runInit } from '../../../src/init/run-init.js';
import type { RecipeInput } from '../../../src/languages/language.js';
import { nodeRecipe } from '../../../src/languages/node/recipe.js';
import type { NodeFacts } from '../../../src/languages/node/rules.js';
import { fakeCtx, recipeInputFor } from '../../support/fake-ctx.js';
import { tempDir, writeTree } from '../../support/temp-tree.js';

const dirWith = (files: Record<string, string | object>) => writeTree(files, 'tk-node-recipe-');
const input = (files: Record<string, string | object>, config: Record<string, unknown> = {}) =>
  recipeInputFor<NodeFacts>('node', files, config);
/** Every file the plan writes, generated files first, then the edits, as init plans them. */
const changesOf = async (i: RecipeInput<NodeFacts>) => {
  const plan = await nodeRecipe.plan(i);
  return [...plan.files, ...plan.edits];
};
const installOf = async (i: RecipeInput<NodeFacts>) => (await nodeRecipe.plan(i)).install;

/** Fails when a generated JavaScript file does not parse (node --check) or a TypeScript file has syntax errors. */
function expectParses(file: string, content: string) {
  const dir = tempDir('tk-node-parse-');
  if (file.endsWith('.ts')) {
    const out = ts.transpileModule(content, {
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    expect(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')) ?? [], file).toEqual([]);
    return;
  }
  const target = path.join(dir, path.basename(file));
  writeFileSync(target, content);
  execFileSync(process.execPath, ['--check', target]);
}

/** Express keeps its request handler spans; middleware and router spans only with TRACEKIT_LAYER_SPANS=true. */
const EXPRESS =
  'new ExpressInstrumentation({ ignoreLayersType: process.env.TRACEKIT_LAYER_SPANS === "true" ? [] : ' +
  '[ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER], ' +
  'ignoreLayers: [() => !trace.getActiveSpan()?.isRecording()] })';

describe('Node recipe rendering', () => {
  it.each([
    [
      'CommonJS JavaScript',
      { 'package.json': { scripts: { start: 'node server.js' }, dependencies: { fastify: '5' } }, 'server.js': '' },
      ['tracing.js', 'telemetry.js', 'package.json'],
    ],
    [
      'ESM JavaScript',
      {
        'package.json': { type: 'module', scripts: { start: 'node server.js' }, dependencies: { express: '5' } },
        'server.js': '',
      },
      ['tracing.js', 'tracing-register.js', 'telemetry.js', 'package.json'],
    ],
    [
      'ESM .mjs in a CommonJS package',
      { 'package.json': { scripts: { start: 'node server.mjs' } }, 'server.mjs': '' },
      ['tracing.mjs', 'tracing-register.mjs', 'telemetry.mjs', 'package.json'],
    ],
    [
      'TypeScript ESM',
      {
        'package.json': { type: 'module', scripts: { start: 'tsx src/server.ts' } },
        'tsconfig.json': '{}',
        'src/server.ts': '',
      },
      ['src/tracing.ts', 'src/tracing-register.ts', 'src/telemetry.ts', 'package.json'],
    ],
    [
      'TypeScript CommonJS',
      { 'package.json': { scripts: { start: 'tsx src/server.ts' } }, 'tsconfig.json': '{}', 'src/server.ts': '' },
      ['src/tracing.ts', 'src/telemetry.ts', 'package.json'],
    ],
  ] as const)('%s: the files parse and match the module system', async (_title, files, expected) => {
    const changes = await changesOf(await input(files as never));
    expect(changes.map((c) => c.path)).toEqual(expected);
    for (const c of changes.filter((c) => c.path !== 'package.json')) expectParses(c.path, c.content);
    const tracing = changes[0]!.content;
    if (changes[0]!.path.endsWith('.ts') || changes.some((c) => c.path.includes('register')))
      expect(tracing).toContain('import { registerInstrumentations } from "@opentelemetry/instrumentation";');
    else expect(tracing).toContain('const { registerInstrumentations } = require("@opentelemetry/instrumentation");');
    // Trace-only: nothing of sdk-node (metrics, logs, every exporter) is loaded.
    expect(tracing).not.toContain('sdk-node"');
  });

  it('enables only the instrumentations the service uses', async () => {
    const changes = await changesOf(
      await input({ 'package.json': { dependencies: { express: '5', pg: '8' } }, 'index.js': '' }),
    );
    const tracing = changes[0]!.content;
    const enabled = ['new HttpInstrumentation()', 'new UndiciInstrumentation()', EXPRESS, 'new PgInstrumentation()'];
    expect(tracing).toContain(`${enabled.map((c) => `      ${c},\n`).join('')}    ],`);
    expect(tracing).toContain('const { ExpressInstrumentation, ExpressLayerType } = require(');
    expect(tracing).not.toContain('Fastify');
    expect(tracing).toContain('// Instrumented: http, undici, express, pg.');
  });

  it('writes the sampler, propagators, protocol and escaped values from tracekit.yaml', async () => {
    const i = await input(
      { 'package.json': { name: 'shop' }, 'index.js': '' },
      {
        service: { name: 'shop', version: '1.2.3+b"7', environment: 'prod' },
        sampler: { type: 'parentbased_traceidratio', ratio: 0.25 },
        propagators: ['tracecontext', 'baggage', 'b3multi'],
        exporter: { protocol: 'grpc', endpoint: 'http://collector:4317' },
      },
    ).catch((e: Error) => e);
    // service.version rejects quotes outright; the escape is the second line of defence.
    expect(i).toBeInstanceOf(Error);
    const ok = await input(
      { 'package.json': { name: 'shop' }, 'index.js': '' },
      {
        service: { name: 'shop', version: '1.2.3+b7', environment: 'prod' },
        sampler: { type: 'parentbased_traceidratio', ratio: 0.25 },
        propagators: ['tracecontext', 'baggage', 'b3multi'],
        exporter: { protocol: 'grpc', endpoint: 'http://collector:4317' },
      },
    );
    const tracing = (await changesOf(ok))[0]!.content;
    expect(tracing).toContain('new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.25) })');
    expect(tracing).toContain(
      'propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator(), ' +
        'new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER })]',
    );
    expect(tracing).toContain('require("@opentelemetry/exporter-trace-otlp-grpc")');
    expect(tracing).toContain('{ url: "http://collector:4317" }');
    expect(tracing).toContain('"service.version": "1.2.3+b7"');
    expect((await installOf(ok))[0]!.args).toEqual(
      expect.arrayContaining([
        '@opentelemetry/exporter-trace-otlp-grpc@0.223.0',
        '@opentelemetry/propagator-b3@2.12.0',
      ]),
    );
  });

  it('installs the pinned line with the project’s package manager', async () => {
    const cases: [Record<string, string | object>, string[]][] = [
      [{ 'package.json': {} }, ['npm', 'install', '--save-exact']],
      [{ 'package.json': {}, 'pnpm-lock.yaml': '' }, ['pnpm', 'add', '--save-exact']],
      [{ 'package.json': {}, 'yarn.lock': '' }, ['yarn', 'add', '--exact']],
      [{ 'package.json': {}, 'bun.lock': '' }, ['bun', 'add', '--exact']],
    ];
    for (const [files, prefix] of cases) {
      const [cmd] = await installOf(await input(files));
      expect([cmd!.file, ...cmd!.args.slice(0, prefix.length - 1)]).toEqual(prefix);
      expect(cmd!.args).toEqual(
        expect.arrayContaining(['@opentelemetry/sdk-trace-base@2.12.0', '@opentelemetry/context-async-hooks@2.12.0']),
      );
      expect(cmd!.args.some((a) => a.startsWith('@opentelemetry/sdk-node@'))).toBe(false);
    }
    const [v3] = await installOf(await input({ 'package.json': { engines: { node: '>=22.15' } } }));
    expect(v3!.args).toEqual(
      expect.arrayContaining([
        '@opentelemetry/instrumentation@0.301.0',
        '@opentelemetry/sdk-trace@3.1.0',
        '@opentelemetry/api@1.10.0',
      ]),
    );
  });
});

describe('Node recipe plan', () => {
  it('generated files apart from the package.json edit; the running Node from ctx; choices as notes', async () => {
    const i = await input({ 'package.json': { scripts: { start: 'node server.js' } }, 'server.js': '' });
    const plan = await nodeRecipe.plan({ ...i, ctx: { ...i.ctx, nodeVersion: '22.15.0' } });
    expect(plan.files.map((f) => [f.path, f.kind])).toEqual([
      ['tracing.js', 'generated'],
      ['telemetry.js', 'generated'],
    ]);
    expect(plan.edits.map((f) => [f.path, f.kind])).toEqual([['package.json', 'edit']]);
    expect(plan.install[0]!.args).toContain('@opentelemetry/sdk-trace@3.1.0');
    expect(plan.notes).toEqual([
      'Node 22.15.0 (from the running node): OpenTelemetry JS 3.x line; CommonJS, loaded with --require ./tracing.js.',
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('warns about a Node older than every line, and notes a start script it leaves alone', async () => {
    const plan = await nodeRecipe.plan(
      await input({ 'package.json': { engines: { node: '>=16' }, scripts: { start: 'nodemon' } }, 'index.js': '' }),
    );
    expect(plan.warnings).toEqual([
      'OpenTelemetry JS needs Node 18.19.0 or newer; package.json engines allows Node >=16. ' +
        'Run the service on a newer Node.',
    ]);
    expect(plan.notes[1]).toBe(
      'The start script is left alone (tracekit edits only "node ..." and "tsx ..." scripts); ' +
        "start with: NODE_OPTIONS='--require ./tracing.js' npm start",
    );
    expect(plan.edits).toEqual([]);
  });
});

describe('compiled TypeScript (tsconfig.json outDir)', () => {
  const opts = (dir: string): InitOptions => ({
    dir,
    yes: true,
    install: false,
    dryRun: false,
    force: false,
    json: false,
  });

  it('the printed start command and the setup header point at the compiled output', async () => {
    const tsconfig = '{\n  // tsc --init\n  "compilerOptions": { "outDir": "./lib", "rootDir": "./src", },\n}\n';
    const dir = dirWith({
      'package.json': { name: 'shop', type: 'module', dependencies: { express: '5' } },
      'tsconfig.json': tsconfig,
      'src/index.ts': '',
    });
    const result = await runInit(fakeCtx(dir).ctx, opts(dir));
    expect(result.nextSteps).toContain(
      'Start the service with tracing: node --import ./lib/tracing-register.js ./lib/index.js',
    );
    expect(result.nextSteps).toContain(
      'Compile before starting: ./lib/tracing-register.js is built from src/tracing-register.ts with your sources.',
    );
    expect(readFileSync(path.join(dir, 'src/tracing.ts'), 'utf8')).toContain(
      '//   node --import ./lib/tracing-register.js ./lib/index.js\n',
    );
  });

  it('a tsconfig.json that does not parse: a warning, and the usual layout', async () => {
    const dir = dirWith({
      'package.json': { name: 'shop', scripts: { start: 'node dist/index.js' } },
      'tsconfig.json': '{ "compilerOptions": ',
      'src/index.ts': '',
    });
    const { ctx, lines } = fakeCtx(dir);
    const result = await runInit(ctx, opts(dir));
    expect(lines.some((l) => l.startsWith('! tsconfig.json is not valid JSON with comments:'))).toBe(true);
    expect(result.nextSteps[0]).toBe(
      'Start the service with tracing: npm start  (or: node --require ./dist/tracing.js ./dist/index.js)',
    );
  });
});

describe('tracekit init on bad Node input (nothing is changed)', () => {
  const opts = (dir: string): InitOptions => ({
    dir,
    yes: true,
    install: false,
    dryRun: false,
    force: false,
    json: false,
  });
  const snapshot = (dir: string, names: string[]) =>
    names.map((n) => (existsSync(path.join(dir, n)) ? readFileSync(path.join(dir, n), 'utf8') : undefined));

  it('no package.json: says what it looked for', async () => {
    const dir = dirWith({ 'server.js': '' });
    await expect(runInit(fakeCtx(dir).ctx, opts(dir))).rejects.toThrow(/No Node\.js, Python or Go project found/);
    expect(existsSync(path.join(dir, 'tracekit.yaml'))).toBe(false);
  });

  it('package.json that is not JSON: names the file', async () => {
    const dir = dirWith({ 'package.json': '{ "name": "shop", ', 'server.js': '' });
    await expect(runInit(fakeCtx(dir).ctx, opts(dir))).rejects.toThrow(/package\.json is not valid JSON/);
    expect(snapshot(dir, ['package.json', 'tracekit.yaml', 'tracing.js'])).toEqual([
      '{ "name": "shop", ',
      undefined,
      undefined,
    ]);
  });

  it('unknown framework: falls back to plain http with a notice', async () => {
    const dir = dirWith({
      'package.json': { name: 'shop', scripts: { start: 'node server.js' }, dependencies: { '@hapi/hapi': '21' } },
      'server.js': '',
    });
    const { ctx, lines } = fakeCtx(dir);
    const result = await runInit(ctx, opts(dir));
    expect(lines).toContain(
      'Framework: http, the Node.js default (no nextjs, nestjs, fastify, express, koa, hono dependency found).',
    );
    expect(lines.some((l) => l.startsWith('!'))).toBe(false);
    expect(result.config.framework).toBe('http');
    expect(readFileSync(path.join(dir, 'tracing.js'), 'utf8')).toContain('// Instrumented: http, undici.');
    // A CommonJS service is told the require form, in the next steps and in the helper's header.
    const requireLine = 'const { withSpan, withBaggage, getBaggage } = require("./telemetry.js");';
    expect(result.nextSteps).toContain(`Manual spans and baggage: ${requireLine}`);
    expect(readFileSync(path.join(dir, 'telemetry.js'), 'utf8')).toContain(`//   ${requireLine}\n`);
    expect(result.startCommands).toEqual([{ argv: ['npm', 'start'], cwd: '.' }]);
  });

  it('a tracing.ts the user wrote: conflict, nothing overwritten or written', async () => {
    const files = {
      'package.json': { type: 'module', scripts: { start: 'tsx src/server.ts' } },
      'tsconfig.json': '{}',
      'src/server.ts': '',
      'src/tracing.ts': '// mine\n',
    };
    const dir = dirWith(files);
    const before = snapshot(dir, ['package.json', 'src/tracing.ts']);
    await expect(runInit(fakeCtx(dir).ctx, opts(dir))).rejects.toThrow(
      /src\/tracing\.ts \(not written by tracekit\).*Nothing was written/,
    );
    expect(snapshot(dir, ['package.json', 'src/tracing.ts'])).toEqual(before);
    expect(existsSync(path.join(dir, 'tracekit.yaml'))).toBe(false);
    expect(existsSync(path.join(dir, 'src/telemetry.ts'))).toBe(false);
  });

  it('without consent for the package.json edit (no --yes, no terminal): refuses, changes nothing', async () => {
    const dir = dirWith({ 'package.json': { scripts: { start: 'node server.js' } }, 'server.js': '' });
    await expect(runInit(fakeCtx(dir).ctx, { ...opts(dir), yes: false, serviceName: 'shop' })).rejects.toThrow(
      /Cannot ask "Change package\.json as shown above\?" without a terminal/,
    );
    expect(existsSync(path.join(dir, 'tracing.js'))).toBe(false);
  });
});
