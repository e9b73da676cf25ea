import type { Language } from '../language.js';
import { type NodeFacts, nodeRules } from './rules.js';

/** Node.js: Express, Fastify, NestJS or plain http, with npm, pnpm, yarn or bun. */
export const node: Language<NodeFacts> = {
  id: 'node',
  title: 'Node.js',
  manifests: ['package.json'],
  rules: nodeRules,
  loadRecipe: async () => (await import('./recipe.js')).nodeRecipe,
};
