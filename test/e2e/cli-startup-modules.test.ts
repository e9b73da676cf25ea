import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/components.js';
import { tempDir } from '../support/temp-tree.js';

/**
 * What the built CLI loads to start (issue 17): `--help` loads no command module, so none of the
 * registries, checks or zod behind them; doctor without a tracekit.yaml loads neither zod nor
 * yaml (they validate a file). Each ES module loaded is listed by a loader hook; a count or a time
 * is never asserted, only which modules, so the test fails when an eager import comes back.
 */
function hookFiles(): string {
  const dir = tempDir('tracekit-startup-');
  // Hooks run on their own thread: _rawDebug writes straight to stderr from there.
  writeFileSync(
    path.join(dir, 'hooks.mjs'),
    'export async function load(url, context, next) {\n' +
      '  process._rawDebug(`LOADED ${url}`);\n' +
      '  return next(url, context);\n' +
      '}\n',
  );
  const register = path.join(dir, 'register.mjs');
  writeFileSync(register, "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
  return register;
}

/** The module URLs, below the repository, that a run of the built CLI loaded. */
async function loaded(args: string[]): Promise<string[]> {
  const r = await execa('node', ['--import', pathToFileURL(hookFiles()).href, 'bin/tracekit.js', ...args], {
    cwd: repoRoot,
    env: { CI: '1', FORCE_COLOR: '0' },
    reject: false,
    timeout: 60_000,
  });
  const root = pathToFileURL(repoRoot).href;
  const urls = [...String(r.stderr).matchAll(/^LOADED (\S+)$/gm)].map((m) => m[1]!);
  expect(urls, `no module was listed (exit ${r.exitCode}):\n${r.stderr}`).toContain(`${root}/dist/cli.js`);
  return urls.filter((u) => u.startsWith(root)).map((u) => u.slice(root.length + 1));
}

describe('the built CLI loads only what a command needs', () => {
  it('--help: cli.ts and the command list, no command module, no zod, no chalk', async () => {
    const urls = await loaded(['--help']);
    expect(urls.filter((u) => u.startsWith('dist/commands/'))).toEqual(['dist/commands/list.js']);
    expect(urls.filter((u) => /^dist\/(backends|languages|doctor|config)\//.test(u))).toEqual([]);
    expect(urls.filter((u) => /node_modules\/(zod|chalk|yaml|undici|handlebars)\//.test(u))).toEqual([]);
  });

  it('doctor without a tracekit.yaml: the doctor command only, no zod or yaml', async () => {
    const cwd = tempDir('tracekit-startup-doctor-');
    // Port 9 refuses: the checks end at once; what matters is what was loaded on the way.
    const urls = await loaded([
      ...['--cwd', cwd, 'doctor', '--backend', 'none'],
      ...['--endpoint', 'http://127.0.0.1:9', '--timeout', '10'],
    ]);
    expect(urls).toContain('dist/doctor/run-doctor.js');
    expect(urls.filter((u) => /^dist\/commands\/(init|backend|remove|upgrade)\.js$/.test(u))).toEqual([]);
    expect(urls.filter((u) => /node_modules\/(zod|yaml|handlebars)\//.test(u))).toEqual([]);
  });
});
