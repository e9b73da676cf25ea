import type { Language } from '../language.js';
import { pythonRules } from './rules.js';

/** Python: FastAPI, Flask, Django, Starlette, aiohttp or plain scripts, with pip, Poetry, uv or pipenv. */
export const python: Language = {
  id: 'python',
  title: 'Python',
  manifests: ['pyproject.toml', 'requirements.txt', 'Pipfile'],
  rules: pythonRules,
  loadRecipe: async () => (await import('./recipe.js')).pythonRecipe,
};
