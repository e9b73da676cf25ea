import { describe, expect, it } from 'vitest';
import { validateAnyConfig } from '../../../src/config/load.js';
import { isWorkspaceConfig } from '../../../src/config/schema.js';

const exporter = { protocol: 'http', endpoint: 'http://localhost:4318' };
const entry = (name: string, path: string) => ({ name, path, language: 'node', framework: 'express' });

describe("tracekit.yaml's two forms", () => {
  it('a single-service file stays valid and is not a workspace', () => {
    const c = validateAnyConfig({
      version: 1,
      service: { name: 'api' },
      language: 'node',
      framework: 'express',
      exporter,
    });
    expect(isWorkspaceConfig(c)).toBe(false);
  });

  it('a workspace file lists its services with the shared backend, defaults applied', () => {
    const c = validateAnyConfig({ version: 1, exporter, services: [entry('api', 'apps/api'), entry('web', 'web')] });
    expect(isWorkspaceConfig(c) && c.services.map((s) => [s.name, s.version, s.environment])).toEqual([
      ['api', '0.1.0', 'development'],
      ['web', '0.1.0', 'development'],
    ]);
    expect(c.backend).toBe('jaeger');
  });

  it.each([
    ['a name listed twice', [entry('api', 'a'), entry('api', 'b')], /services\.1\.name: api is listed twice/],
    ['a path outside the root', [entry('api', '../api')], /services\.0\.path: a folder inside the root/],
    ['no services', [], /services/],
  ])('rejects %s', (_what, services, message) => {
    expect(() => validateAnyConfig({ version: 1, exporter, services })).toThrow(message);
  });

  it('rejects a workspace file that also names one service', () => {
    expect(() =>
      validateAnyConfig({ version: 1, exporter, services: [entry('a', 'a')], service: { name: 'a' } }),
    ).toThrow(/unknown field service/);
  });
});
