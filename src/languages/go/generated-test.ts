import type { FileChange } from '../../fs/plan.js';
import { shellWord } from '../../render/literals.js';
import type { RecipeInput } from '../language.js';
import { TRACING_DIR } from './layout.js';
import type { MainEdit } from './main-edit.js';
import type { GoFacts } from './rules.js';

/** The test's name beside main.go: tracekit's prefix, so it cannot clash with a test of the user's. */
export const TEST_FILE = 'tracekit_tracing_test.go';

/** What init adds for the test: the file and the next step that runs it, or a note saying why not. */
export interface GoTestPlan {
  files: FileChange[];
  nextSteps: string[];
  notes: string[];
}

/** What the template needs beyond the shared data; every string reaches Go through `{{go}}`. */
interface GoTestData {
  tracingImport: string;
  route: string;
  path: string;
  /** The variable main reads its listen address (or, with portOnly, its port) from; '' for a literal address. */
  env: string;
  portOnly: boolean;
  /** The literal address main listens on, as the test dials it. */
  dial: string;
  /** Baggage is among the propagators: the second test checks it reaches the server. */
  baggage: boolean;
}

/** A literal listen address as a client dials it: no host (or any host) is this machine. */
function dialAddress(address: string): string | undefined {
  const m = /^(.*):(\d+)$/.exec(address);
  if (!m) return undefined;
  const host = ['', '0.0.0.0', '[::]'].includes(m[1]!) ? '127.0.0.1' : m[1]!;
  return `${host}:${m[2]}`;
}

/** Why main.go cannot be driven in-process by the test, or undefined when it can. */
function unfit(edit: MainEdit | undefined): string | undefined {
  if (edit === undefined) return 'there is no main.go to start';
  if (edit.manual.length) return 'main.go was left for you to wire by hand';
  if (!edit.serverTraced) return 'main.go starts no HTTP server tracekit traces (the test drives one)';
  if (edit.listen === null) {
    return (
      'main.go does not say where its server listens ' +
      '(os.Getenv or a literal address in ListenAndServe, Run or Start)'
    );
  }
  if (edit.route === null) return 'main.go registers no GET route on its router that the test could request';
  return undefined;
}

/**
 * A `go test` of the service's own wiring, beside its main.go (issue 16): main runs in-process
 * on a free port (through the variable it reads its address from), the SDK's in-memory exporter
 * joins the provider main's tracing.Init installed, and a request through tracing.HTTPClient
 * must come back as client and server spans of one trace, plus baggage read in the server.
 */
export async function planGoTest(
  input: RecipeInput<GoFacts>,
  edit: MainEdit | undefined,
  data: object,
): Promise<GoTestPlan> {
  const none: GoTestPlan = { files: [], nextSteps: [], notes: [] };
  if (!input.writeTests) return none;
  const why = unfit(edit);
  const entry = input.detection.entryPoint;
  const listen = edit?.listen;
  const dial = listen?.env ? '' : dialAddress(listen?.address ?? '');
  if (why || entry === undefined || !edit?.route || dial === undefined) {
    const reason = why ?? `main.go listens on ${JSON.stringify(listen?.address)}, which the test cannot dial`;
    return { ...none, notes: [`No test of the tracing written: ${reason}.`] };
  }
  const dir = entry.includes('/') ? entry.slice(0, entry.lastIndexOf('/')) : '';
  const test: GoTestData = {
    tracingImport: `${input.detection.go.module}/${TRACING_DIR}`,
    route: edit.route.template,
    path: edit.route.path,
    env: listen?.env ?? '',
    portOnly: listen?.portOnly ?? false,
    dial,
    baggage: input.config.propagators.includes('baggage'),
  };
  const how = test.env ? `on a free port given in ${test.env}` : `on ${dial}`;
  return {
    files: [
      {
        path: dir ? `${dir}/${TEST_FILE}` : TEST_FILE,
        content: await input.engine.render('go/tracing_test.go.hbs', { ...data, test }),
        kind: 'generated',
        comment: '//',
      },
    ],
    nextSteps: [
      `Test the tracing: go test -run TestTracekit ${dir ? shellWord(`./${dir}`) : '.'} ` +
        `(${TEST_FILE} starts main in-process ${how} and requests GET ${test.path}).`,
    ],
    notes: [],
  };
}
