import { describe, expect, it } from 'vitest';
import { doctorOptionsFrom } from '../../../src/commands/doctor.js';
import { CHECKS } from '../../../src/doctor/checks/index.js';
import { explainCheck } from '../../../src/doctor/run-doctor.js';
import { UsageError } from '../../../src/errors.js';
import { parseDuration } from '../../../src/flag-values.js';

const global = { cwd: '/x', json: true, verbose: false, color: true };

describe('doctor flags → options', () => {
  it.each([
    [{}, { collector: false, json: true, strict: false, wait: false, timeoutMs: 60_000 }],
    [{ timeout: '30' }, { timeoutMs: 30_000 }],
    [
      { timeout: '1500ms', strict: true, wait: true },
      { timeoutMs: 1500, strict: true, wait: true },
    ],
    [
      { backend: 'zipkin', protocol: 'zipkin', endpoint: 'http://z:9411' },
      { backend: 'zipkin', protocol: 'zipkin', endpoint: 'http://z:9411' },
    ],
    [{ collectorHealthUrl: 'http://c:13134/' }, { collector: false, collectorHealthUrl: 'http://c:13134/' }],
    [
      { app: ['http://localhost:3000/', 'http://localhost:8000/'] },
      { app: 'http://localhost:3000/', apps: ['http://localhost:3000/', 'http://localhost:8000/'] },
    ],
    [
      { app: 'http://localhost:8080/hello?name=x', junit: 'out.xml' },
      { app: 'http://localhost:8080/hello?name=x', junit: 'out.xml' },
    ],
    [
      { service: 'checkout', strict: true },
      { service: 'checkout', strict: true },
    ],
  ] as const)('%j', (flags, expected) => {
    expect(doctorOptionsFrom(flags as never, global)).toMatchObject(expected);
  });

  it.each([
    [{ timeout: 'soon' }, /--timeout "soon" is not a duration/],
    [{ timeout: '0' }, /is not a duration/],
    [{ endpoint: 'localhost:4318' }, /--endpoint "localhost:4318" uses localhost: \(expected http: or https:\)/],
    [{ queryUrl: 'http://user:pw@q:16686' }, /contains credentials/],
    [{ app: 'ftp://app' }, /--app/],
  ])('rejects %j as bad usage (exit 2)', (flags, message) => {
    expect(() => doctorOptionsFrom(flags as never, global)).toThrow(UsageError);
    expect(() => doctorOptionsFrom(flags as never, global)).toThrow(message);
  });

  it('parses minutes', () => expect(parseDuration('2m', '--timeout')).toBe(120_000));

  it('--explain knows every check id and refuses others', () => {
    const CHECK_IDS = CHECKS.map((c) => c.id);
    expect(CHECK_IDS).toEqual([
      'config',
      'backend-health',
      'sampling-strategy',
      'ingest',
      'synthetic-sent',
      'synthetic-found',
      'app',
      'services',
      'audit',
    ]);
    for (const id of CHECK_IDS) expect(explainCheck(id)).toMatch(new RegExp(`^${id}: `));
    expect(() => explainCheck('nope')).toThrow(UsageError);
    try {
      explainCheck('nope');
    } catch (err) {
      expect((err as UsageError).hint).toBe(`Use one of: ${CHECK_IDS.join(', ')}.`);
    }
  });
});
