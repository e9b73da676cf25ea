import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { goString, jsString, pyString, shellWord, yamlString } from './literals.js';

/** templates/ at the package root, next to dist/ and src/. */
export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

/** Renders templates from templates/ with code-safe helpers and shared partials. */
export interface RenderEngine {
  /** Renders templates/<name> (a path relative to templates/) with the given data. */
  render(name: string, data: object): Promise<string>;
}

/**
 * Partials live in any `partials/` folder under templates/ and are named by their path
 * without the folder and extension: templates/node/partials/header.hbs is `node/header`,
 * templates/partials/stamp.hbs is `stamp`.
 */
async function loadPartials(hb: typeof Handlebars, templatesDir: string): Promise<void> {
  const entries = await readdir(templatesDir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile() || path.basename(e.parentPath) !== 'partials') continue;
    const rel = path.relative(templatesDir, path.join(e.parentPath, e.name)).split(path.sep);
    const name = [...rel.slice(0, -2), e.name.replace(/\.hbs$/, '')].join('/');
    hb.registerPartial(name, await readFile(path.join(e.parentPath, e.name), 'utf8'));
  }
}

/**
 * One Handlebars instance: HTML escaping off (we generate code, not HTML), strict so a
 * missing value is an error rather than an empty string, and a literal helper per target
 * language: `{{py name}}`, `{{js name}}`, `{{go name}}`, `{{yaml name}}`, `{{sh word}}`.
 */
export function createRenderEngine(templatesDir = TEMPLATES_DIR): RenderEngine {
  const hb = Handlebars.create();
  const literal = (fn: (s: string) => string) => (value: unknown) => {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new Error(`literal helper expects a string, got ${typeof value}`);
    }
    return fn(String(value));
  };
  hb.registerHelper('py', literal(pyString));
  hb.registerHelper('js', literal(jsString));
  hb.registerHelper('go', literal(goString));
  hb.registerHelper('yaml', literal(yamlString));
  hb.registerHelper('sh', literal(shellWord));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('includes', (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item));
  hb.registerHelper('json', (v: unknown) => JSON.stringify(v));

  const cache = new Map<string, HandlebarsTemplateDelegate>();
  let partials: Promise<void> | undefined;
  const compile = async (name: string) => {
    partials ??= loadPartials(hb, templatesDir);
    await partials;
    let tpl = cache.get(name);
    if (!tpl) {
      const source = await readFile(path.join(templatesDir, name), 'utf8');
      tpl = hb.compile(source, { noEscape: true, strict: true });
      cache.set(name, tpl);
    }
    return tpl;
  };
  return {
    async render(name, data) {
      return (await compile(name))(data);
    },
  };
}
