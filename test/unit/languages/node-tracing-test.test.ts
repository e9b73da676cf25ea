import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { RecipeInput } from '../../../src/languages/language.js';
import { nodeLayout } from '../../../src/languages/node/layout.js';
import type { PackageJson } from '../../../src/languages/node/manifests.js';
import { nodeRecipe } from '../../../src/languages/node/recipe.js';
import type { NodeDetection, NodeFacts } from '../../../src/languages/node/rules.js';
import { testSetup } from '../../../src/languages/node/test-runner.js';
import { staticGetRoute } from '../../../src/languages/node/tracing-test.js';
import { recipeInputFor } from '../../support/fake-ctx.js';
import { tempDir } from '../../support/temp-tree.js';

const detection = (typescript: boolean, moduleSystem: 'esm' | 'cjs' = 'esm') =>
  ({ node: { typescript, moduleSystem } }) as NodeDetection;
const setupOf = (pkg: PackageJson, files: string[], typescript = false) =>
  testSetup(pkg, nodeLayout(pkg, new Set(files), detection(typescript)));

describe('the runner of the tracing test', () => {
  it.each([
    [
      'no test script: node:test',
      { scripts: { start: 'node server.mjs' } },
      ['server.mjs'],
      false,
      'node --test test/tracing.test.mjs',
    ],
    [
      'vitest in devDependencies, JavaScript',
      { scripts: { start: 'node server.js' }, devDependencies: { vitest: '4' } },
      ['server.js'],
      false,
      'npx vitest run test/tracing.test.mjs',
    ],
    [
      'vitest in the test script, TypeScript: a .ts test',
      { scripts: { start: 'tsx src/server.ts', test: 'vitest run' } },
      ['src/server.ts'],
      true,
      'npx vitest run test/tracing.test.ts',
    ],
    [
      'TypeScript run by tsx, no runner: node:test under tsx',
      { scripts: { start: 'tsx src/server.ts' } },
      ['src/server.ts'],
      true,
      'npx tsx --test test/tracing.test.mjs',
    ],
    [
      'node --test in the test script',
      { scripts: { start: 'node server.js', test: 'node --test' } },
      ['server.js'],
      false,
      'node --test test/tracing.test.mjs',
    ],
    [
      'jest: node:test under a name jest does not collect',
      { scripts: { start: 'node server.js', test: 'jest' }, devDependencies: { jest: '30' } },
      ['server.js'],
      false,
      'node --test test/tracing.node-test.mjs',
    ],
  ] as const)('%s', (_title, pkg, files, typescript, command) => {
    const setup = setupOf(pkg as PackageJson, [...files], typescript);
    expect(setup.command).toBe(command);
    expect(command.endsWith(setup.file)).toBe(true);
    expect(setup.note !== undefined).toBe(command.includes('node-test'));
  });

  it('a word that only contains a runner name is not that runner', () => {
    expect(setupOf({ scripts: { start: 'node a.js', test: 'node myvitest.js' } }, ['a.js']).runner).toBe('node-test');
  });
});

describe('the route the test requests', () => {
  it('the first GET route without parameters the entry declares', () => {
    const source = [
      `app.get('/orders/:id', h);`,
      'router.get("/items/*", h);',
      "app.get(\n  '/healthz', h);",
      "app.get('/x')",
    ];
    expect(staticGetRoute(source.join('\n'))).toBe('/healthz');
  });
  it('none: undefined (the test requests /)', () => {
    expect(staticGetRoute("http.createServer(h).listen(3000); map.get('key')")).toBeUndefined();
  });
});

const input = (files: Record<string, string | object>, config: Record<string, unknown> = {}) =>
  recipeInputFor<NodeFacts>('node', files, config);
const planOf = async (i: RecipeInput<NodeFacts>, writeTests = true) => nodeRecipe.plan({ ...i, writeTests });
const testFileOf = async (i: RecipeInput<NodeFacts>) => (await planOf(i)).files.find((f) => f.path.startsWith('test/'));

/** Fails when the rendered JavaScript does not parse (node --check) or the TypeScript has syntax errors. */
function expectParses(file: string, content: string) {
  if (file.endsWith('.ts')) {
    const out = ts.transpileModule(content, {
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    expect(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')) ?? [], file).toEqual([]);
    return;
  }
  const target = path.join(tempDir('tk-node-test-parse-'), path.basename(file));
  writeFileSync(target, content);
  execFileSync(process.execPath, ['--check', target]);
}

const EXPRESS_CJS = {
  'package.json': { scripts: { start: 'node server.js' }, dependencies: { express: '5' } },
  'server.js': "app.get('/orders/:id', h);\napp.get('/healthz', (req, res) => res.send('ok'));\n",
};

describe('the rendered tracing test', () => {
  it('without writeTests (recipe default): no test, no step', async () => {
    const plan = await planOf(await input(EXPRESS_CJS), false);
    expect(plan.files.some((f) => f.path.startsWith('test/'))).toBe(false);
    expect(plan.nextSteps.some((s) => s.startsWith('Test the tracing'))).toBe(false);
  });

  it('CommonJS Express on node:test: a generated file, the route, the preload read from the start script', async () => {
    const plan = await planOf(await input(EXPRESS_CJS));
    const file = plan.files.find((f) => f.path === 'test/tracing.test.mjs')!;
    expect(file).toMatchObject({ kind: 'generated', comment: '//' });
    expectParses(file.path, file.content);
    expect(plan.nextSteps).toContain('Test the tracing: node --test test/tracing.test.mjs');
    const c = file.content;
    expect(c).toContain('import { after, test } from "node:test";');
    expect(c).toContain('const ROUTE = "/healthz";');
    expect(c).toContain('assert.equal(server.attributes["http.route"], ROUTE);');
    expect(c).toContain('.scripts?.start');
    expect(c).toContain('tracekit init made it load tracing with --require ./tracing.js');
    expect(c).toContain('await load("require", "./server.js");');
    expect(c).toContain('from "@opentelemetry/sdk-trace-base";');
    expect(c).toContain('new SimpleSpanProcessor(exporter);');
    expect(c).toContain('Symbol.for("tracekit.test.spanProcessor")');
    // The setup reads the same symbol.
    expect(plan.files.find((f) => f.path === 'tracing.js')!.content).toContain(
      'Symbol.for("tracekit.test.spanProcessor")',
    );
    expect(c).toContain('propagation.setBaggage');
    expect(c).not.toContain('requireFromRoot');
  });

  it('node:http ESM, no routes: "/", no http.route asserted; no baggage test without the propagator', async () => {
    const i = await input(
      { 'package.json': { scripts: { start: 'node server.mjs' } }, 'server.mjs': 'http.createServer(h).listen(1)' },
      { propagators: ['tracecontext'] },
    );
    const file = (await testFileOf(i))!;
    expectParses(file.path, file.content);
    expect(file.content).toContain('const ROUTE = "/";');
    expect(file.content).not.toContain('"http.route"');
    expect(file.content).toContain('await load("import", "./server.mjs");');
    expect(file.content).not.toContain('propagation.setBaggage');
  });

  it('TypeScript with vitest: a typed .ts test importing from vitest; the 3.x line imports sdk-trace', async () => {
    const i = await input({
      'package.json': {
        type: 'module',
        engines: { node: '>=22.15' },
        scripts: { start: 'tsx src/server.ts', test: 'vitest' },
        dependencies: { express: '5' },
        devDependencies: { vitest: '4' },
      },
      'tsconfig.json': '{}',
      'src/server.ts': 'app.get("/ping", h)',
    });
    const plan = await planOf(i);
    const file = plan.files.find((f) => f.path === 'test/tracing.test.ts')!;
    expectParses(file.path, file.content);
    expect(plan.nextSteps).toContain('Test the tracing: npx vitest run test/tracing.test.ts');
    expect(file.content).toContain('import { afterAll as after, test } from "vitest";');
    expect(file.content).toContain('from "@opentelemetry/sdk-trace";');
    expect(file.content).toContain('new SimpleSpanProcessor({ exporter });');
    expect(file.content).toContain('await load("import", "./src/server.ts");');
    expect(file.content).toContain(': Promise<http.Server>');
    // vitest imports packages past the loader hook: the instrumented ones are required after tracing.
    expect(file.content).toContain('for (const name of ["express"]) requireFromRoot(name);');
  });

  it('a second init reads the route from the entry, not from the preload the start script now names', async () => {
    const edited = { scripts: { start: 'node --require ./tracing.js server.js' }, dependencies: { express: '5' } };
    const file = (await testFileOf(await input({ ...EXPRESS_CJS, 'package.json': edited, 'tracing.js': '' })))!;
    expect(file.content).toContain('const ROUTE = "/healthz";');
  });

  it('the route found in the entry reaches the test as a string literal', async () => {
    const file = (await testFileOf(await input({ ...EXPRESS_CJS, 'server.js': 'app.get("/b\\", h)' })))!;
    expectParses(file.path, file.content);
    expect(file.content).toContain('const ROUTE = "/b\\\\";');
  });

  it('compiled TypeScript, no start script: the test loads the compiled files as the printed command', async () => {
    const plan = await planOf(
      await input({
        'package.json': { type: 'module', dependencies: { express: '5' } },
        'tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
        'src/server.ts': "app.get('/healthz', h)",
      }),
    );
    const file = plan.files.find((f) => f.path === 'test/tracing.test.mjs')!;
    expectParses(file.path, file.content);
    expect(plan.nextSteps).toContain('Test the tracing (compile first): node --test test/tracing.test.mjs');
    expect(file.content).toContain('const preloads = [{ how: "import", file: "./dist/tracing-register.js" }];');
    expect(file.content).toContain('await load("import", "./dist/server.js");');
    expect(file.content).not.toContain('.scripts?.start');
  });

  it('TypeScript sources nothing runs (no tsx, no output folder): no test, and a note', async () => {
    const plan = await planOf(
      await input({ 'package.json': { type: 'module' }, 'tsconfig.json': '{}', 'src/server.ts': '' }),
    );
    expect(plan.files.some((f) => f.path.startsWith('test/'))).toBe(false);
    expect(plan.notes.some((n) => n.startsWith('No tracing test written'))).toBe(true);
  });

  it('a start script tracekit does not edit: no test, and a note that says why', async () => {
    const plan = await planOf(
      await input({
        'package.json': { scripts: { start: 'nest start' }, dependencies: { '@nestjs/core': '11' } },
        'tsconfig.json': '{}',
        'src/main.ts': '',
      }),
    );
    expect(plan.files.some((f) => f.path.startsWith('test/'))).toBe(false);
    expect(plan.notes.some((n) => n.startsWith('No tracing test written'))).toBe(true);
  });
});
