import { describe, expect, it } from 'vitest';
import { uninstallsIn } from '../../../src/remove/uninstall.js';

const run = (line: string, cwd = '.') => ({ argv: line.split(' '), cwd });

describe('uninstallsIn: the package manager command that undoes an install init ran', () => {
  it.each([
    ['npm install --save-exact @opentelemetry/api@1.9.0 pkg@2.0.1', 'npm uninstall @opentelemetry/api pkg'],
    [
      'npm install --save-exact @opentelemetry/api@1.9.0 --workspace apps/api',
      'npm uninstall --workspace apps/api @opentelemetry/api',
    ],
    [
      'pnpm add --filter @shop/api --allow-build=!protobufjs --save-exact @opentelemetry/api@1.9.0',
      'pnpm remove --filter @shop/api @opentelemetry/api',
    ],
    ['yarn workspace web add --exact @opentelemetry/api@1.9.0', 'yarn workspace web remove @opentelemetry/api'],
    ['bun add --exact @opentelemetry/api@1.9.0', 'bun remove @opentelemetry/api'],
    ['go get go.opentelemetry.io/otel@v1.47.0', 'go mod tidy'],
  ])('%s', (install, expected) => {
    expect(uninstallsIn('.', [run(install)]).map((u) => u.argv.join(' '))).toEqual([expected]);
  });

  it('has none where the install names no packages, and only for installs in that folder', () => {
    const python = [run('/v/bin/python -m pip install opentelemetry-sdk==1.45.1'), run('uv sync'), run('poetry lock')];
    expect(uninstallsIn('.', python)).toEqual([]);
    expect(uninstallsIn('apps/web', [run('npm install a@1.0.0', 'apps/api')])).toEqual([]);
  });

  it('go mod tidy runs after the files are back; the others before', () => {
    const [tidy] = uninstallsIn('.', [run('go get go.opentelemetry.io/otel@v1.47.0')]);
    const [npm] = uninstallsIn('.', [run('npm install a@1.0.0')]);
    expect([tidy?.when, npm?.when]).toEqual(['after', 'before']);
  });
});
