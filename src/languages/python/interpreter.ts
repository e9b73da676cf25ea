import path from 'node:path';
import type { Ctx, ExecResult } from '../../context.js';
import { messageOf, UsageError } from '../../errors.js';
import type { Probe } from '../../project/probe.js';
import type { Command } from '../language.js';
import type { ManifestTarget } from './manifest-edit.js';
import { MIN_PYTHON, type PyPackage } from './versions.js';

/**
 * The interpreter pip installs into, in this order: the active virtualenv ($VIRTUAL_ENV), a
 * .venv/ or venv/ folder in the project, else `python3` on PATH. Using that interpreter's own
 * `-m pip` (never a bare `pip`) puts the packages where the service will import them.
 */
export async function pythonFor(ctx: Ctx, p: Probe): Promise<string> {
  const [binDir, exe] =
    process.platform === 'win32' ? (['Scripts', 'python.exe'] as const) : (['bin', 'python'] as const);
  const venv = ctx.env.VIRTUAL_ENV;
  if (venv) return path.join(venv, binDir, exe);
  for (const dir of ['.venv', 'venv']) {
    if ((await p.list(`${dir}/${binDir}`)).some((e) => e.name === exe)) return path.join(p.root, dir, binDir, exe);
  }
  return 'python3';
}

/** Runs the interpreter and refuses one older than the SDK supports. */
export async function checkInterpreter(ctx: Ctx, python: string, root: string): Promise<string> {
  let r: ExecResult;
  try {
    r = await ctx.exec(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], {
      cwd: root,
      timeoutMs: 20_000,
    });
  } catch (err) {
    throw new UsageError(
      `Cannot run the Python interpreter ${python}: ${messageOf(err)}.`,
      "Activate the service's virtualenv (or install Python 3), then run tracekit init again.",
    );
  }
  const version = r.stdout.trim();
  const m = /^(\d+)\.(\d+)\.\d+$/.exec(version);
  if (r.exitCode !== 0 || !m)
    throw new UsageError(
      `${python} did not report its version (exit ${r.exitCode}).`,
      'Check that it is a working Python 3 interpreter.',
    );
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new UsageError(
      `Python ${version} (${python}) is older than OpenTelemetry's Python SDK supports ` +
        `(${MIN_PYTHON.join('.')} or newer). Nothing was changed.`,
      `Create the service's virtualenv with Python ${MIN_PYTHON.join('.')}+ ` +
        '(for example `python3.12 -m venv .venv`), activate it, and run tracekit init again.',
    );
  }
  return version;
}

/** The commands that install what the manifest now declares, with the project's own tool. */
export function installCommandsFor(
  packageManager: string,
  python: string,
  target: ManifestTarget,
  pkgs: PyPackage[],
): Command[] {
  switch (packageManager) {
    case 'poetry':
      return [
        { file: 'poetry', args: ['lock'] },
        { file: 'poetry', args: ['install', '--no-root'] },
      ];
    case 'uv':
      return [{ file: 'uv', args: ['sync'] }];
    case 'pipenv':
      return [{ file: 'pipenv', args: ['install'] }];
    default:
      return [
        target.kind === 'requirements' || target.kind === 'new-requirements'
          ? { file: python, args: ['-m', 'pip', 'install', '-r', target.path] }
          : { file: python, args: ['-m', 'pip', 'install', ...pkgs.map((p) => `${p.name}==${p.version}`)] },
      ];
  }
}
