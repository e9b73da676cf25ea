import { describe, expect, it } from 'vitest';
import { defaultStrategies, renderStrategies } from '../../../src/backends/jaeger/default-strategies.js';
import { checkStrategies } from '../../../src/backends/jaeger/strategies.js';
import { backendOptionsFrom } from '../../../src/backends/options.js';
import { validateConfig } from '../../../src/config/load.js';
import { parseSampler } from '../../../src/init/choose.js';

/** `backend up --sampling`, the strategies file check, and `init --sampler` for the remote samplers. */
const config = validateConfig({
  version: 1,
  service: { name: 'shop' },
  language: 'node',
  framework: 'express',
  exporter: { protocol: 'http', endpoint: 'http://localhost:4318' },
  remote_sampling: { mode: 'adaptive', target_tps: 3, endpoint: 'http://localhost:5778' },
});
const up = (flags: object, c: typeof config | undefined) =>
  backendOptionsFrom({ named: ['jaeger'], ...flags }, c).sampling;

describe('backend up --sampling', () => {
  it('takes the flags, else what tracekit.yaml recorded, and --sampling none turns it off', () => {
    expect(up({ sampling: 'file' }, config)).toEqual({
      mode: 'file',
      service: 'shop',
      targetTps: 3,
      intervalMs: 60_000,
    });
    expect(up({}, config)).toEqual({ mode: 'adaptive', service: 'shop', targetTps: 3, intervalMs: 60_000 });
    expect(up({ sampling: 'adaptive', targetTps: '5', samplingInterval: '2s' }, config)).toMatchObject({
      targetTps: 5,
      intervalMs: 2000,
    });
    expect(up({ sampling: 'none' }, config)).toBeUndefined();
    expect(up({}, undefined)).toBeUndefined();
  });

  it.each([
    [{ sampling: 'adaptiv' }, '--sampling "adaptiv" is not a sampling mode.'],
    [{ sampling: 'adaptive', targetTps: '0' }, '--target-tps 0 is not a number of traces per second above 0.'],
    [{ sampling: 'adaptive', targetTps: 'many' }, '--target-tps many'],
    [{ sampling: 'file', targetTps: '5' }, '--target-tps and --sampling-interval apply to --sampling adaptive only.'],
    [{ sampling: 'adaptive', samplingInterval: '200ms' }, '--sampling-interval must be at least 1s.'],
    [{ sampling: 'file', named: ['zipkin'] }, 'Zipkin serves no sampling strategies.'],
  ])('refuses %j', (flags, message) => {
    expect(() => up(flags, undefined)).toThrow(message);
  });
});

describe('the strategies file', () => {
  it("tracekit's default passes its own check, health checks at 0 and the service at 0.1", () => {
    const s = defaultStrategies('shop');
    expect(checkStrategies(renderStrategies(s), 'f.json')).toEqual(s);
    expect(s.service_strategies).toEqual([{ service: 'shop', type: 'probabilistic', param: 0.1 }]);
    expect(s.default_strategy?.operation_strategies?.find((o) => o.operation === 'GET /healthz')?.param).toBe(0);
  });

  it.each([
    ['{"default_strategy": ', 'f.json is not valid JSON'],
    ['{"default_strategy": {"type": "probabilistic", "param": "high"}}', 'default_strategy.param'],
    ['{"default_strategy": {"type": "probabilistic", "param": 1.5}}', 'default_strategy.param'],
    ['{"default_strategy": {"type": "adaptive", "param": 1}}', 'default_strategy.type'],
    ['{"service_strategies": [{"type": "probabilistic", "param": 1}]}', 'service_strategies.0.service'],
    [
      '{"service_strategies": [{"service": "a", "type": "probabilistic", "param": 1, ' +
        '"operation_strategies": [{"operation": "GET", "type": "ratelimiting", "param": 2}]}]}',
      'service_strategies.0.operation_strategies.0.type',
    ],
    ['{"default_strategy": {"type": "probabilistic", "param": 1}, "service_strategy": []}', 'service_strategy'],
  ])('refuses %s, naming %s', (text, field) => {
    expect(() => checkStrategies(text, 'f.json')).toThrow(field);
  });
});

describe('init --sampler', () => {
  it('takes the remote samplers with an optional initial ratio', () => {
    expect(parseSampler('jaeger_remote')).toEqual({ type: 'jaeger_remote' });
    expect(parseSampler('parentbased_jaeger_remote:0.25')).toEqual({ type: 'parentbased_jaeger_remote', ratio: 0.25 });
  });

  it.each([
    ['jaeger_remotes', 'Unknown sampler "jaeger_remotes".'],
    ['parentbased_jaeger_remote:1.5', 'Sampler ratio "1.5" is not a number between 0 and 1.'],
  ])('refuses %s', (value, message) => {
    expect(() => parseSampler(value)).toThrow(message);
  });

  it('tracekit.yaml refuses interval_ms on a sampler that fetches nothing, naming the field', () => {
    expect(() => validateConfig({ ...config, sampler: { type: 'parentbased_always_on', interval_ms: 1000 } })).toThrow(
      'sampler.interval_ms',
    );
  });
});
