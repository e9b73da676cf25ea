import { RECIPES } from './index.js';

/** The ids of every language tracekit can instrument. */
export const languageIds = (): string[] => RECIPES.map((r) => r.lang);
