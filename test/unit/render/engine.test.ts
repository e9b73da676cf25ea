import { describe, expect, it } from 'vitest';
import { createRenderEngine } from '../../../src/render/engine.js';
import { writeTree } from '../../support/temp-tree.js';

const templates = (files: Record<string, string>) => writeTree(files, 'tk-tpl-');

describe('render engine', () => {
  it('does not HTML-escape and does not re-evaluate values that look like templates', async () => {
    const engine = createRenderEngine(templates({ 'a.hbs': 'name = {{py name}}\nraw = {{name}}\n' }));
    const out = await engine.render('a.hbs', { name: '<b>{{x}}</b> & "q"' });
    expect(out).toBe('name = "<b>{{x}}</b> & \\"q\\""\nraw = <b>{{x}}</b> & "q"\n');
  });

  it('is strict: a missing value is an error, not an empty string', async () => {
    const engine = createRenderEngine(templates({ 'a.hbs': 'x = {{js missing}}' }));
    await expect(engine.render('a.hbs', {})).rejects.toThrow(/missing|expects a string, got undefined/);
  });

  it('registers partials from partials/ folders by path', async () => {
    const engine = createRenderEngine(
      templates({
        'node/partials/header.hbs': '// service {{js name}}\n',
        'partials/shared.hbs': '# shared\n',
        'node/file.hbs': '{{> node/header}}\n{{> shared}}',
      }),
    );
    expect(await engine.render('node/file.hbs', { name: 'svc' })).toBe('// service "svc"\n# shared\n');
  });
});
