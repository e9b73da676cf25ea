import { describe, expect, it } from 'vitest';
import { chooseOtelLine, lowestAllowed, nvmrcVersion } from '../../../src/languages/node/node-version.js';
import { OTEL_LINES, pinned } from '../../../src/languages/node/versions.js';

describe('lowest Node version an engines range allows', () => {
  it.each([
    ['>=20.6.0', [20, 6, 0]],
    ['>=22.15', [22, 15, 0]],
    ['^22.15.0', [22, 15, 0]],
    ['~20.19', [20, 19, 0]],
    ['22.x', [22, 0, 0]],
    ['22', [22, 0, 0]],
    ['>22.14.0', [22, 14, 1]],
    ['>=20 <23', [20, 0, 0]],
    ['^18.19.0 || >=20.6.0', [18, 19, 0]],
    ['>=22.15.0 || ^24', [22, 15, 0]],
    ['20 - 22', [20, 0, 0]],
  ] as const)('%s → %j', (range, expected) => {
    expect(lowestAllowed(range)).toEqual(expected);
  });
  it.each(['*', '', 'lts', '>=foo'])('%j cannot be read', (range) => {
    expect(lowestAllowed(range)).toBeUndefined();
  });
});

describe('.nvmrc', () => {
  it('reads full and partial versions; a partial one is the newest release of its line', () => {
    expect(nvmrcVersion('v20.20.2\n')).toEqual([20, 20, 2]);
    expect(nvmrcVersion('22')).toEqual([22, 999, 999]);
    expect(nvmrcVersion('22.10')).toEqual([22, 10, 999]);
    expect(nvmrcVersion('lts/*')).toBeUndefined();
  });
});

describe('choosing the OpenTelemetry JS line', () => {
  const line = (input: Parameters<typeof chooseOtelLine>[0]) => chooseOtelLine(input).line.id;
  it('takes engines first, then .nvmrc, then the running node', () => {
    expect(chooseOtelLine({ engines: '>=20.6.0', nvmrc: '22', runningNode: '22.23.3' })).toMatchObject({
      source: 'package.json engines',
      line: { id: '2.x' },
    });
    expect(chooseOtelLine({ nvmrc: '22', runningNode: '20.20.2' })).toMatchObject({
      source: '.nvmrc',
      line: { id: '3.x' },
    });
    expect(chooseOtelLine({ nvmrc: 'lts/*', runningNode: '22.23.3' })).toMatchObject({
      source: 'the running node',
      line: { id: '3.x' },
    });
    expect(chooseOtelLine({ engines: '*', runningNode: '20.20.2' })).toMatchObject({
      source: 'the running node',
      line: { id: '2.x' },
    });
  });
  it('uses 3.x only when every allowed Node is at least 22.15', () => {
    expect(line({ engines: '>=22.15.0', runningNode: '20.0.0' })).toBe('3.x');
    expect(line({ engines: '>=22', runningNode: '24.1.0' })).toBe('2.x');
    expect(line({ nvmrc: '22.14.0', runningNode: '24.1.0' })).toBe('2.x');
    expect(line({ runningNode: '22.15.0' })).toBe('3.x');
    expect(line({ runningNode: '20.20.2' })).toBe('2.x');
  });
});

describe('pinned versions', () => {
  it('pin every package both lines install, exactly, with the API each SDK line peers on', () => {
    const [v3, v2] = OTEL_LINES;
    expect(Object.keys(v3!.packages).sort()).toEqual(
      Object.keys(v2!.packages)
        .filter((n) => n !== '@opentelemetry/sdk-trace-base')
        .concat('@opentelemetry/sdk-trace')
        .sort(),
    );
    for (const l of OTEL_LINES) for (const v of Object.values(l.packages)) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pinned(v2!, '@opentelemetry/api')).toBe('@opentelemetry/api@1.9.1');
    expect(pinned(v3!, '@opentelemetry/api')).toBe('@opentelemetry/api@1.10.0');
    expect(() => pinned(v2!, 'left-pad')).toThrow(/No pinned/);
  });
});
