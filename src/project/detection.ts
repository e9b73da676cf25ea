import type { LanguageId } from '../config/choices.js';
import type { Probe } from './probe.js';

/** What tracekit found for one language in a project folder, whatever the language. */
export interface LanguageDetection {
  lang: LanguageId;
  title: string;
  /** Framework id from the language's table, or its fallback (plain http, none, net-http). */
  framework: string;
  frameworkDetected: boolean;
  /** Every framework whose dependency is present (a repo may have several). */
  frameworks: string[];
  /** Libraries worth instrumenting, as ids from the language's table. */
  libraries: string[];
  packageManager: string;
  /** Entry point relative to the root, when one was found. */
  entryPoint?: string;
}

/**
 * A detection with the facts only its language knows (Node's module system, Go's module path),
 * kept on the same object so --json shows them beside the shared fields.
 */
export type Detected<Facts extends object = object> = LanguageDetection & Facts;

/** The folder and every language found in it. */
export interface Project {
  root: string;
  probe: Probe;
  languages: Detected[];
}
