import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../src/context.js';
import { readPythonManifests } from '../../../src/languages/python/manifests.js';
import { pythonRecipe } from '../../../src/languages/python/recipe.js';
import { sqlalchemyDeclarations } from '../../../src/languages/python/sqlalchemy-check.js';
import { parsePep440, parsePoetry, rangeFrom } from '../../../src/languages/python/version-spec.js';
import { probe } from '../../../src/project/probe.js';
import { fakeCtx, recipeInputFor } from '../../support/fake-ctx.js';
import { writeTree } from '../../support/temp-tree.js';

const FLOOR = [2, 1];
const range = (clauses: ReturnType<typeof parsePep440>) => (clauses ? rangeFrom(clauses, FLOOR) : 'unreadable');

describe('reading version constraints against SQLAlchemy 2.1', () => {
  it.each([
    ['==2.1.3', true, true],
    ['>=2.1', true, true],
    ['>= 2.2, < 3', true, true],
    ['~=2.1', true, true],
    ['==2.1.*', true, true],
    ['>2.0', false, true],
    ['', false, true],
    ['>=2.0', false, true],
    ['~=2.0', false, true],
    ['==2.*', false, true],
    ['==2.0.58', false, false],
    ['>=2.0,<2.1', false, false],
    ['<=2.0.99', false, false],
    ['~=2.0.5', false, false],
    ['==2.0.*', false, false],
  ])('PEP 440 %j → required %s, allowed %s', (spec, required, allowed) => {
    expect(range(parsePep440(spec))).toEqual({ required, allowed });
  });

  it.each([
    ['^2.1', true, true],
    ['2.1.0', true, true],
    ['~2.1', true, true],
    ['^2.0', false, true],
    ['*', false, true],
    ['>=2.0,<2.1', false, false],
    ['~2.0', false, false],
    ['^1.4', false, false],
    ['2.0.*', false, false],
  ])('Poetry %j → required %s, allowed %s', (spec, required, allowed) => {
    expect(range(parsePoetry(spec))).toEqual({ required, allowed });
  });

  it.each([['>=2.1.0b1'], ['^2.0 || ^1.4'], ['>=2.*'], ['~=2']])('%j is not guessed at', (spec) => {
    expect(range(spec.includes('|') ? parsePoetry(spec) : parsePep440(spec))).toBe('unreadable');
  });
});

describe('where the manifests ask for SQLAlchemy', () => {
  it('reads requirements (extras, markers, comments, parentheses), PEP 621, Poetry groups, Pipfile', async () => {
    const root = writeTree(
      {
        'requirements.txt': 'flask\nSQLAlchemy[asyncio] >= 2.1 ; python_version >= "3.10"  # db\n',
        'requirements-dev.txt': 'sqlalchemy @ https://example.com/sqlalchemy-2.1.0.tar.gz\nsqlalchemy (==2.0.58)\n',
        'pyproject.toml':
          '[project]\nname = "x"\ndependencies = ["sqlalchemy~=2.0"]\n[tool.poetry.group.db.dependencies]\n' +
          'SQLAlchemy = { version = "^2.1", extras = ["asyncio"] }\n',
        Pipfile: '[packages]\nsqlalchemy = "*"\n',
      },
      'tk-sqla-',
    );
    const p = await probe(root);
    const decls = await sqlalchemyDeclarations(p, await readPythonManifests(p));
    expect(decls.map((d) => [d.file, d.text])).toEqual([
      ['requirements-dev.txt', 'sqlalchemy (==2.0.58)'],
      ['requirements.txt', 'SQLAlchemy[asyncio] >= 2.1 ; python_version >= "3.10"'],
      ['pyproject.toml', 'sqlalchemy~=2.0'],
      ['pyproject.toml', 'SQLAlchemy = "^2.1"'],
      ['Pipfile', 'sqlalchemy = "*"'],
    ]);
  });
});

describe('init warns about SQLAlchemy the pinned instrumentation cannot trace', () => {
  /** The recipe plan's warnings, with python answering its version and the installed SQLAlchemy. */
  async function warnings(files: Record<string, string>, installed: string | Error = '') {
    const exec = (_file: string, args: string[]): ExecResult => {
      if (!args[1]!.includes('importlib.metadata')) return { exitCode: 0, stdout: '3.11.7\n', stderr: '' };
      if (installed instanceof Error) throw installed;
      return { exitCode: 0, stdout: `sqlalchemy=${installed}\n`, stderr: '' };
    };
    const input = await recipeInputFor('python', { 'main.py': 'import fastapi\n', ...files }, {}, (root) => {
      return fakeCtx(root, exec).ctx;
    });
    return (await pythonRecipe.plan(input)).warnings.join('\n');
  }

  it('when the manifest pins 2.1: says why and what to do', async () => {
    const warning = await warnings({ 'requirements.txt': 'fastapi\nsqlalchemy==2.1.3  # db\n' });
    expect(warning).toBe(
      'SQLAlchemy 2.1 or newer is required by requirements.txt: `sqlalchemy==2.1.3`; ' +
        'opentelemetry-instrumentation-sqlalchemy 0.66b1 supports only SQLAlchemy < 2.1 ' +
        '(on 2.1 it logs an error and records no database spans). ' +
        'To trace queries, pin SQLAlchemy below 2.1 (for example `sqlalchemy>=2.0,<2.1`) and reinstall; ' +
        'or keep 2.1 and run tracekit init again once a newer instrumentation release supports it.',
    );
  });

  it('when a lower bound in pyproject.toml asks for 2.1 and 2.1 is installed', async () => {
    const warning = await warnings(
      { 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["fastapi", "sqlalchemy>=2.1"]\n' },
      '2.1.9',
    );
    expect(warning).toMatch(
      /^SQLAlchemy 2\.1 or newer is required by pyproject\.toml: `sqlalchemy>=2\.1`, and installed /,
    );
    expect(warning).toContain('and installed for python3 (2.1.9); ');
  });

  it('when an open range lets a fresh install pick 2.1, unless a lock file decides', async () => {
    const poetry = '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\nfastapi = "*"\nSQLAlchemy = "^2.0"\n';
    const fresh = await warnings({ 'pyproject.toml': poetry });
    expect(fresh).toMatch(/^SQLAlchemy 2\.1 or newer is what a fresh install picks from pyproject\.toml: /);
    expect(fresh).toMatch(/`SQLAlchemy = "\^2\.0"`; .*pin SQLAlchemy below 2\.1/);
    expect(await warnings({ 'pyproject.toml': poetry, 'poetry.lock': '' })).toBe('');
  });

  it('when only the installed version is 2.1 (pre-releases count)', async () => {
    expect(await warnings({ 'requirements.txt': 'fastapi\nsqlalchemy==2.0.58\n' }, '2.1.0b1')).toMatch(
      /^SQLAlchemy 2\.1 or newer is installed for python3 \(2\.1\.0b1\); /,
    );
  });

  it('stays quiet for 2.0, constraint files capping the range, no SQLAlchemy, or a failed probe', async () => {
    expect(await warnings({ 'requirements.txt': 'fastapi\nsqlalchemy==2.0.58\n' }, '2.0.58')).toBe('');
    expect(
      await warnings({ 'requirements.txt': 'fastapi\nsqlalchemy\n', 'requirements-prod.txt': 'sqlalchemy<2.1\n' }),
    ).toBe('');
    expect(await warnings({ 'requirements.txt': 'fastapi\n' }, '2.1.9')).toBe('');
    expect(await warnings({ 'requirements.txt': 'fastapi\nsqlalchemy~=2.0.0\n' }, new Error('timed out'))).toBe('');
  });
});
