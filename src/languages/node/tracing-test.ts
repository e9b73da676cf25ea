import type { FileChange } from '../../fs/plan.js';
import type { RecipeInput } from '../language.js';
import { INSTRUMENTATIONS } from './instrumentations.js';
import type { NodeLayout } from './layout.js';
import type { PackageJson } from './manifests.js';
import { type NodeFacts, nodeRules } from './rules.js';
import { testSetup } from './test-runner.js';
import type { OtelLine } from './versions.js';

/** Frameworks whose instrumentation names the server span by route and sets http.route. */
const ROUTE_FRAMEWORKS = ['express', 'fastify', 'koa', 'nestjs'];

// `app.get("/healthz", ...)`, `router.get('/orders', ...)`: a GET route the entry file declares.
const GET_ROUTE = /\.get\(\s*(['"`])(\/[^'"`\s]*)\1/g;

/**
 * The first GET route without parameters that the entry file declares (a request needs no
 * values for it), or undefined: then the test requests "/" and checks what the
 * instrumentation makes of whatever the service answers.
 */
export function staticGetRoute(source: string): string | undefined {
  return [...source.matchAll(GET_ROUTE)].map((m) => m[2]!).find((route) => !/[:*{}()[\]]/.test(route));
}

/** The declared packages an instrumentation patches (express, pg, ...): vitest needs them required first. */
function instrumentedPackages(pkg: PackageJson): string[] {
  const declared = { ...pkg.dependencies, ...pkg.devDependencies };
  const rules = [...nodeRules.frameworks, ...nodeRules.libraries].filter((r) => r.id in INSTRUMENTATIONS);
  return rules.flatMap((r) => r.deps).filter((name) => name in declared);
}

/** What the recipe adds for the tracing test: the file and the next step, or a note saying why there is none. */
export interface TracingTestPlan {
  files: FileChange[];
  nextSteps: string[];
  notes: string[];
}

/**
 * The test init writes into the service's own test setup: the service started in-process with
 * its tracing setup sending spans to an InMemorySpanExporter (templates/node/tracing-test.hbs).
 * `scripted` says the start script loads tracing, so the test reads it from there at each run.
 */
export async function tracingTest(
  input: RecipeInput<NodeFacts>,
  o: { layout: NodeLayout; pkg: PackageJson; scripted: boolean; line: OtelLine },
): Promise<TracingTestPlan> {
  const { layout, pkg, scripted } = o;
  // TypeScript sources with nothing known to run them (no tsx, no compiled output) cannot be imported by a test.
  const runnable = layout.runner === 'tsx' || !layout.typescript || layout.compiled;
  if (!layout.entry || layout.runner === 'other' || !runnable)
    return {
      files: [],
      nextSteps: [],
      notes: ['No tracing test written: init does not know how the service starts, to start it in a test.'],
    };
  const setup = testSetup(pkg, layout);
  // The entry's source: layout.entry, unless that is compiled output (detection reads a start script's
  // first file, which is the preload once init has edited it).
  const sourceFile = layout.compiled ? input.detection.entryPoint : layout.entry;
  const source = sourceFile ? await input.project.probe.read(sourceFile) : undefined;
  const found = source === undefined ? undefined : staticGetRoute(source);
  const preloadFlag = `${layout.preload.flag} ${layout.preload.path}`;
  const entry = `./${layout.entry}`;
  const data = {
    serviceName: input.config.service.name,
    command: setup.command,
    vitest: setup.runner === 'vitest',
    instrumentedPackages: setup.runner === 'vitest' ? instrumentedPackages(pkg) : [],
    ts: setup.file.endsWith('.ts'),
    traceSdk: o.line.traceSdk,
    // 3.x's span processors take one options object; 2.x's the exporter.
    processorOptionsObject: o.line.id === '3.x',
    route: found ?? '/',
    expectRoute: found !== undefined && ROUTE_FRAMEWORKS.includes(input.config.framework),
    baggage: input.config.propagators.includes('baggage'),
    fromStartScript: scripted,
    preload: { how: layout.preload.flag === '--import' ? 'import' : 'require', file: layout.preload.path },
    preloadFlag,
    notLoaded: `tracekit init made it load tracing with ${preloadFlag}`,
    loadedAs: `tracing was loaded as the start command loads it (${preloadFlag})`,
    entry,
    entryHow: layout.moduleSystem === 'esm' ? 'import' : 'require',
    noServer: `${entry} started no HTTP server within 10 s`,
  };
  const file: FileChange = {
    path: setup.file,
    content: await input.engine.render('node/tracing-test.hbs', data),
    kind: 'generated',
    comment: '//',
  };
  const when = layout.compiled ? ' (compile first)' : '';
  return {
    files: [file],
    nextSteps: [`Test the tracing${when}: ${setup.command}`],
    notes: setup.note ? [setup.note] : [],
  };
}
