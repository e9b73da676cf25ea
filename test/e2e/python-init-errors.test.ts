import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-tree.js';

/**
 * Bad input for a Python service, run through the built CLI: each case fails with a clear
 * message and a hint, and leaves every file in the folder exactly as it was.
 */
const CLI = path.resolve(import.meta.dirname, '..', '..', 'bin', 'tracekit.js');

function project(files: Record<string, string>): string {
  const dir = tempDir('tk-py-bad-');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]),
  );

const init = (dir: string, env: Record<string, string> = {}) =>
  execa('node', [CLI, 'init', '--yes', '--no-install'], {
    cwd: dir,
    reject: false,
    env: { CI: '1', FORCE_COLOR: '0', VIRTUAL_ENV: '', ...env },
  });

/** A Python older than the SDK supports; this machine's pyenv has 3.9 (fails loudly when not). */
function oldPython(): string {
  const candidates = [path.join(os.homedir(), '.pyenv', 'versions'), '/usr/bin'];
  for (const dir of candidates) {
    if (!existsSync(dir)) continue;
    const v = readdirSync(dir).find((n) => /^3\.9\.\d+$/.test(n));
    if (v) return path.join(dir, v, 'bin', 'python3.9');
    if (existsSync(path.join(dir, 'python3.9'))) return path.join(dir, 'python3.9');
  }
  throw new Error('Test component missing: a Python 3.9 interpreter (pyenv install 3.9 or apt-get install python3.9)');
}

describe('tracekit init refuses bad Python input and changes nothing', () => {
  it('no Python manifest', async () => {
    const dir = project({ 'app.py': 'print("hi")\n' });
    const before = snapshot(dir);
    const r = await init(dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/No Node\.js, Python or Go project found.*\n.*hint: .*pyproject\.toml, requirements\.txt/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a pyproject.toml that does not parse', async () => {
    const dir = project({
      'pyproject.toml': '[project]\nname = "api"\ndependencies = ["fastapi"\n',
      'main.py': 'import fastapi\n',
    });
    const before = snapshot(dir);
    const r = await init(dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/pyproject\.toml is not valid TOML/);
    expect(r.stderr).toMatch(/hint: Fix the syntax of pyproject\.toml/);
    expect(snapshot(dir)).toEqual(before);
  });

  it("a tracing.py of the user's own is a conflict", async () => {
    const dir = project({
      'requirements.txt': 'flask==3.1.3\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'tracing.py': '# my own tracing\n',
    });
    const before = snapshot(dir);
    const r = await init(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/would be overwritten: tracing\.py \(not written by tracekit\)\. Nothing was written\./);
    expect(r.stderr).toMatch(/hint: .*--force/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('an interpreter older than the SDK supports', async () => {
    const venv = path.join(tempDir('tk-py39-'), 'venv');
    await execa(oldPython(), ['-m', 'venv', '--without-pip', venv]);
    const dir = project({
      'requirements.txt': 'flask==3.1.3\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
    const before = snapshot(dir);
    const r = await init(dir, { VIRTUAL_ENV: venv });
    expect(r.exitCode).toBe(2);
    const older = /Python 3\.9\.\d+ \(.*venv\/bin\/python\) is older than OpenTelemetry's Python SDK supports/.source;
    expect(r.stderr).toMatch(new RegExp(`${older} \\(3\\.10 or newer\\)\\. Nothing was changed\\.`));
    expect(r.stderr).toMatch(/hint: Create the service's virtualenv with Python 3\.10\+/);
    expect(snapshot(dir)).toEqual(before);
  });
});
