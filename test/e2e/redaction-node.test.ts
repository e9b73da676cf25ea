import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StartCommand } from '../../src/languages/language.js';
import { copyFixture, initArgs, runCli } from './node-service.js';
import {
  expectMasked,
  itMasksBeforeExport,
  REDACT_ARGS,
  rawSpanThroughCollector,
  sensitiveTrace,
  useRedactionRun,
} from './redaction-checks.js';

/** Issue 12, Node: the generated setup masks personal data before export (see redaction-checks.ts). */
const run = useRedactionRun(async (jaeger) => {
  const { dir, cleanup } = copyFixture('redaction-node');
  const r = await runCli([...initArgs(jaeger), ...REDACT_ARGS, '--json'], dir);
  expect(r.exitCode, r.stderr).toBe(0);
  const { startCommands } = JSON.parse(r.stdout) as { startCommands: StartCommand[] };
  return { dir, start: startCommands, env: (port) => ({ PORT: String(port) }), cleanup };
});

describe('Node: personal data masked before export', () => {
  itMasksBeforeExport(run);

  it('the Collector masks the same list in a span no tracekit setup masked', async () => {
    const span = await rawSpanThroughCollector(run);
    expect(span.attributes).toMatchObject({
      'app.customer': '****',
      'app.note': 'mail **** now',
      // The Collector masks a whole match: the parameter's name goes with its value.
      'url.full': 'http://shop.local/a?****&page=2',
      'user.plan': 'pro',
    });
  }, 120_000);

  it('a pattern in tracekit.yaml that is not valid everywhere: init names the field and writes nothing', async () => {
    const yaml = path.join(run.service.dir, 'tracekit.yaml');
    const setupFile = path.join(run.service.dir, 'tracing.js');
    const [config, setup] = [readFileSync(yaml, 'utf8'), readFileSync(setupFile, 'utf8')];
    const bad = config.replace('  patterns: []', '  patterns: ["(?<=ssn:)[0-9]+"]');
    expect(bad).not.toBe(config);
    writeFileSync(yaml, bad);
    try {
      const r = await runCli(['init', '--yes', '--no-install'], run.service.dir);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('redaction.patterns.0: "(?<=ssn:)[0-9]+" uses a (?...) group');
      expect(readFileSync(setupFile, 'utf8')).toBe(setup);
    } finally {
      writeFileSync(yaml, config);
    }
  }, 120_000);

  it('control: without the setup’s hook line the same request reaches Jaeger unmasked', async () => {
    const file = path.join(run.service.dir, 'tracing.js');
    const setup = readFileSync(file, 'utf8');
    const unhooked = setup.replace('redactingExporter(new OTLPTraceExporter(', '(new OTLPTraceExporter(');
    expect(unhooked).not.toBe(setup);
    writeFileSync(file, unhooked);
    try {
      const t = await sensitiveTrace(run, run.jaeger);
      expect(t.raw).toContain('alice@example.com');
      expect(() => expectMasked(t)).toThrow();
    } finally {
      writeFileSync(file, setup);
    }
  }, 300_000);
});
