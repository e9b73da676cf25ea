import { otlpTracesUrl } from '../../config/otlp-url.js';
import type { FileChange } from '../../fs/plan.js';
import type { Command, Recipe, RecipeInput } from '../recipe.js';
import { type InstrumentationSpec, instrumentationsFor } from './instrumentations.js';
import { type NodeLayout, nodeLayout } from './layout.js';
import { belowEverySupportedLine, chooseOtelLine, type NodeVersionChoice } from './node-version.js';
import { propagatorSource, samplerSource } from './setup-source.js';
import { startCommand, startScriptEdit, tracedStartScript } from './start-script.js';
import { readTsConfig } from './ts-output.js';
import { pinned } from './versions.js';

/** Everything the Node recipe decides about one service, computed once from the input. */
interface NodePlan {
  layout: NodeLayout;
  choice: NodeVersionChoice;
  instrumentations: InstrumentationSpec[];
  packages: string[];
  /** Why tsconfig.json could not be read, when it could not. */
  tsconfigProblem?: string;
}

function planFor(input: RecipeInput): NodePlan {
  const { project, detection, config } = input;
  const tsconfig = detection.node?.typescript ? readTsConfig(project.root) : {};
  const layout = nodeLayout(project, detection, tsconfig.output);
  const choice = chooseOtelLine({
    engines: project.probe.packageJson?.engines?.node,
    nvmrc: project.probe.nodeVersionFile,
    runningNode: process.versions.node,
  });
  const instrumentations = instrumentationsFor(detection, config.framework);
  const exporter =
    config.exporter.protocol === 'grpc'
      ? '@opentelemetry/exporter-trace-otlp-grpc'
      : '@opentelemetry/exporter-trace-otlp-proto';
  const names = [
    '@opentelemetry/api',
    '@opentelemetry/sdk-node',
    choice.line.traceSdk,
    '@opentelemetry/resources',
    '@opentelemetry/core',
    '@opentelemetry/resource-detector-container',
    exporter,
    // The ESM loader hook (hook.mjs) lives in this package; the instrumentations share it.
    ...(layout.moduleSystem === 'esm' ? ['@opentelemetry/instrumentation'] : []),
    ...(config.propagators.some((p) => p.startsWith('b3')) ? ['@opentelemetry/propagator-b3'] : []),
    ...instrumentations.map((i) => i.package),
  ];
  return {
    layout,
    choice,
    instrumentations,
    packages: names.map((n) => pinned(choice.line, n)),
    tsconfigProblem: tsconfig.problem,
  };
}

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

/** Instruments Node.js services with the OpenTelemetry JS SDK line that matches their Node version. */
export const nodeRecipe: Recipe = {
  lang: 'node',
  frameworks: ['express', 'fastify', 'nestjs', 'http'],

  async preflight(input) {
    const { choice, layout, tsconfigProblem } = planFor(input);
    const { log } = input.ctx;
    if (tsconfigProblem) log.warn(`${tsconfigProblem}; the start command assumes TypeScript's usual output folders.`);
    const loading = layout.moduleSystem === 'esm' ? 'ES modules' : 'CommonJS';
    log.info(
      `Node ${choice.raw} (from ${choice.source}): OpenTelemetry JS ${choice.line.id} line; ${loading}, loaded with ${layout.preload.flag} ${layout.preload.path}.`,
    );
    if (belowEverySupportedLine(choice.version)) {
      log.warn(
        `OpenTelemetry JS needs Node ${choice.line.minNode.join('.')} or newer; ${choice.source} allows Node ${choice.raw}. Run the service on a newer Node.`,
      );
    }
    if (tracedStartScript(layout, input.project.probe.packageJson?.scripts?.start) === undefined) {
      log.info(
        `The start script is left alone (tracekit edits only "node ..." and "tsx ..." scripts); start with: ${startCommand(layout)}`,
      );
    }
  },

  async render(input) {
    const { config, engine, project } = input;
    const { layout, instrumentations, choice } = planFor(input);
    const sampler = samplerSource(config.sampler);
    const propagators = propagatorSource(config.propagators);
    const edit = startScriptEdit(project.probe, layout);
    const data = {
      esm: layout.syntax === 'esm',
      ts: layout.typescript,
      serviceName: config.service.name,
      serviceVersion: config.service.version,
      environment: config.service.environment,
      endpoint: config.exporter.endpoint,
      exporterUrl: otlpTracesUrl(config.exporter),
      exporterPackage:
        config.exporter.protocol === 'grpc'
          ? '@opentelemetry/exporter-trace-otlp-grpc'
          : '@opentelemetry/exporter-trace-otlp-proto',
      protocolName: config.exporter.protocol === 'grpc' ? 'OTLP/gRPC' : 'OTLP/HTTP',
      traceSdk: choice.line.traceSdk,
      sampler: sampler.expression,
      samplerClasses: [...new Set(sampler.imports)].sort().join(', '),
      samplerName:
        config.sampler.ratio === undefined ? config.sampler.type : `${config.sampler.type} ${config.sampler.ratio}`,
      propagators: propagators.expressions,
      propagatorClasses: propagators.coreImports.join(', '),
      propagatorNames: config.propagators.join(','),
      b3: propagators.b3,
      instrumentations,
      instrumentationIds: instrumentations.map((i) => i.id).join(', '),
      startCommand: oneLine(startCommand(layout)),
      startScriptLoadsTracing: tracedStartScript(layout, project.probe.packageJson?.scripts?.start) !== undefined,
      packageManager: input.detection.packageManager,
      tracingImport: layout.tracingImport,
      tracingFile: oneLine(layout.files.tracing),
      telemetryImport: telemetryImport(layout),
    };
    const changes: FileChange[] = [
      {
        path: layout.files.tracing,
        content: await engine.render('node/tracing.hbs', data),
        kind: 'generated',
        comment: '//',
      },
    ];
    if (layout.files.register) {
      // The register file is ESM whatever the project's syntax (it uses import.meta and top-level await).
      changes.push({
        path: layout.files.register,
        content: await engine.render('node/tracing-register.hbs', data),
        kind: 'generated',
        comment: '//',
      });
    }
    changes.push({
      path: layout.files.telemetry,
      content: await engine.render('node/telemetry.hbs', data),
      kind: 'generated',
      comment: '//',
    });
    if (edit) changes.push(edit);
    return changes;
  },

  installCommands(input): Command[] {
    const [file, ...args] = ADD[input.detection.packageManager] ?? ADD.npm!;
    return [{ file: file!, args: [...args, ...planFor(input).packages] }];
  },

  nextSteps(input) {
    const { layout } = planFor(input);
    const scripted = tracedStartScript(layout, input.project.probe.packageJson?.scripts?.start) !== undefined;
    return [
      scripted
        ? `Start the service with tracing: ${input.detection.packageManager} start  (or: ${startCommand(layout)})`
        : `Start the service with tracing: ${startCommand(layout)}`,
      ...(layout.compiled
        ? [
            `Compile before starting: ${layout.preload.path} is built from ${layout.files.register ?? layout.files.tracing} with your sources.`,
          ]
        : []),
      `Manual spans and baggage: import { withSpan, withBaggage, getBaggage } from "${telemetryImport(layout)}"`,
      `Environment variables (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, ...) override the setup; see the top of ${layout.files.tracing}.`,
    ];
  },
};
