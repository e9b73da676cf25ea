import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackendDown, runBackendStatus } from '../../../src/backends/backend-down-status.js';
import { backendCommand, upOptionsFrom } from '../../../src/commands/backend.js';
import type { RunCommand } from '../../../src/commands/global.js';
import { UsageError } from '../../../src/errors.js';
import { fakeCtx } from '../../support/fake-ctx.js';
import { tempDir } from '../../support/temp-tree.js';

/** `backend up <argv>` parsed by the real command definition, mapped to options. */
async function upOptions(argv: string[]) {
  let flags: Parameters<typeof upOptionsFrom>[0] | undefined;
  const capture: RunCommand = async (cmd: Command) => {
    flags = cmd.opts<NonNullable<typeof flags>>();
  };
  await backendCommand(capture).parseAsync(['up', ...argv], { from: 'user' });
  return upOptionsFrom(flags!);
}

describe('backend up flags → options', () => {
  const table: [string[], object][] = [
    [
      [],
      {
        dryRun: false,
        force: false,
        yes: false,
        start: true,
        timeoutMs: 180_000,
        flags: { dir: 'tracing' },
        programs: {},
      },
    ],
    [['--yes', '--force', '--dry-run', '--no-start'], { dryRun: true, force: true, yes: true, start: false }],
    [['-y'], { yes: true }],
    [['--write-only'], { start: false, dryRun: false }],
    [['--tail-sampling'], { flags: { tailSampling: true } }],
    [['--no-tail-sampling'], { flags: { tailSampling: false } }],
    [['--timeout', '90'], { timeoutMs: 90_000 }],
    [['--timeout', '2m'], { timeoutMs: 120_000 }],
    [['--timeout', '1500ms'], { timeoutMs: 1500 }],
    [
      ['--zipkin', '--collector', '--replicas', '3', '--port', 'ui=1', '--port', 'health=2'],
      {
        flags: {
          named: ['zipkin'],
          collector: true,
          replicas: '3',
          port: ['ui=1', 'health=2'],
          dir: 'tracing',
        },
      },
    ],
    [
      ['--runtime', 'process', '--jaeger-bin', '/j', '--collector-bin', '/c'],
      {
        flags: { runtime: 'process', dir: 'tracing' },
        programs: { 'jaeger-bin': '/j', 'collector-bin': '/c' },
      },
    ],
  ];
  for (const [argv, expected] of table)
    it(`${argv.join(' ') || '(no flags)'}`, async () => expect(await upOptions(argv)).toMatchObject(expected));

  for (const bad of ['soon', '0', '-5', '']) {
    it(`--timeout ${JSON.stringify(bad)} is a usage error`, async () => {
      const err = await upOptions(['--timeout', bad]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).message).toContain('--timeout');
      expect((err as UsageError).exitCode).toBe(2);
    });
  }
});

describe('backend down and status', () => {
  const root = tempDir('tk-backend-cmd-');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const dir of ['../x', '/etc', 'a/../../b']) {
    it(`--dir ${dir} is refused like up refuses it`, async () => {
      await expect(runBackendDown(fakeCtx(root).ctx, { dir })).rejects.toThrow(/must be a folder inside the project/);
      await expect(runBackendStatus(fakeCtx(root).ctx, { dir })).rejects.toThrow(/must be a folder inside the project/);
    });
  }

  it('an invalid tracekit.yaml is named in a warning, then compose is assumed', async () => {
    writeFileSync(path.join(root, 'tracekit.yaml'), 'version: [');
    const { ctx, lines } = fakeCtx(root);
    const r = await runBackendStatus(ctx, {});
    expect(r.runtime).toBe('compose');
    expect(lines.join('\n')).toMatch(/tracekit\.yaml is not valid YAML[\s\S]*assuming the compose runtime/);
  });
});
