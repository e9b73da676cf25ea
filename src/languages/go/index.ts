import type { Language } from '../language.js';
import { type GoFacts, goRules } from './rules.js';

/** Go: net/http, gRPC, gin or chi, with Go modules. */
export const go: Language<GoFacts> = {
  id: 'go',
  title: 'Go',
  manifests: ['go.mod'],
  rules: goRules,
  loadRecipe: async () => (await import('./recipe.js')).goRecipe,
};
