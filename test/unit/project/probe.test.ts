import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { type Ctx, realExec } from '../../../src/context.js';
import { detect } from '../../../src/init/detect.js';
import { findLanguage } from '../../../src/languages/registry.js';
import { probe } from '../../../src/project/probe.js';
import { createRenderEngine } from '../../../src/render/engine.js';
import { fakeCtx } from '../../support/fake-ctx.js';
import { memoryProbe } from '../../support/memory-probe.js';
import { writeTree } from '../../support/temp-tree.js';

describe('the probe: a read-only view of the service folder', () => {
  it('lists the root and one level of src/ and app/, and reads files on demand', async () => {
    const root = writeTree({ 'package.json': '{}', 'src/index.ts': '', 'app/main.py': '', 'lib/deep/x.js': '' });
    const p = await probe(root);
    expect([...p.entries].sort()).toEqual(['app', 'lib', 'package.json', 'src']);
    expect([...p.files].sort()).toEqual(['app', 'app/main.py', 'lib', 'package.json', 'src', 'src/index.ts']);
    expect(await p.read('package.json')).toBe('{}');
    expect(await p.read('./lib/deep/x.js')).toBe('');
    expect(await p.read('missing.txt')).toBeUndefined();
    expect(await p.read('lib/missing.js')).toBeUndefined();
    expect(await p.list('lib')).toEqual([{ name: 'deep', isDirectory: true }]);
    expect(await p.list('nothing-here')).toEqual([]);
  });

  it('reads each path once, and never outside the folder', async () => {
    const root = writeTree({ 'go.mod': 'module x\n' });
    const p = await probe(root);
    const first = p.read('go.mod');
    expect(p.read('./go.mod')).toBe(first);
    expect(() => p.read('../etc/passwd')).toThrow(/outside the project/);
  });

  it('names a folder it cannot list, and a file that is a folder', async () => {
    await expect(probe(path.join(writeTree({}), 'absent'))).rejects.toThrow(/Cannot read directory .*absent: ENOENT/);
    const root = writeTree({});
    mkdirSync(path.join(root, 'package.json'));
    await expect((await probe(root)).read('package.json')).rejects.toThrow(/package\.json is a folder, not a file/);
  });
});

describe('recipes read the service only through the probe', () => {
  const SERVICES: Record<string, Record<string, string>> = {
    node: {
      'package.json': '{"type":"module","scripts":{"start":"tsx src/server.ts"},"dependencies":{"express":"5"}}',
      'tsconfig.json': '{"compilerOptions":{"outDir":"dist"}}',
      'src/server.ts': '',
    },
    python: {
      'requirements.txt': 'django\ngunicorn\n',
      'manage.py': 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
      'shop/wsgi.py': 'import os\n',
      '.venv/bin/python': '',
    },
    go: {
      'go.mod': 'module example.com/shop\n\ngo 1.26\n',
      'cmd/api/main.go': 'package main\n\nfunc main() {\n}\n',
      'internal/tracing/tracing.go': '// tracekit:generated\npackage tracing\n',
    },
  };

  it.each(Object.entries(SERVICES))(
    '%s: detection and plan work on a folder that is not on disk',
    async (lang, files) => {
      const p = memoryProbe(files);
      const project = await detect(p);
      const detection = project.languages.find((l) => l.lang === lang)!;
      // Python's interpreter version is answered; Go's main.go editor (go-tools/mainedit) runs for real.
      const base = fakeCtx(p.root, () => ({ exitCode: 0, stdout: '3.11.7\n', stderr: '' })).ctx;
      const ctx: Ctx = lang === 'go' ? { ...base, exec: realExec, env: process.env } : base;
      const config = validateConfig({
        version: 1,
        service: { name: 'shop' },
        language: lang,
        framework: detection.framework,
        exporter: { protocol: 'http', endpoint: 'http://localhost:4318' },
      });
      const recipe = await findLanguage(lang)!.loadRecipe();
      const plan = await recipe.plan({ project, detection, config, engine: createRenderEngine(), ctx });
      expect(plan.files.length).toBeGreaterThan(0);
      expect(plan.edits.length).toBeGreaterThan(0);
      expect(p.reads.length).toBeGreaterThan(0);
    },
  );
});
