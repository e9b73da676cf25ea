import type { LanguageId } from '../../src/config/choices.js';
import { validateConfig } from '../../src/config/load.js';
import type { Ctx, ExecResult } from '../../src/context.js';
import { detect } from '../../src/init/detect.js';
import type { RecipeInput } from '../../src/languages/language.js';
import { probe } from '../../src/project/probe.js';
import { createRenderEngine } from '../../src/render/engine.js';
import { createLogger } from '../../src/ui/logger.js';
import { refusingPrompter } from '../../src/ui/prompt.js';
import { writeTree } from './temp-tree.js';

/** The Node version fake contexts report as running (on the OpenTelemetry JS 2.x line). */
const FAKE_NODE_VERSION = '20.20.2';

/**
 * A Ctx for unit tests: no terminal (prompts refuse), CI set, human output collected in
 * `lines`, programs answered by `exec` instead of run, a fixed running Node version.
 */
export function fakeCtx(
  cwd: string,
  exec: (file: string, args: string[]) => ExecResult = () => ({ exitCode: 0, stdout: '', stderr: '' }),
): { ctx: Ctx; lines: string[] } {
  const lines: string[] = [];
  const log = createLogger({
    colorEnabled: false,
    verbose: false,
    stderr: (s) => lines.push(s.trimEnd()),
    stdout: () => {},
  });
  const ctx: Ctx = {
    cwd,
    isTTY: false,
    isCI: true,
    env: {},
    log,
    prompt: refusingPrompter,
    exec: async (f, a) => exec(f, a),
    fetch: undefined as never,
    now: () => 0,
    nodeVersion: FAKE_NODE_VERSION,
  };
  return { ctx, lines };
}

/**
 * A recipe's input for a temp project with these files: detection as init does it, a valid
 * config. `Facts` is what the language's detection adds (the caller knows which language it asked for).
 */
export async function recipeInputFor<Facts extends object = object>(
  lang: LanguageId,
  files: Record<string, string | object>,
  config: Record<string, unknown> = {},
  makeCtx: (root: string) => Ctx = (root) => fakeCtx(root).ctx,
): Promise<RecipeInput<Facts>> {
  const root = writeTree(files, `tk-${lang}-recipe-`);
  const project = await detect(await probe(root));
  const detection = project.languages.find((l) => l.lang === lang)!;
  return {
    project,
    detection: detection as RecipeInput<Facts>['detection'],
    config: validateConfig({
      version: 1,
      service: { name: 'shop' },
      language: lang,
      framework: detection.framework,
      exporter: { protocol: 'http', endpoint: 'http://localhost:4318' },
      ...config,
    }),
    engine: createRenderEngine(),
    ctx: makeCtx(root),
  };
}
