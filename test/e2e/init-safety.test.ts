import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-tree.js';

/** init refuses bad input and unwritable places with a clear message, and changes nothing. */
const CLI = path.resolve(import.meta.dirname, '..', '..', 'bin', 'tracekit.js');
const FIXTURE = path.resolve(import.meta.dirname, '..', 'fixtures', 'detect', 'node-ts-esm');

function copy(): string {
  const dir = path.join(tempDir('tk-safety-'), 'svc');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Every file below dir with its content, to prove a failed run changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile())
      out[path.relative(dir, path.join(e.parentPath, e.name))] = readFileSync(path.join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

const init = (dir: string, ...args: string[]) =>
  execa('node', [CLI, 'init', ...args], { cwd: dir, reject: false, env: { CI: '1', FORCE_COLOR: '0' } });

describe('init safety', () => {
  it('a read-only directory: a clear error, exit 1, nothing changed (chattr +i: root ignores modes)', async () => {
    const dir = copy();
    const before = snapshot(dir);
    await execa('chattr', ['+i', dir]);
    try {
      const r = await init(dir, '--yes', '--no-install');
      expect(r.stderr).toMatch(/Could not write the files \(nothing was changed\)/);
      expect(r.stderr).toMatch(/hint: Check that the directory exists and is writable/);
      expect(r.exitCode).toBe(1);
    } finally {
      await execa('chattr', ['-i', dir]);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('without a terminal and without --yes it asks for nothing and names the flag', async () => {
    const dir = copy();
    const r = await init(dir, '--no-install');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/Cannot ask "Service name" without a terminal/);
    expect(r.stderr).toMatch(/--service-name/);
    expect(readdirSync(dir)).not.toContain('tracekit.yaml');
  });

  it.each([
    ['a quote in the service name', ['--service-name', 'shop"; process.exit(1); //'], /Invalid service name/],
    ['an endpoint with credentials', ['--endpoint', 'http://user:secret@localhost:4318'], /contains credentials/],
    ['an unknown sampler', ['--sampler', 'sometimes'], /Unknown sampler "sometimes"/],
  ])('%s is refused with exit 2 before anything is written', async (_what, args, message) => {
    const dir = copy();
    const before = snapshot(dir);
    const r = await init(dir, '--yes', '--no-install', ...args);
    expect(r.stderr).toMatch(message);
    expect(r.exitCode).toBe(2);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--json prints one document on stdout and keeps human output on stderr', async () => {
    const r = await init(copy(), '--yes', '--dry-run', '--json');
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      config: { language: 'node', framework: 'express', service: { name: 'orders-api', version: '1.2.0' } },
      written: [],
    });
    expect(doc.plan).toContainEqual({ path: 'tracekit.yaml', action: 'create' });
    expect(doc.nextSteps).toContain('Prove traces arrive: tracekit doctor --app <your service URL>');
    expect(r.stderr).toMatch(/Detected Node\.js/);
  });
});
