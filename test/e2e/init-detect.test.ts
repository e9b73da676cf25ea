import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-tree.js';

/** `tracekit init --dry-run` on sample services of each language, run as a user would. */
const CLI = path.resolve(import.meta.dirname, '..', '..', 'bin', 'tracekit.js');
const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'detect');

function copyFixture(name: string): string {
  const dir = path.join(tempDir('tk-init-'), name);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

const dryRun = (dir: string, ...args: string[]) =>
  execa('node', [CLI, 'init', '--dry-run', '--yes', ...args], {
    cwd: dir,
    reject: false,
    env: { CI: '1', FORCE_COLOR: '0' },
  });

describe('init --dry-run prints what it detected and writes nothing', () => {
  it.each([
    [
      'node-ts-esm',
      [],
      'Detected Node.js (TypeScript, ESM); framework: express; package manager: pnpm; ' +
        'libraries: pg, ioredis; entry point: src/server.ts',
    ],
    [
      'python-poetry',
      [],
      'Detected Python; framework: fastapi; package manager: poetry; ' +
        'libraries: httpx, sqlalchemy, uvicorn; entry point: main.py',
    ],
    [
      'go-grpc',
      [],
      'Detected Go (module example.com/inventory, go 1.26); framework: grpc; package manager: go-modules; ' +
        'libraries: sql, grpc; entry point: cmd/server/main.go',
    ],
  ] as const)('%s', async (name, args, expected) => {
    const dir = copyFixture(name);
    const before = readdirSync(dir).sort();
    const r = await dryRun(dir, ...args);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).toContain('Plan (dry run, nothing is written):');
    expect(r.stderr).toMatch(/create\s+tracekit\.yaml/);
    expect(r.exitCode).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('reports every language in a polyglot folder and refuses to guess without --lang', async () => {
    const dir = copyFixture('polyglot');
    const r = await dryRun(dir);
    expect(r.stderr).toMatch(/Detected Node\.js \(JavaScript, CommonJS\); framework: fastify/);
    expect(r.stderr).toMatch(/Detected Python; framework: flask; package manager: pip; libraries: requests/);
    expect(r.stderr).toMatch(/Pass --lang \(node\|python\)/);
    expect(r.exitCode).toBe(2);
    const chosen = await dryRun(dir, '--lang', 'python');
    expect(chosen.exitCode).toBe(0);
    expect(chosen.stderr).toMatch(/\+language: python/);
    expect(existsSync(path.join(dir, 'tracekit.yaml'))).toBe(false);
  });

  it('fails with exit code 2 and a hint in an empty folder', async () => {
    const r = await dryRun(tempDir('tk-empty-'));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/No Node\.js, Python or Go project found/);
    expect(r.stderr).toMatch(/hint:/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
