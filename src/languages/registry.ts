import { go } from './go/index.js';
import { frameworkIdsOf, type Language } from './language.js';
import { node } from './node/index.js';
import { python } from './python/index.js';

/**
 * Every language tracekit detects and instruments, in detection order. Adding a language is
 * its folder and one entry here. Lists derived from it are computed when used, never at load,
 * so an entry added later (a test's fake language) is seen everywhere.
 */
export const LANGUAGES: Language[] = [node, python, go];

/** The ids of every registered language: --lang choices and tracekit.yaml's `language`. */
export const languageIds = (): string[] => LANGUAGES.map((l) => l.id);

/** The registered language with this id. */
export const findLanguage = (id: string): Language | undefined => LANGUAGES.find((l) => l.id === id);

/** Every framework id some language accepts, for --framework's help. */
export const allFrameworkIds = (): string[] => [...new Set(LANGUAGES.flatMap(frameworkIdsOf))];
