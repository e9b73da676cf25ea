import type { FileChange } from '../../fs/plan.js';
import type { Probe } from '../../project/probe.js';
import type { Command } from '../language.js';
import { editRequirements } from './manifest-edit.js';
import type { PythonManifests } from './manifests.js';

/** The pytest the generated test was run with in its e2e test (test/e2e/generated-tests-python.test.ts). */
export const PYTEST_VERSION = '9.2.0';

const PYTEST = { name: 'pytest', version: PYTEST_VERSION };

/** How pytest gets into the service's environment when its manifests do not declare it. */
export interface PytestSetup {
  /** The dev/test requirements file with pytest added (pip projects that have one). */
  edit?: FileChange;
  /** Run by init with the other installs (pip). */
  install: Command[];
  /** A line of the next steps, before the test's command: the tool's own add command, or what to declare. */
  step?: string;
}

/** Poetry, uv and pipenv declare and install a dev dependency in one command of their own. */
const ADD_DEV: Record<string, string> = {
  poetry: `poetry add --group dev pytest==${PYTEST_VERSION}`,
  uv: `uv add --dev pytest==${PYTEST_VERSION}`,
  pipenv: `pipenv install --dev pytest==${PYTEST_VERSION}`,
};

/**
 * pytest for the generated test, the way the project declares its test tools: nothing when a
 * manifest already names it; Poetry, uv and pipenv get their add command printed (it edits
 * their lock files, which tracekit does not write); a pip project's dev/test requirements file
 * gets the pin and is installed, and without one pytest is installed and the step says so.
 */
export async function pytestSetup(
  p: Probe,
  manifests: PythonManifests,
  packageManager: string,
  python: string,
): Promise<PytestSetup> {
  if (manifests.deps.includes('pytest')) return { install: [] };
  const add = ADD_DEV[packageManager];
  if (add) return { install: [], step: `Add pytest to the dev dependencies: ${add}` };
  const devFile = manifests.requirementsFiles.find((f) => /dev|test/i.test(f));
  if (devFile) {
    const content = editRequirements((await p.read(devFile)) ?? '', [PYTEST]);
    return {
      edit: { path: devFile, content, kind: 'edit' },
      install: [{ file: python, args: ['-m', 'pip', 'install', '-r', devFile] }],
    };
  }
  return {
    install: [{ file: python, args: ['-m', 'pip', 'install', `pytest==${PYTEST_VERSION}`] }],
    step:
      `pytest ${PYTEST_VERSION} is installed for the test; no manifest declares it: ` +
      'add it to your test requirements.',
  };
}
