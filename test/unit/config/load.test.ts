import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, renderConfig, validateConfig } from '../../../src/config/load.js';
import { endpointProblem, serviceNameFrom } from '../../../src/config/names.js';
import { tempDir } from '../../support/temp-tree.js';

const valid = {
  version: 1,
  service: { name: 'checkout' },
  language: 'node',
  framework: 'express',
  exporter: { endpoint: 'http://localhost:4318' },
};

function messageOf(input: unknown): string {
  try {
    validateConfig(input);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('tracekit.yaml validation', () => {
  it('fills defaults for a minimal config', () => {
    const c = validateConfig(valid);
    expect(c).toMatchObject({
      backend: 'jaeger',
      exporter: { protocol: 'http' },
      sampler: { type: 'parentbased_always_on' },
      propagators: ['tracecontext', 'baggage'],
      runtime: 'compose',
    });
  });

  it('names the field and the allowed values', () => {
    const msg = messageOf({
      ...valid,
      backend: 'datadog',
      exporter: { endpoint: 'http://localhost:4318', protocol: 'udp' },
    });
    expect(msg).toContain('backend: must be one of "jaeger", "zipkin", "tempo", "none"');
    expect(msg).toContain('exporter.protocol: must be one of "http", "grpc"');
  });

  it('rejects hostile service names and endpoints', () => {
    expect(messageOf({ ...valid, service: { name: 'a"; drop' } })).toMatch(
      /service\.name: start with a letter or digit/,
    );
    expect(messageOf({ ...valid, exporter: { endpoint: 'javascript:alert(1)' } })).toMatch(
      /exporter\.endpoint: .* uses javascript:/,
    );
    expect(messageOf({ ...valid, exporter: { endpoint: 'http://u:p@host:4318' } })).toMatch(/credentials/);
  });

  it('requires a ratio exactly for the ratio samplers', () => {
    expect(messageOf({ ...valid, sampler: { type: 'traceidratio' } })).toContain(
      'sampler.ratio: sampler traceidratio needs a ratio',
    );
    expect(messageOf({ ...valid, sampler: { type: 'always_on', ratio: 0.5 } })).toContain(
      'sampler.ratio: sampler always_on takes no ratio',
    );
    expect(messageOf({ ...valid, sampler: { type: 'traceidratio', ratio: 2 } })).toContain('sampler.ratio');
  });

  it('rejects unknown fields and bad redaction keys', () => {
    expect(messageOf({ ...valid, colour: 'blue' })).toContain('unknown field colour');
    expect(messageOf({ ...valid, redaction: { keys: ['User Email'] } })).toContain('redaction.keys.0');
  });

  it('round-trips through renderConfig and loadConfig', async () => {
    const dir = tempDir('tk-cfg-');
    const config = validateConfig(valid);
    writeFileSync(path.join(dir, 'tracekit.yaml'), renderConfig(config));
    expect(await loadConfig(dir)).toEqual(config);
    expect(parse(renderConfig(config))).toEqual(config);
  });

  it('reports broken YAML and a missing file distinctly', async () => {
    const dir = tempDir('tk-cfg-');
    expect(await loadConfig(dir)).toBeUndefined();
    writeFileSync(path.join(dir, 'tracekit.yaml'), 'service: [unclosed\n');
    await expect(loadConfig(dir)).rejects.toThrow(/tracekit.yaml is not valid YAML/);
  });
});

describe('names', () => {
  it('derives service names from package names', () => {
    expect(serviceNameFrom('@acme/checkout-api')).toBe('checkout-api');
    expect(serviceNameFrom('github.com/acme/orders')).toBe('orders');
    expect(serviceNameFrom('My App!')).toBe('My-App-');
    expect(serviceNameFrom('')).toBeUndefined();
  });

  it('accepts plain endpoints only', () => {
    expect(endpointProblem('http://localhost:4318')).toBeUndefined();
    expect(endpointProblem('https://otel.example.com/otlp')).toBeUndefined();
    expect(endpointProblem('localhost:4317')).toMatch(/uses localhost:/);
    expect(endpointProblem('http://h/?x=1')).toMatch(/query/);
    expect(endpointProblem('not a url')).toMatch(/not a URL/);
  });
});
