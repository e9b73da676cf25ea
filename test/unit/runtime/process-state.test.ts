import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jaeger } from '../../../src/backends/jaeger/index.js';
import { backendOptionsFrom } from '../../../src/backends/options.js';
import type { Deployment } from '../../../src/backends/types.js';
import { createProcessRuntime } from '../../../src/runtime/process.js';
import { readState, stateDir } from '../../../src/runtime/state.js';
import { fakeCtx } from '../../support/fake-ctx.js';
import { tempDir } from '../../support/temp-tree.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function tempRoot(): string {
  const root = tempDir('tk-process-state-');
  roots.push(root);
  return root;
}

/** A project folder whose .tracekit/backend/state.json holds `content` (a folder when undefined). */
function projectWithState(content: string | undefined): string {
  const root = tempRoot();
  mkdirSync(stateDir(root), { recursive: true });
  if (content === undefined) mkdirSync(path.join(stateDir(root), 'state.json'));
  else writeFileSync(path.join(stateDir(root), 'state.json'), content);
  return root;
}

const record = (pid: unknown) =>
  JSON.stringify({
    version: 1,
    urls: [],
    services: [{ name: 'jaeger', pid, program: '/usr/bin/jaeger', log: 'x.log' }],
  });

describe('process state', () => {
  it('no state.json means nothing was started', async () => {
    expect(await readState(tempRoot())).toBeUndefined();
  });

  it('a state.json that cannot be read is an error with a hint, not "nothing running"', async () => {
    await expect(readState(projectWithState(undefined))).rejects.toThrow(/Cannot read .*state\.json: EISDIR/);
  });

  it('a state.json that does not parse is a clear error', async () => {
    await expect(readState(projectWithState('{"version": 1,'))).rejects.toThrow(/state\.json is not valid JSON/);
  });

  for (const pid of [-1, 0, 1, 2.5, '123', null]) {
    it(`a recorded pid of ${JSON.stringify(pid)} is refused, so down never signals it`, async () => {
      const root = projectWithState(record(pid));
      await expect(readState(root)).rejects.toThrow(/is not a process tracekit started/);
      await expect(createProcessRuntime(fakeCtx(root).ctx, root, {}).down({ volumes: false })).rejects.toThrow(
        /is not a process tracekit started/,
      );
    });
  }

  it('a valid state.json reads back', async () => {
    expect((await readState(projectWithState(record(4242))))?.services[0]?.pid).toBe(4242);
  });

  it('a program that cannot be spawned is an error, and no pid is recorded', async () => {
    const root = tempRoot();
    // Executable, so the lookup accepts it; its interpreter does not exist, so spawn fails (no pid).
    const program = path.join(root, 'broken-jaeger');
    writeFileSync(program, '#!/no/such/interpreter\n');
    chmodSync(program, 0o755);
    const { ctx } = fakeCtx(root);
    const d: Deployment = {
      options: backendOptionsFrom({ named: ['jaeger'], runtime: 'process' }, undefined),
      services: [
        { name: 'jaeger', title: 'Jaeger', hostPorts: [], process: { program: jaeger.programs[0]!, args: [] } },
      ],
      files: [],
      volumes: [],
      urls: [],
      data: [],
      endpoint: undefined,
    };
    await expect(
      createProcessRuntime({ ...ctx, env: { TRACEKIT_JAEGER_BIN: program } }, root, {}).up(d, { timeoutMs: 5000 }),
    ).rejects.toThrow(/Could not start jaeger/);
    expect(existsSync(path.join(stateDir(root), 'state.json'))).toBe(false);
    expect(existsSync(path.join(stateDir(root), 'jaeger.pid'))).toBe(false);
  });
});
