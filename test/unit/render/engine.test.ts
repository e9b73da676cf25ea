import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRenderEngine } from '../../../src/render/engine.js';

function templates(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-tpl-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

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
    const engine = createRenderEngine(templates({
      'node/partials/header.hbs': '// service {{js name}}\n',
      'partials/shared.hbs': '# shared\n',
      'node/file.hbs': '{{> node/header}}\n{{> shared}}',
    }));
    expect(await engine.render('node/file.hbs', { name: 'svc' })).toBe('// service "svc"\n# shared\n');
  });
});
