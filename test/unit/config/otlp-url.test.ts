import { describe, expect, it } from 'vitest';
import { otlpTracesUrl } from '../../../src/config/otlp-url.js';

describe('otlpTracesUrl', () => {
  it.each([
    ['http', 'http://localhost:4318', 'http://localhost:4318/v1/traces'],
    ['http', 'http://localhost:4318/', 'http://localhost:4318/v1/traces'],
    ['http', 'http://collector:4318/v1/traces', 'http://collector:4318/v1/traces'],
    ['http', 'https://otel.example.com/otlp', 'https://otel.example.com/otlp/v1/traces'],
    ['grpc', 'http://localhost:4317/', 'http://localhost:4317'],
  ] as const)('%s %s → %s (never a doubled /v1/traces)', (protocol, endpoint, url) => {
    expect(otlpTracesUrl({ protocol, endpoint })).toBe(url);
  });
});
