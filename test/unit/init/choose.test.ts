import { describe, expect, it } from 'vitest';
import { initOptionsFrom } from '../../../src/commands/init.js';
import { parseSampler } from '../../../src/init/choose.js';

describe('init flags → options', () => {
  const global = { cwd: '/x', json: false, verbose: false, color: true };
  it.each([
    [{ install: true }, { dir: '.', yes: false, install: true, dryRun: false, force: false, json: false }],
    [
      { install: false, yes: true, dryRun: true, force: true },
      { yes: true, install: false, dryRun: true, force: true },
    ],
    [
      { install: true, lang: 'python', serviceName: 'api', protocol: 'grpc', sampler: 'traceidratio:0.5' },
      { lang: 'python', serviceName: 'api', protocol: 'grpc', sampler: 'traceidratio:0.5' },
    ],
    [{ install: true, redact: ['app.customer', '*.ssn'] }, { redact: ['app.customer', '*.ssn'] }],
  ] as const)('%j', (flags, expected) => {
    expect(initOptionsFrom(undefined, flags as never, global)).toMatchObject(expected);
  });
  it('takes the directory argument and --json', () => {
    expect(initOptionsFrom('svc', { install: true }, { ...global, json: true })).toMatchObject({
      dir: 'svc',
      json: true,
    });
  });
});

describe('--sampler', () => {
  it('parses names and ratios', () => {
    expect(parseSampler('always_on')).toEqual({ type: 'always_on' });
    expect(parseSampler('parentbased_traceidratio:0.25')).toEqual({ type: 'parentbased_traceidratio', ratio: 0.25 });
  });
  it.each(['sometimes', 'traceidratio:1.5', 'traceidratio:abc', 'traceidratio:0.1:2'])('rejects %s', (v) => {
    expect(() => parseSampler(v)).toThrow(/sampler|ratio/i);
  });
});
