import { describe, expect, it } from 'vitest';
import { goPinnedVersions, requiredVersions } from '../../../src/languages/go/pinned-versions.js';
import { GO_OTEL_SETS } from '../../../src/languages/go/versions.js';
import type { NodeVersionChoice } from '../../../src/languages/node/node-version.js';
import { nodePinnedVersions, otherLinePackages, removeCommand } from '../../../src/languages/node/pinned-versions.js';
import { OTEL_LINES } from '../../../src/languages/node/versions.js';
import { declaredPyVersion, pythonPinnedVersions } from '../../../src/languages/python/pinned-versions.js';

const [LINE_3, LINE_2] = OTEL_LINES as [(typeof OTEL_LINES)[0], (typeof OTEL_LINES)[0]];

describe('Node: declared versions against the pinned line', () => {
  const pkg = {
    dependencies: {
      '@opentelemetry/api': '1.9.1',
      '@opentelemetry/core': '^2.12.0',
      '@opentelemetry/sdk-trace-base': '2.12.0',
      '@opentelemetry/sdk-node': '0.223.0',
      express: '^5.0.0',
    },
  };
  const choice: NodeVersionChoice = { line: LINE_3, version: [22, 0, 0], raw: '22', source: '.nvmrc' };

  it('reads the declared versions without range operators, and the line from @opentelemetry/core', () => {
    const v = nodePinnedVersions(pkg, choice, ['@opentelemetry/api@1.10.0', '@opentelemetry/core@3.1.0']);
    expect(v.packages).toEqual({ '@opentelemetry/api': '1.10.0', '@opentelemetry/core': '3.1.0' });
    expect(v.declared).toEqual({ '@opentelemetry/api': '1.9.1', '@opentelemetry/core': '2.12.0' });
    expect(v).toMatchObject({ line: 'OpenTelemetry JS 3.x', declaredLine: 'OpenTelemetry JS 2.x' });
    expect(v.reason).toBe('Node 22 from .nvmrc');
  });

  it("removes the old line's packages (and sdk-node, which no line pins) before a move, never the user's own", () => {
    expect(otherLinePackages(pkg, LINE_3)).toEqual(['@opentelemetry/sdk-node', '@opentelemetry/sdk-trace-base']);
    expect(removeCommand('pnpm', ['a'])).toEqual([{ file: 'pnpm', args: ['remove', 'a'] }]);
    expect(removeCommand('npm', [])).toEqual([]);
  });

  it('keeps the packages of the line it stays on', () => {
    expect(otherLinePackages(pkg, LINE_2)).not.toContain('@opentelemetry/sdk-trace-base');
  });
});

describe('Python: a pin in any manifest dialect', () => {
  it.each([
    ['requirements', 'flask==3\nopentelemetry-sdk==1.42.1  # tracing\n'],
    ['PEP 621', 'dependencies = [\n  "opentelemetry-sdk==1.42.1",\n]\n'],
    ['Poetry', '[tool.poetry.dependencies]\nopentelemetry-sdk = "1.42.1"\n'],
    ['Pipfile', '[packages]\nopentelemetry_sdk = "==1.42.1"\n'],
  ])('%s', (_dialect, text) => {
    expect(declaredPyVersion(text, 'opentelemetry-sdk')).toBe('1.42.1');
  });

  it('does not take another distribution whose name ends the same', () => {
    expect(declaredPyVersion('my-opentelemetry-sdk==9.9\n', 'opentelemetry-sdk')).toBeUndefined();
  });

  it('names the declared set from the SDK and the instrumentation package', () => {
    const v = pythonPinnedVersions('opentelemetry-sdk==1.42.1\nopentelemetry-instrumentation==0.63b1\n', [
      { name: 'opentelemetry-sdk', version: '1.45.1' },
      { name: 'opentelemetry-instrumentation', version: '0.66b1' },
    ]);
    expect(v.declared).toEqual({ 'opentelemetry-sdk': '1.42.1', 'opentelemetry-instrumentation': '0.63b1' });
    expect(v.declaredLine).toBe('OpenTelemetry Python SDK 1.42.1 / instrumentations 0.63b1');
  });
});

describe('Go: go.mod requires against the pinned set', () => {
  const goMod = [
    'module example.com/hello',
    '',
    'go 1.24.0',
    '',
    'require go.opentelemetry.io/otel/sdk v1.35.0',
    '',
    'require (',
    '\tgo.opentelemetry.io/otel v1.35.0',
    '\tgo.opentelemetry.io/otel/metric v1.35.0 // indirect',
    ')',
    '',
  ].join('\n');

  it('reads single-line and block requires, indirect ones too', () => {
    expect(requiredVersions(goMod)).toEqual({
      'go.opentelemetry.io/otel/sdk': 'v1.35.0',
      'go.opentelemetry.io/otel': 'v1.35.0',
      'go.opentelemetry.io/otel/metric': 'v1.35.0',
    });
  });

  it("names the set go.mod is on and the set its go line allows, from the plan's go get", () => {
    const set = GO_OTEL_SETS.find((s) => s.goLine === '1.24')!;
    const install = [
      { file: 'go', args: ['get', `go.opentelemetry.io/otel@${set.otel}`, `go.opentelemetry.io/otel/sdk@${set.otel}`] },
      { file: 'go', args: ['mod', 'tidy'] },
    ];
    const v = goPinnedVersions(goMod, set, install, '1.24.0');
    expect(v.packages).toEqual({ 'go.opentelemetry.io/otel': 'v1.41.0', 'go.opentelemetry.io/otel/sdk': 'v1.41.0' });
    expect(v.declared).toEqual({ 'go.opentelemetry.io/otel': 'v1.35.0', 'go.opentelemetry.io/otel/sdk': 'v1.35.0' });
    expect(v.declaredLine).toBe('OpenTelemetry Go v1.35.0 (the go 1.22 set)');
    expect(v.line).toBe('OpenTelemetry Go v1.41.0 (the go 1.24 set)');
  });
});
