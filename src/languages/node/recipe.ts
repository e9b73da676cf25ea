import { isRemoteSampler } from '../../config/choices.js';
import type { FileChange } from '../../fs/plan.js';
import type { Recipe, RecipeInput, RecipePlan } from '../language.js';
import { baseTemplateData } from '../template-data.js';
import { clientsOnHttpNote, type InstrumentationSpec, instrumentationsFor } from './instrumentations.js';
import { type NodeLayout, nodeLayout } from './layout.js';
import { parsePackageJson, readNodeVersionFile } from './manifests.js';
import { isNextApp, type NextApp, nextApp, nextAppNotes, nextStartCommand, nextVersionWarnings } from './next-app.js';
import { belowEverySupportedLine, chooseOtelLine, type NodeVersionChoice } from './node-version.js';
import { nodePinnedVersions, otherLinePackages, removeCommand } from './pinned-versions.js';
import { queueClientWarnings } from './queue-clients.js';
import type { NodeFacts } from './rules.js';
import { propagatorSource, samplerSource } from './setup-source.js';
import { startArgv, startCommand, startScriptEdit, tracedStartScript } from './start-script.js';
import { tracingTest } from './tracing-test.js';
import { readTsConfig } from './ts-output.js';
import { pinned } from './versions.js';

type NodeInput = RecipeInput<NodeFacts>;

/** How code next to the entry point imports the helper module (TypeScript imports it as .js). */
const telemetryImport = (layout: NodeLayout) => `./${layout.files.telemetry.split('/').pop()!.replace(/\.ts$/, '.js')}`;

// Values that land in // comments must stay on one line.
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');

/** Install command per package manager, pinning exact versions. */
const ADD: Record<string, string[]> = {
  npm: ['npm', 'install', '--save-exact'],
  pnpm: ['pnpm', 'add', '--save-exact'],
  yarn: ['yarn', 'add', '--exact'],
  bun: ['bun', 'add', '--exact'],
};

/** The samplers OTEL_TRACES_SAMPLER can name, built by templates/node/partials/env-overrides.hbs. */
const ENV_SAMPLERS = ['AlwaysOffSampler', 'AlwaysOnSampler', 'ParentBasedSampler', 'TraceIdRatioBasedSampler'];
/** The @opentelemetry/core propagators OTEL_PROPAGATORS can name (B3 only when installed). */
const ENV_PROPAGATORS = ['CompositePropagator', 'W3CBaggagePropagator', 'W3CTraceContextPropagator'];

const exporterPackage = (input: NodeInput) =>
  input.config.exporter.protocol === 'grpc'
    ? '@opentelemetry/exporter-trace-otlp-grpc'
    : '@opentelemetry/exporter-trace-otlp-proto';

/** The pinned packages the generated setup imports, from the chosen OpenTelemetry JS line. */
function packagesFor(input: NodeInput, choice: NodeVersionChoice, ins: InstrumentationSpec[]) {
  const names = [
    '@opentelemetry/api',
    choice.line.traceSdk,
    '@opentelemetry/context-async-hooks',
    '@opentelemetry/resources',
    '@opentelemetry/core',
    '@opentelemetry/resource-detector-container',
    exporterPackage(input),
    // registerInstrumentations, and the ESM loader hook (hook.mjs) the instrumentations share.
    '@opentelemetry/instrumentation',
    ...(input.config.propagators.some((p) => p.startsWith('b3')) ? ['@opentelemetry/propagator-b3'] : []),
    ...(isRemoteSampler(input.config.sampler.type) ? ['@opentelemetry/sampler-jaeger-remote'] : []),
    ...ins.map((i) => i.package),
  ];
  return names.map((n) => pinned(choice.line, n));
}

/** The generated setup, register (ESM) or Next.js instrumentation hook, and helper files. */
async function renderFiles(input: NodeInput, layout: NodeLayout, data: object, next?: NextApp): Promise<FileChange[]> {
  const file = async (path: string, template: string, fileData = data): Promise<FileChange> => ({
    path,
    content: await input.engine.render(template, fileData),
    kind: 'generated',
    comment: '//',
  });
  return [
    // Next.js: Node imports the setup itself, so it is plain JavaScript in an .mjs file (next-app.ts).
    await file(layout.files.tracing, 'node/tracing.hbs', next ? { ...data, ts: false, esm: true } : data),
    // The register file is ESM whatever the project's syntax (it uses import.meta and top-level await).
    ...(layout.files.register ? [await file(layout.files.register, 'node/tracing-register.hbs')] : []),
    ...(next ? [await file(next.instrumentation, 'node/next-instrumentation.hbs')] : []),
    await file(layout.files.telemetry, 'node/telemetry.hbs'),
  ];
}

/** The line that brings the helpers into the service's own code, in its module syntax. */
export function helperImport(layout: NodeLayout): string {
  const names = '{ withSpan, withBaggage, getBaggage }';
  return layout.syntax === 'esm'
    ? `import ${names} from "${telemetryImport(layout)}";`
    : `const ${names} = require("${telemetryImport(layout)}");`;
}

/** Hono has no instrumentation that fits beside the http one: the helper module carries a middleware. */
const usesHono = (input: NodeInput) => [input.config.framework, ...input.detection.frameworks].includes('hono');

function nextSteps(input: NodeInput, layout: NodeLayout, scripted: boolean, next?: NextApp): string[] {
  const { packageManager } = input.detection;
  return [
    next
      ? `Build and start the app as usual; Next.js loads tracing: ${nextStartCommand(packageManager)}`
      : scripted
        ? `Start the service with tracing: ${packageManager} start  (or: ${startCommand(layout)})`
        : `Start the service with tracing: ${startCommand(layout)}`,
    ...(layout.compiled
      ? [
          `Compile before starting: ${layout.preload.path} is built from ` +
            `${layout.files.register ?? layout.files.tracing} with your sources.`,
        ]
      : []),
    `Manual spans and baggage: ${helperImport(layout)}`,
    ...(usesHono(input)
      ? [
          `Hono: add app.use(traceRoutes()) before your routes (traceRoutes from "${telemetryImport(layout)}") ` +
            'to name server spans by route and record errors.',
        ]
      : []),
    'On SIGTERM/SIGINT the setup flushes the buffered spans first, then the signal ends the process as before ' +
      '(or reaches your own handler).',
    'Environment variables (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, ...) override the setup; ' +
      `see the top of ${layout.files.tracing}.`,
  ];
}

/** Instruments Node.js services with the OpenTelemetry JS SDK line that matches their Node version. */
export const nodeRecipe: Recipe<NodeFacts> = {
  async plan(input): Promise<RecipePlan> {
    const { project, detection, config, ctx } = input;
    const packageJsonText = await project.probe.read('package.json');
    const pkg = packageJsonText === undefined ? {} : parsePackageJson(packageJsonText);
    const tsconfig = detection.node.typescript ? await readTsConfig(project.probe) : {};
    const next = isNextApp(config.framework, detection) ? nextApp(project.probe.files, detection) : undefined;
    const layout = next?.layout ?? nodeLayout(pkg, project.probe.files, detection, tsconfig.output);
    const choice = chooseOtelLine({
      engines: pkg.engines?.node,
      nvmrc: await readNodeVersionFile(project.probe),
      runningNode: ctx.nodeVersion,
    });
    const instrumentations = instrumentationsFor(detection, config.framework);
    const scripted = !next && tracedStartScript(layout, pkg.scripts?.start) !== undefined;
    // Next.js starts its server with `next start`: there is no entry for a test to import.
    const wantsTest = input.writeTests && !next;
    const test = wantsTest ? await tracingTest(input, { layout, pkg, scripted, line: choice.line }) : undefined;
    const start = next ? nextStartCommand(detection.packageManager) : startCommand(layout);

    const sampler = samplerSource(config.sampler);
    const propagators = propagatorSource(config.propagators);
    const data = {
      ...baseTemplateData(config),
      esm: layout.syntax === 'esm',
      ts: layout.typescript,
      exporterPackage: exporterPackage(input),
      traceSdk: choice.line.traceSdk,
      tracerProvider: choice.line.tracerProvider,
      // 3.x's BatchSpanProcessor takes one options object; 2.x's (sdk-trace-base) the exporter first.
      batchOptionsObject: choice.line.id === '3.x',
      samplerExpr: sampler.expression,
      // The provider, every sampler OTEL_TRACES_SAMPLER can name (templates/node/partials/env-overrides.hbs)
      // and the batch processor the outage handling builds (templates/node/partials/outage.hbs).
      traceSdkImports: [
        ...new Set([...sampler.imports, ...ENV_SAMPLERS, 'BatchSpanProcessor', choice.line.tracerProvider]),
      ]
        .sort()
        .join(', '),
      propagatorExprs: propagators.expressions,
      // The W3C propagators OTEL_PROPAGATORS can name, whatever tracekit.yaml chose.
      coreImports: [
        ...new Set([...propagators.coreImports, ...ENV_PROPAGATORS, 'ExportResultCode', 'diagLogLevelFromString']),
      ]
        .sort()
        .join(', '),
      otlpProtocol: input.config.exporter.protocol === 'grpc' ? 'grpc' : 'http/protobuf',
      instrumentations: instrumentations.map((i) => ({
        ...i,
        imports: [i.className, ...(i.alsoImport ?? [])].join(', '),
      })),
      instrumentationIds: instrumentations.map((i) => i.id).join(', '),
      startCommand: oneLine(start),
      startScriptLoadsTracing: scripted,
      packageManager: detection.packageManager,
      tracingImport: layout.tracingImport,
      tracingFile: oneLine(layout.files.tracing),
      telemetryImport: telemetryImport(layout),
      hono: usesHono(input),
    };

    const loading = layout.moduleSystem === 'esm' ? 'ES modules' : 'CommonJS';
    const notes = [
      `Node ${choice.raw} (from ${choice.source}): OpenTelemetry JS ${choice.line.id} line` +
        (next ? '.' : `; ${loading}, loaded with ${layout.preload.flag} ${layout.preload.path}.`),
      ...(next ? nextAppNotes(next) : []),
      ...(scripted || next
        ? []
        : [
            'The start script is left alone (tracekit edits only "node ..." and "tsx ..." scripts); ' +
              `start with: ${startCommand(layout)}`,
          ]),
      ...clientsOnHttpNote(detection),
      ...(test?.notes ?? []),
    ];
    const warnings = [
      ...(tsconfig.problem
        ? [`${tsconfig.problem}; the start command assumes TypeScript's usual output folders.`]
        : []),
      ...(belowEverySupportedLine(choice.version)
        ? [
            `OpenTelemetry JS needs Node ${choice.line.minNode.join('.')} or newer; ` +
              `${choice.source} allows Node ${choice.raw}. Run the service on a newer Node.`,
          ]
        : []),
      ...queueClientWarnings(pkg),
      ...(next ? nextVersionWarnings(pkg) : []),
    ];
    const edit = next ? undefined : startScriptEdit(packageJsonText, layout);
    const [file, ...args] = ADD[detection.packageManager] ?? ADD.npm!;
    const specs = packagesFor(input, choice, instrumentations);
    return {
      files: [...(await renderFiles(input, layout, data, next)), ...(test?.files ?? [])],
      edits: edit ? [edit] : [],
      install: [
        // A service moved to another line (a newer Node) drops that line's packages first.
        ...removeCommand(detection.packageManager, otherLinePackages(pkg, choice.line)),
        { file: file!, args: [...args, ...specs] },
      ],
      versions: nodePinnedVersions(pkg, choice, specs),
      nextSteps: [...nextSteps(input, layout, scripted, next), ...(test?.nextSteps ?? [])],
      // A Next.js app starts with its start script (next start) once built: the next steps say to build.
      start: [
        {
          argv: next ? [detection.packageManager, 'start'] : startArgv(layout, scripted, detection.packageManager),
          cwd: '.',
        },
      ],
      warnings,
      notes,
    };
  },
};
