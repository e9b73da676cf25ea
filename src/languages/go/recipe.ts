import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { otlpTracesUrl } from '../../config/otlp-url.js';
import type { TracekitConfig } from '../../config/schema.js';
import type { FileChange } from '../../fs/plan.js';
import type { Command, Recipe, RecipeInput } from '../recipe.js';
import { editGoMain, type MainEdit, SETUP_LINES } from './main-edit.js';
import { checkGoVersion, checkTracingDir, TRACING_DIR } from './preflight.js';
import { GO_MODULES, type GoModuleId, SEMCONV_IMPORT } from './versions.js';

/** The files of the generated package, each with the condition that calls for it. */
const FILES: { name: string; when: (f: Features) => boolean }[] = [
  { name: 'tracing.go', when: () => true },
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

function featuresOf({ detection, config }: RecipeInput): Features {
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
function templateData(input: RecipeInput, f: Features) {
  const c = input.config;
  const exporter = c.exporter.protocol === 'grpc' ? GO_MODULES.otlpGrpc : GO_MODULES.otlpHttp;
  return {
    serviceName: c.service.name,
    serviceVersion: c.service.version,
    environment: c.service.environment,
    endpointUrl: otlpTracesUrl(c.exporter),
    protocolTitle: c.exporter.protocol === 'grpc' ? 'gRPC' : 'HTTP',
    exporterImport: exporter.path,
    exporterPackage: exporter.path.split('/').pop(),
    samplerExpr: SAMPLERS[c.sampler.type](String(c.sampler.ratio ?? 1)),
    propagatorExprs: c.propagators.map((p) => PROPAGATORS[p]).join(', '),
    usesB3: f.b3,
    semconvImport: SEMCONV_IMPORT,
    modulePath: input.detection.go!.module,
  };
}

// render reads main.go once; nextSteps reports what that edit did.
const mainEdits = new WeakMap<RecipeInput, MainEdit>();

async function renderMainEdit(input: RecipeInput, f: Features): Promise<FileChange[]> {
  const entry = input.detection.entryPoint;
  if (!entry) return [];
  const source = await readFile(path.join(input.project.root, entry), 'utf8');
  const edit = editGoMain({
    source,
    tracingImport: `${input.detection.go!.module}/${TRACING_DIR}`,
    grpc: f.grpc,
    sql: f.sql,
    router: f.router,
  });
  mainEdits.set(input, edit);
  return edit.source === source ? [] : [{ path: entry, content: edit.source, kind: 'edit' }];
}

function modulesFor(input: RecipeInput): GoModuleId[] {
  const f = featuresOf(input);
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
  return ids;
}

/** Go: an internal/tracing package in the module, main.go wired to it, modules pinned in versions.ts. */
export const goRecipe: Recipe = {
  lang: 'go',
  frameworks: ['net-http', 'grpc', 'gin', 'chi'],
  async preflight(input) {
    checkGoVersion(input.detection);
    await checkTracingDir(
      input.project.root,
      FILES.map((f) => `${TRACING_DIR}/${f.name}`),
    );
  },
  async render(input) {
    const f = featuresOf(input);
    const data = templateData(input, f);
    const files: FileChange[] = [];
    for (const file of FILES.filter((x) => x.when(f))) {
      files.push({
        path: `${TRACING_DIR}/${file.name}`,
        content: await input.engine.render(`go/${file.name}.hbs`, data),
        kind: 'generated',
        comment: '//',
      });
    }
    return [...files, ...(await renderMainEdit(input, f))];
  },
  installCommands(input): Command[] {
    return [
      {
        file: 'go',
        args: ['get', ...modulesFor(input).map((id) => `${GO_MODULES[id].path}@${GO_MODULES[id].version}`)],
      },
      { file: 'go', args: ['mod', 'tidy'] },
    ];
  },
  nextSteps(input) {
    const edit = mainEdits.get(input);
    const entry = input.detection.entryPoint ?? 'main.go';
    const steps = [`Tracing lives in ${TRACING_DIR} (import "${input.detection.go!.module}/${TRACING_DIR}").`];
    if (edit?.applied.length) steps.push(`${entry} (when you accepted the edit): ${edit.applied.join('; ')}.`);
    for (const m of edit?.manual ?? [`in main: ${SETUP_LINES.join('; ')}`]) steps.push(`By hand: ${m}.`);
    const f = featuresOf(input);
    steps.push(
      `Elsewhere: make outgoing requests with tracing.HTTPClient${f.sql ? ', open databases with tracing.OpenDB' : ''}${f.grpc ? ', pass tracing.GRPCServerOption() / tracing.GRPCDialOption() to gRPC servers and clients' : ''}, and add spans with tracing.StartSpan or tracing.WithSpan.`,
      'Queues: tracing.Inject(ctx, headers) when producing, ctx = tracing.Extract(ctx, headers) when consuming.',
      'Spans leave in batches; stopTracing flushes them when main returns. If your server stops on a signal, call it on that path too.',
      'Run the service as usual (go run .); OTEL_* environment variables override the generated defaults.',
    );
    return steps;
  },
};
