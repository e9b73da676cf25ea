import type { TracekitConfig } from '../../config/schema.js';
import type { FileChange } from '../../fs/plan.js';
import type { Command, Recipe, RecipeInput } from '../language.js';
import { baseTemplateData } from '../template-data.js';
import { editGoMain, type MainEdit, SETUP_LINES } from './main-edit.js';
import { checkGoVersion, checkTracingDir, TRACING_DIR } from './preflight.js';
import type { GoFacts } from './rules.js';
import { GO_MODULES, type GoModuleId, SEMCONV_IMPORT } from './versions.js';

type GoInput = RecipeInput<GoFacts>;

/** The files of the generated package, each with the condition that calls for it. */
const FILES: { name: string; when: (f: Features) => boolean }[] = [
  { name: 'tracing.go', when: () => true },
  { name: 'export.go', when: () => true },
  { name: 'span.go', when: () => true },
  { name: 'propagation.go', when: () => true },
  { name: 'http.go', when: () => true },
  { name: 'grpc.go', when: (f) => f.grpc },
  { name: 'sql.go', when: (f) => f.sql },
  { name: 'gin.go', when: (f) => f.router === 'gin' },
  { name: 'chi.go', when: (f) => f.router === 'chi' },
];

interface Features {
  grpc: boolean;
  sql: boolean;
  b3: boolean;
  /** A router with its own middleware, used in place of HTTPHandler. */
  router: 'gin' | 'chi' | undefined;
}

function featuresOf({ detection, config }: GoInput): Features {
  const routers = ['gin', 'chi'] as const;
  return {
    router: routers.find((r) => config.framework === r) ?? routers.find((r) => detection.frameworks.includes(r)),
    grpc: detection.libraries.includes('grpc') || config.framework === 'grpc',
    sql: detection.libraries.includes('sql'),
    b3: config.propagators.some((p) => p.startsWith('b3')),
  };
}

const SAMPLERS: Record<TracekitConfig['sampler']['type'], (ratio: string) => string> = {
  always_on: () => 'sdktrace.AlwaysSample()',
  always_off: () => 'sdktrace.NeverSample()',
  traceidratio: (r) => `sdktrace.TraceIDRatioBased(${r})`,
  parentbased_always_on: () => 'sdktrace.ParentBased(sdktrace.AlwaysSample())',
  parentbased_always_off: () => 'sdktrace.ParentBased(sdktrace.NeverSample())',
  parentbased_traceidratio: (r) => `sdktrace.ParentBased(sdktrace.TraceIDRatioBased(${r}))`,
};

const PROPAGATORS: Record<TracekitConfig['propagators'][number], string> = {
  tracecontext: 'propagation.TraceContext{}',
  baggage: 'propagation.Baggage{}',
  b3: 'b3.New()',
  b3multi: 'b3.New(b3.WithInjectEncoding(b3.B3MultipleHeader))',
};

/** Template data: every user value is escaped by `{{go}}` in the templates; the rest is from closed sets. */
function templateData(input: GoInput) {
  const c = input.config;
  const exporter = c.exporter.protocol === 'grpc' ? GO_MODULES.otlpGrpc : GO_MODULES.otlpHttp;
  return {
    ...baseTemplateData(c),
    exporterImport: exporter.path,
    exporterPackage: exporter.path.split('/').pop(),
    samplerExpr: SAMPLERS[c.sampler.type](String(c.sampler.ratio ?? 1)),
    propagatorExprs: c.propagators.map((p) => PROPAGATORS[p]).join(', '),
    semconvImport: SEMCONV_IMPORT,
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
  const edit = editGoMain({
    source: before,
    tracingImport: `${input.detection.go.module}/${TRACING_DIR}`,
    grpc: f.grpc,
    sql: f.sql,
    router: f.router,
  });
  return { entry, before, edit };
}

function installCommands(input: GoInput, f: Features): Command[] {
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
  return [
    { file: 'go', args: ['get', ...ids.map((id) => `${GO_MODULES[id].path}@${GO_MODULES[id].version}`)] },
    { file: 'go', args: ['mod', 'tidy'] },
  ];
}

function nextSteps(input: GoInput, f: Features, edit: MainEdit | undefined): string[] {
  const entry = input.detection.entryPoint ?? 'main.go';
  const steps = [`Tracing lives in ${TRACING_DIR} (import "${input.detection.go.module}/${TRACING_DIR}").`];
  if (edit?.applied.length) steps.push(`${entry} (when you accepted the edit): ${edit.applied.join('; ')}.`);
  for (const m of edit?.manual ?? [`in main: ${SETUP_LINES.join('; ')}`]) steps.push(`By hand: ${m}.`);
  const elsewhere = [
    'make outgoing requests with tracing.HTTPClient',
    ...(f.sql ? ['open databases with tracing.OpenDB'] : []),
    ...(f.grpc ? ['pass tracing.GRPCServerOption() / tracing.GRPCDialOption() to gRPC servers and clients'] : []),
  ];
  steps.push(
    `Elsewhere: ${elsewhere.join(', ')}, and add spans with tracing.StartSpan or tracing.WithSpan.`,
    'Queues: tracing.Inject(ctx, headers) when producing, ctx = tracing.Extract(ctx, headers) when consuming.',
    'Spans leave in batches; stopTracing flushes them when main returns. ' +
      'If your server stops on a signal, call it on that path too.',
    'Run the service as usual (go run .); OTEL_* environment variables override the generated defaults.',
  );
  return steps;
}

/** Go: an internal/tracing package in the module, main.go wired to it, modules pinned in versions.ts. */
export const goRecipe: Recipe<GoFacts> = {
  async plan(input) {
    checkGoVersion(input.detection);
    await checkTracingDir(
      input.project.probe,
      FILES.map((file) => `${TRACING_DIR}/${file.name}`),
    );
    const f = featuresOf(input);
    const data = templateData(input);
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
    return {
      files,
      edits:
        main && main.edit.source !== main.before ? [{ path: main.entry, content: main.edit.source, kind: 'edit' }] : [],
      install: installCommands(input, f),
      nextSteps: nextSteps(input, f, main?.edit),
      warnings: [],
      notes: [],
    };
  },
};
