import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { backendCli } from '../support/backend-cli.js';
import { components } from '../support/components.js';
import { freePorts } from '../support/ports.js';
import { tempDir } from '../support/temp-tree.js';
import { copyFixture, runCli } from './node-service.js';

/**
 * Bad input to remote sampling, through the built CLI: a strategies file the real Jaeger refuses,
 * an unknown sampler and a ratio out of range. Each is a clear error naming the field, and
 * nothing is written or started.
 */
const YAML = `version: 1
service:
  name: shop
language: node
framework: express
exporter:
  protocol: http
  endpoint: http://localhost:4318
`;
/** A probability written as a word: Go's JSON decoder in Jaeger cannot read it. */
const BAD = { default_strategy: { type: 'probabilistic', param: 'high' } };

async function portArgs(): Promise<string[]> {
  const [grpc, http, ui, health, queryGrpc, sampling] = await freePorts(6);
  const ports = { 'otlp-grpc': grpc, 'otlp-http': http, ui, health, 'query-grpc': queryGrpc, sampling };
  return Object.entries(ports).flatMap(([name, port]) => ['--port', `${name}=${port}`]);
}

describe('a strategies file Jaeger would reject', () => {
  it('backend up names the field and writes and starts nothing', async () => {
    const dir = tempDir('tk-sampling-bad-');
    writeFileSync(path.join(dir, 'tracekit.yaml'), YAML);
    const file = path.join(dir, 'tracing', 'jaeger', 'sampling-strategies.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(BAD));
    const r = await backendCli(dir, [
      'backend',
      'up',
      '--jaeger',
      '--runtime',
      'process',
      '--sampling',
      'file',
      ...(await portArgs()),
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('tracing/jaeger/sampling-strategies.json is not a strategies file Jaeger can serve');
    expect(r.stderr).toContain('default_strategy.param');
    expect(readdirSync(path.join(dir, 'tracing', 'jaeger'))).toEqual(['sampling-strategies.json']);
    expect(readFileSync(path.join(dir, 'tracekit.yaml'), 'utf8')).toBe(YAML);
    expect(existsSync(path.join(dir, '.tracekit'))).toBe(false);
  }, 60_000);

  it('the real Jaeger refuses to start with it', async () => {
    // The config `backend up` writes (files only), then the same bad file in place of the default.
    const dir = tempDir('tk-sampling-jaeger-');
    const written = await backendCli(dir, [
      'backend',
      'up',
      '--jaeger',
      '--runtime',
      'process',
      '--sampling',
      'file',
      '--write-only',
      ...(await portArgs()),
    ]);
    expect(written.exitCode, written.stderr).toBe(0);
    writeFileSync(path.join(dir, 'tracing', 'jaeger', 'sampling-strategies.json'), JSON.stringify(BAD));
    const jaeger = await execa(components.jaeger(), ['--config', 'tracing/jaeger/config.yaml'], {
      cwd: dir,
      reject: false,
      timeout: 60_000,
    });
    expect(jaeger.timedOut).toBe(false);
    expect(jaeger.exitCode).not.toBe(0);
    expect(jaeger.stderr).toContain('failed to unmarshal strategies');
  }, 90_000);
});

describe('init --sampler', () => {
  it.each([
    ['jaeger_remotes', 'Unknown sampler "jaeger_remotes".'],
    ['parentbased_jaeger_remote:1.5', 'Sampler ratio "1.5" is not a number between 0 and 1.'],
  ])(
    '%s: a clear error, nothing written',
    async (sampler, message) => {
      const { dir, cleanup } = copyFixture('sampling-node');
      try {
        const before = readdirSync(dir).sort();
        const r = await runCli(['init', '--yes', '--no-install', '--sampler', sampler], dir);
        expect(r.exitCode).toBe(2);
        expect(r.stderr).toContain(message);
        expect(readdirSync(dir).sort()).toEqual(before);
      } finally {
        cleanup();
      }
    },
    60_000,
  );
});
