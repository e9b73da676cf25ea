import { backendIds } from '../backends/registry.js';
import { languageIds } from '../languages/registry.js';
import type { KnownIds } from './schema.js';

/** The language and backend ids registered now: what tracekit.yaml and the flags accept. */
export const knownIds = (): KnownIds => ({ languages: languageIds(), backends: backendIds() });
