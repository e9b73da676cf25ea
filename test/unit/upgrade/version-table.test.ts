import { describe, expect, it } from 'vitest';
import { describeLine, lineChange, versionRows } from '../../../src/upgrade/version-table.js';

const pinned = {
  line: 'OpenTelemetry JS 3.x',
  reason: 'Node 22 from .nvmrc',
  packages: { '@opentelemetry/api': '1.10.0', '@opentelemetry/sdk-trace': '3.1.0', '@opentelemetry/core': '3.1.0' },
  declared: { '@opentelemetry/api': '1.9.1', '@opentelemetry/core': '3.1.0' },
  declaredLine: 'OpenTelemetry JS 2.x',
};

describe('the version table', () => {
  it('lists the pinned packages the manifest declares at another version, or not at all, in plan order', () => {
    expect(versionRows(pinned)).toEqual([
      { name: '@opentelemetry/api', from: '1.9.1', to: '1.10.0' },
      { name: '@opentelemetry/sdk-trace', to: '3.1.0' },
    ]);
  });

  it('lists the packages the plan removes last, with no new version', () => {
    const rows = versionRows({ ...pinned, removed: { '@opentelemetry/sdk-trace-base': '2.12.0' } });
    expect(rows.at(-1)).toEqual({ name: '@opentelemetry/sdk-trace-base', from: '2.12.0' });
  });

  it('is empty when every pinned version is declared, or when the recipe pins nothing', () => {
    expect(versionRows({ ...pinned, declared: { ...pinned.packages } })).toEqual([]);
    expect(versionRows(undefined)).toEqual([]);
  });
});

describe('the line change', () => {
  it('names the old and new line and why the new one applies', () => {
    const line = lineChange(pinned)!;
    expect(line).toMatchObject({ from: 'OpenTelemetry JS 2.x', to: 'OpenTelemetry JS 3.x', changed: true });
    expect(describeLine(line)).toMatch(
      /^OpenTelemetry JS 2\.x → OpenTelemetry JS 3\.x, as Node 22 from \.nvmrc allows\./,
    );
  });

  it('is no change when the declared versions form the pinned line, or form none tracekit knows', () => {
    expect(lineChange({ ...pinned, declaredLine: 'OpenTelemetry JS 3.x' })!.changed).toBe(false);
    const unknown = lineChange({ ...pinned, declaredLine: undefined })!;
    expect(unknown.changed).toBe(false);
    expect(describeLine(unknown)).toBe('OpenTelemetry JS 3.x (Node 22 from .nvmrc).');
  });
});
