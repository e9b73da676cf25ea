import { validateConfig } from '../../src/config/load.js';
import type { Language } from '../../src/config/schema.js';
import type { Ctx, ExecResult } from '../../src/context.js';
import { detect } from '../../src/init/detect.js';
import { probe } from '../../src/init/probe.js';
import type { RecipeInput } from '../../src/languages/recipe.js';
import { createRenderEngine } from '../../src/render/engine.js';
import { createLogger } from '../../src/ui/logger.js';
import { refusingPrompter } from '../../src/ui/prompt.js';
import { writeTree } from './temp-tree.js';

/**
 * A Ctx for unit tests: no terminal (prompts refuse), CI set, human output collected in
 * `lines`, programs answered by `exec` instead of run.
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
  };
  return { ctx, lines };
}

/** A recipe's input for a temp project with these files: detection as init does it, a valid config. */
export async function recipeInputFor(
  lang: Language,
  files: Record<string, string | object>,
  config: Record<string, unknown> = {},
  makeCtx: (root: string) => Ctx = (root) => fakeCtx(root).ctx,
): Promise<RecipeInput> {
  const root = writeTree(files, `tk-${lang}-recipe-`);
  const project = detect(await probe(root));
  const detection = project.languages.find((l) => l.lang === lang)!;
  return {
    project,
    detection,
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
