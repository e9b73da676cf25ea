import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-tree.js';

/** The published package: `npm pack` output installs into an empty folder and runs. */
const REPO = path.resolve(import.meta.dirname, '..', '..');
let app: string;

beforeAll(async () => {
  const packDir = tempDir('tk-pack-');
  await execa('npm', ['pack', '--pack-destination', packDir], { cwd: REPO, env: { npm_config_loglevel: 'error' } });
  const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
  app = tempDir('tk-app-');
  writeFileSync(path.join(app, 'package.json'), '{"name":"empty-app","private":true}');
  await execa('npm', ['install', '--no-audit', '--no-fund', path.join(packDir, tarball!)], { cwd: app });
}, 300_000);

describe('npm pack output', () => {
  it('runs through npx in an empty folder', async () => {
    const r = await execa('npx', ['--no-install', 'tracekit', '--version'], { cwd: app });
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('ships its templates and finds them at run time', async () => {
    const svc = tempDir('tk-svc-');
    writeFileSync(
      path.join(svc, 'package.json'),
      JSON.stringify({ name: 'svc', dependencies: { express: '^4.21.0' } }),
    );
    writeFileSync(path.join(svc, 'index.js'), '');
    const r = await execa(
      path.join(app, 'node_modules', '.bin', 'tracekit'),
      ['init', '--dry-run', '--yes', '--no-install'],
      { cwd: svc, reject: false, env: { CI: '1' } },
    );
    expect(r.stderr).toMatch(/Detected Node\.js/);
    expect(r.stderr).toMatch(/create\s+tracekit\.yaml/);
    expect(r.exitCode).toBe(0);
  });

  it('ships go-tools/mainedit: builds it with the machine Go into the cache and edits main.go', async () => {
    const svc = tempDir('tk-go-svc-');
    writeFileSync(path.join(svc, 'go.mod'), 'module example.com/svc\n\ngo 1.26\n');
    writeFileSync(
      path.join(svc, 'main.go'),
      'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    );
    const r = await execa(
      path.join(app, 'node_modules', '.bin', 'tracekit'),
      ['init', '--dry-run', '--yes', '--no-install'],
      { cwd: svc, reject: false, env: { CI: '1', GOTOOLCHAIN: 'local', TRACEKIT_CACHE: tempDir('tk-pack-cache-') } },
    );
    expect(r.stderr).toContain('+\thttp.ListenAndServe(":8080", tracing.HTTPHandler(http.DefaultServeMux))');
    expect(r.exitCode).toBe(0);
  }, 120_000);
});
