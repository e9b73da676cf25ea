import type { Language } from '../config/schema.js';
import { goRecipe } from './go/recipe.js';
import { nodeRecipe } from './node/recipe.js';
import { pythonRecipe } from './python/index.js';
import type { Recipe } from './recipe.js';

/** Every language tracekit can instrument. A language without a recipe is detected but refused. */
export const RECIPES: Recipe[] = [goRecipe, nodeRecipe, pythonRecipe];

export function recipeFor(lang: Language): Recipe | undefined {
  return RECIPES.find((r) => r.lang === lang);
}
