import type { LanguageId } from '../config/choices.js';
import type { TracekitConfig } from '../config/schema.js';
import type { Ctx } from '../context.js';
import type { FileChange } from '../fs/plan.js';
import type { Detected, Project } from '../project/detection.js';
import type { Probe } from '../project/probe.js';
import type { RenderEngine } from '../render/engine.js';

/** A framework a language's detection recognises, and the dependency names that mean it. */
export interface FrameworkRule {
  id: string;
  title: string;
  /** Dependency names (npm packages, normalised PyPI names, Go module paths) that mean this framework. */
  deps: string[];
}

/** A library worth instrumenting, and the dependency names that mean it. */
export interface LibraryRule {
  id: string;
  deps: string[];
}

/** A package manager and how to tell that the project uses it. */
export interface PackageManagerRule {
  id: string;
  when(p: Probe): boolean | Promise<boolean>;
}

/**
 * Detection as data: an ordered table of frameworks (first match wins, so the more specific
 * framework comes first), a table of libraries worth instrumenting, and an ordered table of
 * package managers (lockfiles before fallbacks); plus the few readers only the language knows.
 * `Facts` is what the language adds to its detection (for example Node's module system).
 */
export interface DetectionRules<Facts extends object = object> {
  /** Whether the folder is a project of this language, from the names at its root. */
  present(p: Probe): boolean;
  /** Every dependency name the project declares; a manifest that does not parse is a UsageError. */
  dependencies(p: Probe): Promise<string[]>;
  /** Whether a declared dependency satisfies a rule's name; exact equality when absent. */
  dependencyMatches?(declared: string, wanted: string): boolean;
  frameworks: FrameworkRule[];
  /** Used when no framework rule matches. */
  fallbackFramework: string;
  libraries: LibraryRule[];
  packageManagers: PackageManagerRule[];
  /** The entry point and the language's own facts, added to the detection in this key order. */
  facts(p: Probe, declared: string[]): Promise<Facts & { entryPoint?: string }>;
  /** The language's facts for the one-line summary ("TypeScript, ESM"), when it has any. */
  describe?(d: Detected<Facts>): string | undefined;
  /** The service's name and version as its manifest declares them (defaults for tracekit.yaml). */
  identity(p: Probe, d: Detected<Facts>): Promise<{ name?: string; version?: string }>;
  /**
   * Whether the folder is a service rather than a library (workspace discovery); when absent,
   * a detected framework or an entry point makes it one.
   */
  isService?(p: Probe, d: Detected<Facts>): Promise<boolean>;
}

/** A program and its arguments, run without a shell. */
export interface Command {
  file: string;
  args: string[];
}

/**
 * A command that starts the service with tracing, run as printed: argv without a shell, from
 * cwd (relative to the service root). Where the service listens comes from its own settings
 * or environment (PORT and the like), never from tracekit.
 */
export interface StartCommand {
  argv: string[];
  cwd: string;
}

/** Everything a recipe may look at: the service (read-only), its detection, the chosen config. */
export interface RecipeInput<Facts extends object = object> {
  project: Project;
  detection: Detected<Facts>;
  config: TracekitConfig;
  engine: RenderEngine;
  /** Runtime versions and programs (an interpreter's version check); never the disk. */
  ctx: Ctx;
  /**
   * The user allows raising the language version the manifest declares (init --upgrade-go):
   * otherwise a recipe picks what builds on the declared version and leaves it as it is.
   */
  upgradeRuntime?: boolean;
  /** Add a test of the tracing to the service's own test suite (init, unless --no-tests). */
  writeTests?: boolean;
}

/**
 * The dependency versions a plan pins beside those the service's manifest declares now:
 * `tracekit upgrade` compares them and names the release lines.
 */
export interface PinnedVersions {
  /** The release line the pins form, as users know it ("OpenTelemetry JS 3.x"). */
  line: string;
  /** Why this line ("Node 22.15 from package.json engines"), when the service's runtime chose it. */
  reason?: string;
  /** Package → the exact version the plan installs. */
  packages: Record<string, string>;
  /** Package → the version the manifest declares now (range operators dropped); absent when not declared. */
  declared: Record<string, string>;
  /** The line the declared versions form, when they form one tracekit pinned. */
  declaredLine?: string;
  /** Package → declared version, of the packages the plan removes (another line's, no longer used). */
  removed?: Record<string, string>;
}

/** What init will do for a service, computed once, before anything is written. */
export interface RecipePlan {
  /** Whole files tracekit writes and owns (kind 'generated'). */
  files: FileChange[];
  /** Changes to the user's own files (kind 'edit'), applied with consent. */
  edits: FileChange[];
  /** Commands that install the dependencies, run from the project root after consent. */
  install: Command[];
  /** Lines telling the user how to start the service with tracing. */
  nextSteps: string[];
  /** The start command of the next steps as argv (init's --json `startCommands`), when there is one. */
  start?: StartCommand[];
  /** Printed as warnings before the plan: the service may not trace as expected. */
  warnings: string[];
  /** Printed as information before the plan: what the recipe chose and why. */
  notes: string[];
  /** The pinned dependency versions and the declared ones (upgrade's version table). */
  versions?: PinnedVersions;
}

/**
 * How tracekit instruments one language, in one step: `plan` reads the service only through
 * the probe and the runtime only through ctx, and throws a UsageError when the service cannot
 * be instrumented (nothing is written then).
 */
export interface Recipe<Facts extends object = object> {
  plan(input: RecipeInput<Facts>): Promise<RecipePlan>;
}

/**
 * A language tracekit can detect and instrument: its folder exports one of these and
 * src/languages/registry.ts lists it; nothing else in tracekit names a language.
 */
export interface Language<Facts extends object = object> {
  id: LanguageId;
  title: string;
  /** The manifests that mark a project of this language, as named to the user when none is found. */
  manifests: string[];
  rules: DetectionRules<Facts>;
  /** The recipe, loaded on first use: start-up (--help) does not load its parsers and helpers. */
  loadRecipe(): Promise<Recipe<Facts>>;
}

/** The framework ids a language accepts for --framework: its table's, then its fallback. */
export const frameworkIdsOf = (language: Language): string[] => [
  ...language.rules.frameworks.map((f) => f.id),
  language.rules.fallbackFramework,
];
