import { describe, expect, it } from 'vitest';
import { describeDetection, detect } from '../../../src/init/detect.js';
import { parseGoMod } from '../../../src/languages/go/go-mod.js';
import { parseTomlFile } from '../../../src/languages/python/manifests.js';
import { parseRequirements, pyprojectDependencies } from '../../../src/languages/python/requirements.js';
import { probe } from '../../../src/project/probe.js';
import { writeTree } from '../../support/temp-tree.js';

const project = (files: Record<string, string>) => writeTree(files, 'tk-detect-');
const detectIn = async (files: Record<string, string>) => (await detect(await probe(project(files)))).languages;
const detectAll = async (files: Record<string, string>) => detect(await probe(project(files)));

describe('Node.js detection', () => {
  it('finds NestJS before Express, libraries, pnpm, ESM TypeScript and the entry point', async () => {
    const [d] = await detectIn({
      'package.json': JSON.stringify({
        name: 'api',
        type: 'module',
        engines: { node: '>=22' },
        dependencies: { '@nestjs/core': '1', express: '4', pg: '8', ioredis: '5' },
        devDependencies: { typescript: '5' },
      }),
      'pnpm-lock.yaml': '',
      'src/main.ts': '',
    });
    expect(d).toMatchObject({
      lang: 'node',
      framework: 'nestjs',
      frameworks: ['nestjs', 'express'],
      libraries: ['pg', 'ioredis'],
      packageManager: 'pnpm',
      entryPoint: 'src/main.ts',
      node: { moduleSystem: 'esm', typescript: true, nodeVersionHint: '>=22' },
    });
  });

  it('falls back to plain http, CommonJS, npm, and reads the start script', async () => {
    const [d] = await detectIn({
      'package.json': JSON.stringify({ scripts: { start: 'node --enable-source-maps lib/server.js' } }),
      'lib/server.js': '',
      '.nvmrc': '20\n',
    });
    expect(d).toMatchObject({
      framework: 'http',
      frameworkDetected: false,
      packageManager: 'npm',
      node: { moduleSystem: 'cjs', typescript: false, nodeVersionHint: '20' },
    });
  });

  it('does not mistake a dependency that merely contains a framework name', async () => {
    const [d] = await detectIn({
      'package.json': JSON.stringify({ dependencies: { 'express-validator': '7', 'fastify-plugin': '4' } }),
    });
    expect(d?.framework).toBe('http');
  });

  it('rejects a package.json that is not JSON', async () => {
    await expect(detectAll({ 'package.json': '{ "name": ' })).rejects.toThrow(/package.json is not valid JSON/);
  });
});

describe('Python detection', () => {
  it('reads requirements files with extras, markers, options and comments', async () => {
    const [d] = await detectIn({
      'requirements.txt':
        '# web\nFlask[async]>=3.0 ; python_version > "3.8"\n-r base.txt\nSQLAlchemy==2.0  # orm\npsycopg2-binary\n',
      'app.py': '',
    });
    expect(d).toMatchObject({
      lang: 'python',
      framework: 'flask',
      libraries: ['sqlalchemy', 'psycopg2'],
      packageManager: 'pip',
      entryPoint: 'app.py',
    });
  });

  it('reads pyproject.toml with Poetry and PEP 621', async () => {
    const [d] = await detectIn({
      'pyproject.toml':
        '[tool.poetry]\nname = "svc"\n[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "*"\nhttpx = "*"\n',
      'poetry.lock': '',
    });
    expect(d).toMatchObject({ framework: 'fastapi', libraries: ['httpx'], packageManager: 'poetry' });
    const pep621 = parseTomlFile('[project]\ndependencies = ["Django>=5", "redis"]\n', 'pyproject.toml');
    expect(pyprojectDependencies(pep621)).toEqual(['django', 'redis']);
  });

  it('finds Django via manage.py and uv via uv.lock', async () => {
    const [d] = await detectIn({
      'pyproject.toml': '[project]\nname = "site"\ndependencies = ["django"]\n',
      'uv.lock': '',
      'manage.py': '',
    });
    expect(d).toMatchObject({ framework: 'django', packageManager: 'uv', entryPoint: 'manage.py' });
  });

  it('rejects a pyproject.toml that does not parse', async () => {
    await expect(detectAll({ 'pyproject.toml': '[project\nname = 1' })).rejects.toThrow(
      /pyproject.toml is not valid TOML/,
    );
  });

  it('parses requirement names only', () => {
    expect(parseRequirements('requests\n--hash=sha256:abc\n-e .\nzope.interface>=5\n')).toEqual([
      'requests',
      'zope-interface',
    ]);
  });
});

describe('Go detection', () => {
  it('reads go.mod blocks and finds gRPC, database drivers and cmd mains, ignoring indirect requirements', async () => {
    const [d] = await detectIn({
      'go.mod':
        'module example.com/shop // the shop\n\ngo 1.24\n\nrequire (\n\tgoogle.golang.org/grpc v1.70.0\n' +
        '\tmodernc.org/sqlite v1.30.0\n\tgithub.com/go-chi/chi/v5 v5.2.0 // indirect\n)\n' +
        'require github.com/gin-gonic/gin v1.10.0\n',
      'cmd/server/main.go': 'package main',
    });
    expect(d).toMatchObject({
      lang: 'go',
      framework: 'grpc',
      frameworks: ['grpc', 'gin'],
      libraries: ['sql', 'grpc'],
      go: { module: 'example.com/shop', goVersion: '1.24', mains: ['cmd/server'] },
      entryPoint: 'cmd/server/main.go',
    });
  });

  it('requires a module directive', () => {
    expect(() => parseGoMod('go 1.22\n')).toThrow(/no module directive/);
  });

  it('refuses a module path that could break out of a Go string literal', () => {
    expect(() => parseGoMod('module "evil\\"; os.Exit(1); //"\n')).toThrow(/not a valid Go module path/);
    expect(parseGoMod('module github.com/acme/shop-api/v2\n').module).toBe('github.com/acme/shop-api/v2');
  });
});

describe('several languages in one folder', () => {
  it('reports each of them, with the facts only its language knows in the summary', async () => {
    const langs = await detectIn({ 'package.json': '{}', 'requirements.txt': 'flask\n', 'go.mod': 'module x\n' });
    expect(langs.map((l) => l.lang)).toEqual(['node', 'python', 'go']);
    expect(langs.map(describeDetection)).toEqual([
      'Node.js (JavaScript, CommonJS); framework: http (no framework found); package manager: npm; ' +
        'libraries: none found; entry point: not found',
      'Python; framework: flask; package manager: pip; libraries: none found; entry point: not found',
      'Go (module x); framework: net-http (no framework found); package manager: go-modules; ' +
        'libraries: none found; entry point: not found',
    ]);
  });
});
