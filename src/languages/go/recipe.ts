import { isRemoteSampler } from '../../config/choices.js';
import type { TracekitConfig } from '../../config/schema.js';
import type { FileChange } from '../../fs/plan.js';
import type { Command, Recipe, RecipeInput, StartCommand } from '../language.js';
import { baseTemplateData } from '../template-data.js';
import { planGoTest } from './generated-test.js';
import { importsOf } from './go-source.js';
import { TRACING_DIR } from './layout.js';
import { editGoMain, type MainEdit, SETUP_LINES } from './main-edit.js';
import { goPinnedVersions } from './pinned-versions.js';
import { checkTracingDir, chooseGoSet, upgradeTarget } from './preflight.js';
import {
  declaredModules,
  GO_QUEUE_CLIENTS,
  type GoQueueClient,
  legacyQueueWarnings,
  queueCallSteps,
  queueClientsIn,
  queueSteps,
  semconvRabbitMQ,
} from './queues.js';
import { GO_ROUTERS, type GoFacts, type GoRouter } from './rules.js';
import { type GoModuleId, type GoOtelSet, goModules, semconvImport } from './versions.js';

type GoInput = RecipeInput<GoFacts>;

/** The files of the generated package, each with the condition that calls for it. */
const FILES: { name: string; when: (f: Features) => boolean }[] = [
  { name: 'tracing.go', when: () => true },
  { name: 'export.go', when: () => true },
  { name: 'span.go', when: () => true },
  { name: 'propagation.go', when: () => true },
  { name: 'signal.go', when: () => true },
  { name: 'redact.go', when: () => true },
  { name: 'sampling.go', when: (f) => f.remoteSampler },
  { name: 'http.go', when: () => true },
  { name: 'grpc.go', when: (f) => f.grpc },
  { name: 'sql.go', when: (f) => f.sql },
  ...GO_ROUTERS.map((r) => ({ name: `${r}.go`, when: (f: Features) => f.router === r })),
  { name: 'messaging.go', when: (f) => f.queues.length > 0 },
  ...GO_QUEUE_CLIENTS.map((c) => ({ name: c.file, when: (f: Features) => f.queues.includes(c) })),
];

interface Features {
  grpc: boolean;
  sql: boolean;
  b3: boolean;
  /** A router with its own middleware, used in place of HTTPHandler. */
  router: GoRouter | undefined;
  /** The queue clients the module uses, each getting its carriers and spans. */
  queues: readonly GoQueueClient[];
  /** jaeger_remote or parentbased_jaeger_remote: sampling.go and the jaegerremote module. */
  remoteSampler: boolean;
}

function featuresOf({ detection, config }: GoInput): Features {
  return {
    router: GO_ROUTERS.find((r) => config.framework === r) ?? GO_ROUTERS.find((r) => detection.frameworks.includes(r)),
    grpc: detection.libraries.includes('grpc') || config.framework === 'grpc',
    sql: detection.libraries.includes('sql'),
    b3: config.propagators.some((p) => p.startsWith('b3')),
    queues: queueClientsIn(detection.libraries),
    remoteSampler: isRemoteSampler(config.sampler.type),
  };
}

const SAMPLERS: Record<TracekitConfig['sampler']['type'], (ratio: string) => string> = {
  always_on: () => 'sdktrace.AlwaysSample()',
  always_off: () => 'sdktrace.NeverSample()',
  traceidratio: (r) => `sdktrace.TraceIDRatioBased(${r})`,
  parentbased_always_on: () => 'sdktrace.ParentBased(sdktrace.AlwaysSample())',
  parentbased_always_off: () => 'sdktrace.ParentBased(sdktrace.NeverSample())',
  parentbased_traceidratio: (r) => `sdktrace.ParentBased(sdktrace.TraceIDRatioBased(${r}))`,
  jaeger_remote: () => 'remoteSampler(samplerName)',
  parentbased_jaeger_remote: () => 'remoteSampler(samplerName)',
};

const PROPAGATORS: Record<TracekitConfig['propagators'][number], string> = {
  tracecontext: 'propagation.TraceContext{}',
  baggage: 'propagation.Baggage{}',
  b3: 'b3.New()',
  b3multi: 'b3.New(b3.WithInjectEncoding(b3.B3MultipleHeader))',
};

/** Template data: every user value is escaped by `{{go}}` in the templates; the rest is from closed sets. */
function templateData(input: GoInput, set: GoOtelSet, ownSignals: boolean) {
  const c = input.config;
  const modules = goModules(set);
  const exporter = c.exporter.protocol === 'grpc' ? modules.otlpGrpc : modules.otlpHttp;
  return {
    ...baseTemplateData(c),
    exporterImport: exporter.path,
    exporterPackage: exporter.path.split('/').pop(),
    samplerExpr: SAMPLERS[c.sampler.type](String(c.sampler.ratio ?? 1)),
    propagatorExprs: c.propagators.map((p) => PROPAGATORS[p]).join(', '),
    semconvImport: semconvImport(set),
    semconvRabbitMQ: semconvRabbitMQ(set),
    requestPattern: set.requestPattern,
    reraiseSignals: !ownSignals,
    modulePath: input.detection.go.module,
  };
}

/** main.go wired to the package, or undefined when there is no main to edit. */
async function mainEdit(
  input: GoInput,
  f: Features,
): Promise<{ entry: string; before: string; edit: MainEdit } | undefined> {
  const entry = input.detection.entryPoint;
  const before = entry === undefined ? undefined : await input.project.probe.read(entry);
  if (entry === undefined || before === undefined) return undefined;
  const edit = await editGoMain(input.ctx, {
    source: before,
    tracingImport: `${input.detection.go.module}/${TRACING_DIR}`,
    grpc: f.grpc,
    sql: f.sql,
    router: f.router,
  });
  return { entry, before, edit };
}

/** Whether a main package handles signals itself (imports os/signal): then it decides when to exit. */
async function handlesSignals(input: GoInput): Promise<boolean> {
  for (const main of input.detection.go.mains) {
    const dir = main === '.' ? '' : `${main}/`;
    for (const e of await input.project.probe.list(main)) {
      if (!e.name.endsWith('.go') || e.name.endsWith('_test.go')) continue;
      const src = await input.project.probe.read(`${dir}${e.name}`);
      if (src && importsOf(src).some((i) => i.path === 'os/signal')) return true;
    }
  }
  return false;
}

/** `go run` of the first main package: the start command of the next steps. */
function startCommands(input: GoInput): StartCommand[] {
  const main = input.detection.go.mains[0];
  return main === undefined ? [] : [{ argv: ['go', 'run', main === '.' ? '.' : `./${main}`], cwd: '.' }];
}

function installCommands(input: GoInput, f: Features, set: GoOtelSet): Command[] {
  const modules = goModules(set);
  const ids: GoModuleId[] = [
    'otel',
    'sdk',
    'trace',
    input.config.exporter.protocol === 'grpc' ? 'otlpGrpc' : 'otlpHttp',
    'autoprop',
    'otelhttp',
  ];
  if (f.b3) ids.push('b3');
  if (f.grpc) ids.push('otelgrpc');
  if (f.sql) ids.push('otelsql');
  if (f.remoteSampler) ids.push('jaegerremote');
  return [
    { file: 'go', args: ['get', ...ids.map((id) => `${modules[id].path}@${modules[id].version}`)] },
    { file: 'go', args: ['mod', 'tidy'] },
  ];
}

function nextSteps(
  input: GoInput,
  f: Features,
  edit: MainEdit | undefined,
  ownSignals: boolean,
  queueCalls: string[],
  testSteps: string[],
): string[] {
  const entry = input.detection.entryPoint ?? 'main.go';
  const steps = [`Tracing lives in ${TRACING_DIR} (import "${input.detection.go.module}/${TRACING_DIR}").`];
  if (edit?.applied.length) steps.push(`${entry} (when you accepted the edit): ${edit.applied.join('; ')}.`);
  if (edit?.manual.length) steps.push(`${entry} was left as it is (a shape tracekit cannot edit safely); change it:`);
  for (const m of edit?.manual ?? [`in main: ${SETUP_LINES.join('; ')}`]) steps.push(`By hand: ${m}.`);
  if (edit && !edit.manual.length && !edit.serverTraced && !f.grpc) {
    steps.push(
      `By hand: ${entry} starts no HTTP server tracekit can see: wrap your server's handler where it is built, ` +
        'tracing.HTTPHandler(h) (nothing to do if the service serves no HTTP).',
    );
  }
  const elsewhere = [
    'make outgoing requests with tracing.HTTPClient',
    ...(f.sql ? ['open databases with tracing.OpenDB'] : []),
    ...(f.grpc ? ['pass tracing.GRPCServerOption() / tracing.GRPCDialOption() to gRPC servers and clients'] : []),
  ];
  steps.push(
    `Elsewhere: ${elsewhere.join(', ')}, and add spans with tracing.StartSpan or tracing.WithSpan.`,
    ...queueSteps(f.queues, queueCalls),
    ownSignals
      ? 'Spans leave in batches: on SIGTERM or SIGINT the tracing package flushes them and leaves the exit to ' +
          'your own signal handling (main imports os/signal); stopTracing flushes the rest when main returns.'
      : 'Spans leave in batches: on SIGTERM or SIGINT the tracing package flushes them, then the signal ends ' +
          'the process as before (internal/tracing/signal.go); stopTracing flushes them when main returns.',
    ...testSteps,
    `Start it: ${startCommands(input)[0]?.argv.join(' ') ?? 'go run <your main package>'} (or your own build); ` +
      'OTEL_* environment variables override the generated defaults.',
  );
  return steps;
}

/** Go: an internal/tracing package in the module, main.go wired to it, modules pinned in versions.ts. */
export const goRecipe: Recipe<GoFacts> = {
  async plan(input) {
    // --upgrade-go raises the go directive first (an install command, run with consent).
    const upgrade = input.upgradeRuntime ? upgradeTarget(input.detection) : undefined;
    const set = upgrade ?? chooseGoSet(input.detection);
    await checkTracingDir(
      input.project.probe,
      FILES.map((file) => `${TRACING_DIR}/${file.name}`),
    );
    const f = featuresOf(input);
    const ownSignals = await handlesSignals(input);
    const data = templateData(input, set, ownSignals);
    const files: FileChange[] = [];
    for (const file of FILES.filter((x) => x.when(f))) {
      files.push({
        path: `${TRACING_DIR}/${file.name}`,
        content: await input.engine.render(`go/${file.name}.hbs`, data),
        kind: 'generated',
        comment: '//',
      });
    }
    const main = await mainEdit(input, f);
    const queueCalls = await queueCallSteps(input.project.probe, f.queues);
    const test = await planGoTest(input, main?.edit, data);
    const install = installCommands(input, f, set);
    const goMod = await input.project.probe.read('go.mod');
    return {
      files: [...files, ...test.files],
      edits:
        main && main.edit.source !== main.before ? [{ path: main.entry, content: main.edit.source, kind: 'edit' }] : [],
      install: [...(upgrade ? [{ file: 'go', args: ['mod', 'edit', `-go=${upgrade.goLine}.0`] }] : []), ...install],
      versions: goPinnedVersions(goMod, set, install, upgrade ? `${set.goLine}.0` : input.detection.go.goVersion),
      nextSteps: nextSteps(input, f, main?.edit, ownSignals, queueCalls, test.nextSteps),
      start: startCommands(input),
      warnings: legacyQueueWarnings(await declaredModules(input.project.probe)),
      notes: [
        ...test.notes,
        `go ${input.detection.go.goVersion} (go.mod): OpenTelemetry Go ${set.otel}, contrib ${set.contrib}, ` +
          `otelsql ${set.otelsql}, semconv ${set.semconv}: ` +
          (upgrade
            ? `the go directive is raised to ${set.goLine}.0 (--upgrade-go).`
            : `the newest set that builds on go ${set.goLine}; the go directive stays as it is ` +
              '(--upgrade-go raises it to the newest supported line).'),
      ],
    };
  },
};
