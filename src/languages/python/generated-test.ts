import type { FileChange } from '../../fs/plan.js';
import type { Command, RecipeInput } from '../language.js';
import type { PythonLayout } from './layout.js';
import type { PythonManifests } from './manifests.js';
import { commandLine, moduleOf, programOf } from './next-steps.js';
import { pytestSetup } from './test-deps.js';
import { pythonTestPath } from './test-placement.js';

/** What init adds for the generated test: the file, pytest's install or edit, the lines to print. */
export interface PythonTestPlan {
  files: FileChange[];
  edits: FileChange[];
  install: Command[];
  nextSteps: string[];
  /** Why no test was written, when none was. */
  notes: string[];
}

/** The module the test imports as the service starts, the object it serves and how. */
interface TestTarget {
  entryFile: string;
  entryModule: string;
  appAttribute: string;
  /** The partial with `_routes(app)` and `_serve(app)` for this framework. */
  appPartial: string;
}

/** Each framework's partial with `_routes(app)` and `_serve(app)` (Django's is chosen with its wsgi.py). */
const APP_PARTIALS: Record<string, 'flask' | 'aiohttp' | 'asgi'> = {
  fastapi: 'asgi',
  starlette: 'asgi',
  flask: 'flask',
  aiohttp: 'aiohttp',
};

/** The app the test serves, or why the service gets no test. */
function testTarget(input: RecipeInput, layout: PythonLayout): TestTarget | string {
  const { framework, entryPoint, libraries } = input.detection;
  if (framework === 'django') {
    // What runserver and gunicorn serve: the settings package's wsgi.py (WSGI_APPLICATION).
    const pkg = layout.djangoSettings?.split('.').slice(0, -1).join('/');
    const wsgi = pkg ? `${pkg}/wsgi.py` : undefined;
    if (!wsgi || !layout.entryFiles.includes(wsgi)) return "Django's settings package has no wsgi.py to load";
    return { entryFile: wsgi, entryModule: moduleOf(wsgi), appAttribute: 'application', appPartial: 'django' };
  }
  const appPartial = APP_PARTIALS[framework];
  if (!appPartial) {
    const covered = ['django', ...Object.keys(APP_PARTIALS)].join(', ');
    return `the service has no web framework the test can serve (${covered})`;
  }
  if (!entryPoint || !layout.entryFiles.includes(entryPoint)) return 'no entry point that imports tracing was found';
  if (appPartial === 'asgi' && !libraries.includes('uvicorn'))
    return 'the test serves the app with uvicorn, which no manifest declares';
  return { entryFile: entryPoint, entryModule: moduleOf(entryPoint), appAttribute: 'app', appPartial };
}

/** The instrumented client the test calls the app with; urllib (with a span of the test's own) otherwise. */
const clientOf = (libraries: string[]) => ['requests', 'httpx'].find((l) => libraries.includes(l)) ?? 'urllib';

/**
 * The pytest file that proves the tracing works in the service's own test suite (init, unless
 * --no-tests): tracekit's own stamped file, placed where pytest finds it, with pytest added the
 * way the project declares its test tools and the exact command to run it.
 */
export async function planPythonTest(
  input: RecipeInput,
  layout: PythonLayout,
  manifests: PythonManifests,
  python: string,
): Promise<PythonTestPlan> {
  const none = { files: [], edits: [], install: [], nextSteps: [] };
  const target = testTarget(input, layout);
  if (typeof target === 'string') return { ...none, notes: [`No tracing test written: ${target}.`] };
  const p = input.project.probe;
  const path = await pythonTestPath(p, manifests);
  const baggage = input.config.propagators.includes('baggage');
  const content = await input.engine.render('python/test_tracing.py.hbs', {
    ...target,
    importStatement: layout.importStatement,
    appPartial: `python/test-app-${target.appPartial}`,
    clientPartial: `python/test-client-${clientOf(input.detection.libraries)}`,
    rootDepth: path.split('/').length - 1,
    baggage,
  });
  const pytest = await pytestSetup(p, manifests, input.detection.packageManager, python);
  const run = commandLine({ argv: [...programOf(input, python, 'python'), '-m', 'pytest', path], cwd: '.' });
  return {
    files: [{ path, content, kind: 'generated', comment: '#' }],
    edits: pytest.edit ? [pytest.edit] : [],
    install: pytest.install,
    nextSteps: [
      ...(pytest.step ? [pytest.step] : []),
      `Test the tracing: ${run}   (it fails, saying why, when ${target.entryFile} stops importing tracing first)`,
    ],
    notes: baggage ? [] : ['The tracing test leaves baggage out: tracekit.yaml does not propagate it.'],
  };
}
