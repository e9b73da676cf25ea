import type { NodeLayout } from './layout.js';
import type { PackageJson } from './manifests.js';

/** The runner that runs the tracing test init writes: the project's vitest, else Node's own node:test. */
export type TestRunner = 'vitest' | 'node-test';

/** Where the tracing test goes, the runner it is written for and the command that runs it. */
export interface TestSetup {
  runner: TestRunner;
  /** Path from the project root; the test finds the root one folder up. */
  file: string;
  /** Runs the test from the project root, as printed. */
  command: string;
  /** Why the runner is not the one the project uses, when it is not. */
  note?: string;
}

/** Whether package.json's dependencies or test script name a runner. */
function uses(pkg: PackageJson, runner: string): boolean {
  const declared = { ...pkg.dependencies, ...pkg.devDependencies };
  return runner in declared || new RegExp(`\\b${runner}\\b`).test(pkg.scripts?.test ?? '');
}

/**
 * The test's runner, file and command. vitest runs TypeScript itself, so a TypeScript project
 * gets a .ts test there; node:test gets an ES module, run by tsx when the sources are run by tsx.
 * jest loads modules through its own registry, where OpenTelemetry cannot patch them, so a jest
 * project gets a node:test file under a name jest's default testMatch leaves alone.
 */
export function testSetup(pkg: PackageJson, layout: NodeLayout): TestSetup {
  if (uses(pkg, 'vitest')) {
    const file = `test/tracing.test.${layout.typescript ? 'ts' : 'mjs'}`;
    return { runner: 'vitest', file, command: `npx vitest run ${file}` };
  }
  const jest = uses(pkg, 'jest');
  const file = jest ? 'test/tracing.node-test.mjs' : 'test/tracing.test.mjs';
  const node = layout.runner === 'tsx' ? 'npx tsx' : 'node';
  return {
    runner: 'node-test',
    file,
    command: `${node} --test ${file}`,
    ...(jest
      ? {
          note:
            `The tracing test is written for node:test (${file}): jest loads modules through its own ` +
            'registry, which OpenTelemetry instrumentation cannot patch.',
        }
      : {}),
  };
}
