import type { TracekitConfig } from '../config/schema.js';
import type { Ctx } from '../context.js';
import type { FileChange } from '../fs/plan.js';
import type { LanguageDetection, Project } from '../init/detect.js';
import type { RenderEngine } from '../render/engine.js';

/** A program and its arguments, run without a shell; `display` is what we print for the user. */
export interface Command {
  file: string;
  args: string[];
}

export interface RecipeInput {
  project: Project;
  detection: LanguageDetection;
  config: TracekitConfig;
  engine: RenderEngine;
  ctx: Ctx;
}

/**
 * How tracekit instruments one language: the files it generates, the edits it makes to the
 * user's manifests, the commands that install the pinned packages, and what to tell the user.
 * Adding a language adds a recipe to RECIPES, not a branch in init.
 */
export interface Recipe {
  lang: TracekitConfig['language'];
  /** Framework ids this recipe instruments, in the order shown to the user. */
  frameworks: string[];
  /** Checks the service can be instrumented (runtime version, manifest shape); throws UsageError. */
  preflight(input: RecipeInput): Promise<void>;
  /** Instrumentation files and manifest edits, rendered but not written. */
  render(input: RecipeInput): Promise<FileChange[]>;
  /** Commands that install the dependencies, run from the project root after consent. */
  installCommands(input: RecipeInput): Command[];
  /** Lines telling the user how to start the service with tracing. */
  nextSteps(input: RecipeInput): string[];
}
