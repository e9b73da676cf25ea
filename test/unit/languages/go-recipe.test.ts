import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { realExec } from '../../../src/context.js';
import { stamp } from '../../../src/fs/stamp.js';
import { chooseGoSet, compareGoVersions } from '../../../src/languages/go/preflight.js';
import { goRecipe } from '../../../src/languages/go/recipe.js';
import { GO_ROUTERS, type GoDetection, type GoFacts } from '../../../src/languages/go/rules.js';
import { GO_MODULES } from '../../../src/languages/go/versions.js';
import type { RecipeInput } from '../../../src/languages/language.js';
import { probe } from '../../../src/project/probe.js';
import { createRenderEngine } from '../../../src/render/engine.js';
import { fakeCtx } from '../../support/fake-ctx.js';
import { tempDir, writeTree } from '../../support/temp-tree.js';

function goDetection(over: Partial<GoDetection> = {}): GoDetection {
  return {
    lang: 'go',
    title: 'Go',
    framework: 'net-http',
    frameworkDetected: false,
    frameworks: [],
    libraries: [],
    packageManager: 'go-modules',
    go: { module: 'example.com/app', goVersion: '1.26', mains: [] },
    ...over,
  };
}

async function input(
  config: Record<string, unknown>,
  detection = goDetection(),
  files: Record<string, string> = {},
): Promise<RecipeInput<GoFacts>> {
  const root = writeTree({ 'go.mod': 'module example.com/app\n\ngo 1.26\n', ...files }, 'tk-go-recipe-');
  return {
    project: { root, probe: await probe(root), languages: [detection] },
    detection,
    config: validateConfig({
      version: 1,
      service: { name: 'app' },
      language: 'go',
      framework: 'net-http',
      exporter: { protocol: 'http', endpoint: 'http://localhost:4318' },
      ...config,
    }),
    engine: createRenderEngine(),
    // Real programs: main.go is edited by tracekit's Go editor, built with the machine's Go.
    ctx: { ...fakeCtx(root).ctx, exec: realExec, env: process.env },
  };
}

/** The generated files of the recipe's plan. */
const filesOf = async (i: RecipeInput<GoFacts>) => (await goRecipe.plan(i)).files;

const fileOf = (files: { path: string; content: string }[], name: string) =>
  files.find((f) => f.path === `internal/tracing/${name}`)?.content ?? '';

describe('Go version preflight', () => {
  it('compares go directives numerically', () => {
    expect(compareGoVersions('1.26', '1.26')).toBe(0);
    expect(compareGoVersions('1.26.0', '1.26')).toBe(0);
    expect(compareGoVersions('1.9', '1.26')).toBeLessThan(0);
    expect(compareGoVersions('1.27rc1', '1.26')).toBeGreaterThan(0);
    expect(compareGoVersions('2.0', '1.26')).toBeGreaterThan(0);
  });

  it('picks the newest pinned set the go directive builds with, and refuses only what is older than all', () => {
    const setFor = (goVersion: string | undefined, toolchain?: string) =>
      chooseGoSet(goDetection({ go: { module: 'm', goVersion, toolchain, mains: [] } }));
    expect(setFor('1.26').otel).toBe('v1.47.0');
    expect(setFor('1.27').otel).toBe('v1.47.0');
    expect(setFor('1.25.3')).toMatchObject({ otel: 'v1.46.0', contrib: 'v0.71.0', semconv: 'v1.43.0' });
    expect(setFor('1.24')).toMatchObject({ otel: 'v1.41.0', contrib: 'v0.66.0', otelsql: 'v0.41.0' });
    expect(setFor('1.23.0')).toMatchObject({ otel: 'v1.38.0', contrib: 'v0.63.0', semconv: 'v1.37.0' });
    expect(setFor('1.22.0')).toMatchObject({ otel: 'v1.35.0', contrib: 'v0.60.0', requestPattern: false });
    expect(() => setFor('1.21')).toThrow(/declares go 1\.21, older than .* oldest supported is go 1\.22/);
    expect(() => setFor(undefined)).toThrow(/declares no go version/);
    expect(() => setFor('1.21', 'go1.25.3')).toThrow(
      expect.objectContaining({
        hint: expect.stringMatching(/toolchain line is go1\.25\.3; `go mod edit -go=1\.25\.0`/),
      }),
    );
  });
});

describe('Go --upgrade-go', () => {
  const planWith = async (goVersion: string, toolchain?: string, upgradeRuntime = true) => {
    const detection = goDetection({ go: { module: 'example.com/app', goVersion, toolchain, mains: [] } });
    return goRecipe.plan({ ...(await input({}, detection)), upgradeRuntime });
  };

  it('raises the go directive to the newest line, up to the toolchain line, before installing', async () => {
    const up = await planWith('1.21');
    expect(up.install[0]).toEqual({ file: 'go', args: ['mod', 'edit', '-go=1.26.0'] });
    expect(up.install[1]!.args).toContain('go.opentelemetry.io/otel@v1.47.0');
    expect(up.notes[0]).toContain('the go directive is raised to 1.26.0 (--upgrade-go)');
    const capped = await planWith('1.22.0', 'go1.24.5');
    expect(capped.install[0]).toEqual({ file: 'go', args: ['mod', 'edit', '-go=1.24.0'] });
    expect(capped.install[1]!.args).toContain('go.opentelemetry.io/otel@v1.41.0');
  });

  it('changes nothing when the go line is already the newest it may be, or without the flag', async () => {
    expect((await planWith('1.26.0')).install[0]!.args[0]).toBe('get');
    expect((await planWith('1.24', 'go1.24.2')).install[0]!.args).toContain('go.opentelemetry.io/otel@v1.41.0');
    const kept = await planWith('1.23.4', undefined, false);
    expect(kept.install[0]!.args).toContain('go.opentelemetry.io/otel@v1.38.0');
    expect(kept.notes[0]).toContain('the go directive stays as it is');
  });
});

describe('Go recipe rendering', () => {
  it('writes the HTTP exporter with /v1/traces, the configured sampler, and escapes user values', async () => {
    const i = await input({
      service: { name: 'app', version: '1.0.0+build.7' },
      sampler: { type: 'parentbased_traceidratio', ratio: 0.25 },
    });
    const files = await filesOf(i);
    expect(files.map((f) => f.path)).toEqual([
      'internal/tracing/tracing.go',
      'internal/tracing/export.go',
      'internal/tracing/span.go',
      'internal/tracing/propagation.go',
      'internal/tracing/signal.go',
      'internal/tracing/redact.go',
      'internal/tracing/http.go',
    ]);
    const tracing = fileOf(files, 'tracing.go');
    expect(tracing).toContain('defaultEndpoint = "http://localhost:4318/v1/traces"');
    expect(tracing).toContain('serviceVersion  = "1.0.0+build.7"');
    expect(tracing).toContain('sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(0.25)))');
    expect(tracing).toContain('autoprop.NewTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})');
    expect(tracing).not.toContain('b3');
    expect(files.every((f) => f.kind === 'generated' && f.comment === '//')).toBe(true);
  });

  it('switches to OTLP/gRPC, b3 and the gRPC and SQL helpers when configured or detected', async () => {
    const i = await input(
      { exporter: { protocol: 'grpc', endpoint: 'http://collector:4317' }, propagators: ['tracecontext', 'b3multi'] },
      goDetection({ libraries: ['grpc', 'sql'] }),
    );
    const files = await filesOf(i);
    const tracing = fileOf(files, 'tracing.go');
    expect(tracing).toContain('"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"');
    expect(tracing).toContain('defaultEndpoint = "http://collector:4317"\n');
    expect(tracing).toContain('\t"go.opentelemetry.io/contrib/propagators/b3"\n');
    expect(tracing).toContain('b3.New(b3.WithInjectEncoding(b3.B3MultipleHeader))');
    expect(fileOf(files, 'grpc.go')).toContain('grpc.WithStatsHandler(otelgrpc.NewClientHandler())');
    expect(fileOf(files, 'sql.go')).toContain('otelsql.Open(driverName, dataSourceName,');
    const [get, tidy] = (await goRecipe.plan(i)).install;
    expect(get!.args).toEqual([
      'get',
      ...(['otel', 'sdk', 'trace', 'otlpGrpc', 'autoprop', 'otelhttp', 'b3', 'otelgrpc', 'otelsql'] as const).map(
        (id) => `${GO_MODULES[id].path}@${GO_MODULES[id].version}`,
      ),
    ]);
    expect(tidy).toEqual({ file: 'go', args: ['mod', 'tidy'] });
  });

  it('fits the chosen set: semconv of that release, routes from the mux before Go 1.23', async () => {
    const old = await filesOf(
      await input({}, goDetection({ go: { module: 'example.com/app', goVersion: '1.22.0', mains: [] } })),
    );
    expect(fileOf(old, 'tracing.go')).toContain('semconv "go.opentelemetry.io/otel/semconv/v1.30.0"');
    expect(fileOf(old, 'http.go')).toContain('_, pattern := mux.Handler(r)');
    expect(fileOf(old, 'http.go')).not.toContain('r.Pattern');
    const current = await filesOf(await input({}));
    expect(fileOf(current, 'tracing.go')).toContain('semconv "go.opentelemetry.io/otel/semconv/v1.43.0"');
    expect(fileOf(current, 'http.go')).toContain('route := routeOf(r.Pattern)');
  });

  it('flushes on SIGTERM/SIGINT, re-raising the signal unless main handles signals itself', async () => {
    const plain = await filesOf(await input({}));
    expect(fileOf(plain, 'tracing.go')).toContain('\tflushOnSignal(provider, shutdown)\n');
    expect(fileOf(plain, 'signal.go')).toContain('if err := shutdown(ctx); err != nil {');
    expect(fileOf(plain, 'signal.go')).toContain('\t\treraise(sig)\n');
    const own = await filesOf(
      await input({}, goDetection({ go: { module: 'example.com/app', goVersion: '1.26', mains: ['.'] } }), {
        'main.go':
          'package main\n\nimport (\n\t"os"\n\t"os/signal"\n)\n\nfunc main() { signal.Notify(nil, os.Interrupt) }\n',
      }),
    );
    expect(fileOf(own, 'signal.go')).toContain('signal.Notify(signals, syscall.SIGTERM, os.Interrupt)');
    expect(fileOf(own, 'signal.go')).not.toContain('reraise');
    expect(fileOf(own, 'signal.go')).toContain('provider.ForceFlush(ctx)');
  });

  it('renders gofmt-clean Go in every variant (as written: with the stamp line)', async () => {
    const variants = [
      await input({ sampler: { type: 'always_off' } }, goDetection({ libraries: ['grpc', 'sql'] })),
      await input({ exporter: { protocol: 'grpc', endpoint: 'https://otlp.example.com:4317' }, propagators: ['b3'] }),
      // go 1.22 (no Request.Pattern: routes from the mux), and a main that handles signals itself.
      await input(
        {},
        goDetection({ go: { module: 'example.com/app', goVersion: '1.22.0', mains: ['.'] }, libraries: ['sql'] }),
        { 'main.go': 'package main\n\nimport (\n\t"os/signal"\n)\n\nvar _ = signal.Notify\n\nfunc main() {}\n' },
      ),
      // Each router's middleware, on the oldest set (its semconv has every name they use).
      ...(await Promise.all(
        GO_ROUTERS.map((r) =>
          input({}, goDetection({ frameworks: [r], go: { module: 'example.com/app', goVersion: '1.22', mains: [] } })),
        ),
      )),
    ];
    for (const v of variants) {
      const dir = tempDir('tk-go-fmt-');
      for (const f of await filesOf(v)) writeFileSync(path.join(dir, path.basename(f.path)), stamp(f.content, '//'));
      const r = await execa('gofmt', ['-l', '-e', '.'], { cwd: dir, reject: false });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('');
    }
  });
});

describe('Go routers', () => {
  it("writes the detected router's middleware file, and no other router's", async () => {
    for (const r of GO_ROUTERS) {
      const names = (await filesOf(await input({}, goDetection({ frameworks: [r] })))).map((f) => f.path);
      expect(names.filter((n) => GO_ROUTERS.some((o) => n === `internal/tracing/${o}.go`))).toEqual([
        `internal/tracing/${r}.go`,
      ]);
    }
  });
});

describe('Go recipe plan', () => {
  const MAIN = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n';

  it('edits main.go as read through the probe, and its next steps tell what that edit did', async () => {
    const plan = await goRecipe.plan(
      await input(
        {},
        goDetection({ entryPoint: 'main.go', go: { module: 'example.com/app', goVersion: '1.26', mains: ['.'] } }),
        {
          'main.go': MAIN,
        },
      ),
    );
    expect(plan.edits.map((e) => [e.path, e.kind])).toEqual([['main.go', 'edit']]);
    expect(plan.edits[0]!.content).toContain('tracing.HTTPHandler(http.DefaultServeMux)');
    expect(plan.nextSteps[1]).toBe(
      'main.go (when you accepted the edit): call tracing.Init at the start of main and flush spans on return; ' +
        'wrap the server handler with tracing.HTTPHandler (a span per request, named by route).',
    );
    expect(plan.nextSteps.some((s) => s.startsWith('By hand:'))).toBe(false);
  });

  it('a main.go of a shape it cannot edit: no edit, the next steps say so and list the changes', async () => {
    const unknown = 'package main\n\nfunc main() {\n\tsrv := newServer()\n\tsrv.ListenAndServe()\n}\n';
    const detection = goDetection({
      entryPoint: 'main.go',
      go: { module: 'example.com/app', goVersion: '1.26', mains: ['.'] },
    });
    const plan = await goRecipe.plan(await input({}, detection, { 'main.go': unknown }));
    expect(plan.edits).toEqual([]);
    expect(plan.nextSteps[1]).toBe('main.go was left as it is (a shape tracekit cannot edit safely); change it:');
    expect(plan.nextSteps[2]).toMatch(/^By hand: line 5: srv\.ListenAndServe\(\) starts a server whose handler/);
    expect(plan.nextSteps).toContain('By hand: import "example.com/app/internal/tracing".');
  });

  it('a main.go that builds no HTTP server: Init added, and told to wrap the handler where it is built', async () => {
    const detection = goDetection({
      entryPoint: 'main.go',
      go: { module: 'example.com/app', goVersion: '1.26', mains: ['.'] },
    });
    const noServer = 'package main\n\nimport "example.com/app/server"\n\nfunc main() {\n\tserver.Run()\n}\n';
    const plan = await goRecipe.plan(await input({}, detection, { 'main.go': noServer }));
    expect(plan.edits[0]!.content).toContain('stopTracing := tracing.Init(context.Background())');
    expect(plan.nextSteps).toContain(
      "By hand: main.go starts no HTTP server tracekit can see: wrap your server's handler where it is built, " +
        'tracing.HTTPHandler(h) (nothing to do if the service serves no HTTP).',
    );
  });

  it('without a main package: no edit, the lines to add by hand', async () => {
    const plan = await goRecipe.plan(await input({}));
    expect(plan.edits).toEqual([]);
    expect(plan.nextSteps[1]).toBe(
      'By hand: in main: stopTracing := tracing.Init(context.Background()); defer stopTracing().',
    );
  });

  it("refuses an internal/tracing package of the user's, but not tracekit's own files", async () => {
    const theirs = await input({}, goDetection(), { 'internal/tracing/setup.go': 'package tracing\n' });
    await expect(goRecipe.plan(theirs)).rejects.toThrow(
      /internal\/tracing already holds a package of yours \(setup\.go\)/,
    );
    const ours = await input({}, goDetection(), {
      'internal/tracing/old.go': '// tracekit:generated\npackage tracing\n',
    });
    await expect(goRecipe.plan(ours)).resolves.toBeDefined();
  });
});
