import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp-tree.js';

/** A server the tests started; stop() always ends it and its children. */
export interface RunningProcess {
  name: string;
  pid: number;
  logFile: string;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

const running = new Set<RunningProcess>();
// Last line of defence: a worker that exits without its afterAll still kills what it started.
process.once('exit', () => {
  // pid -1 (spawn failed) must never be signalled: kill(-(-1)) would reach PID 1.
  for (const p of running)
    if (p.pid > 1)
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
});

/**
 * Stops every process this test file started and has not stopped. test/support/setup.ts
 * calls it after each file, so a beforeAll that fails half-way (one backend up, the next
 * not) still leaves nothing running.
 */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Polled until it answers 2xx. */
  healthUrl?: string;
  /** Or: a custom readiness probe. */
  ready?: () => Promise<boolean>;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until no process of the group is left (signal 0 fails), or ms pass. */
async function groupGone(group: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      process.kill(group, 0);
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await r.body?.cancel();
    return r.ok;
  } catch {
    return false;
  }
}

/** Starts a process in its own process group with output to a log file, and waits until ready. */
export async function startProcess(o: StartOptions): Promise<RunningProcess> {
  const logDir = tempDir(`tracekit-${o.name}-`);
  const logFile = path.join(logDir, 'output.log');
  const fd = openSync(logFile, 'a');
  const child: ChildProcess = spawn(o.command, o.args, {
    cwd: o.cwd,
    env: { ...process.env, ...o.env },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  let exited: string | undefined;
  child.once('exit', (code, sig) => {
    exited = `exited with ${code ?? sig}`;
  });
  child.once('error', (err) => {
    exited = `failed to start: ${err.message}`;
  });
  const logTail = (lines = 30) => {
    try {
      return readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  const handle: RunningProcess = {
    name: o.name,
    pid: child.pid ?? -1,
    logFile,
    logTail,
    async stop() {
      running.delete(handle);
      if (child.pid === undefined) return; // never started: nothing to signal
      const group = -child.pid;
      if (!exited) {
        try {
          process.kill(group, 'SIGTERM');
        } catch {
          /* the group is gone */
        }
      }
      // Wait for the whole group, not just its leader: `npm start` exits at once while the
      // service under it is still flushing spans; workers may outlive a crashed master.
      if (!(await groupGone(group, 5000))) {
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          /* the group is gone */
        }
        await groupGone(group, 2000);
      }
    },
  };
  running.add(handle);
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  const probe = o.ready ?? (o.healthUrl ? () => answers(o.healthUrl!) : async () => true);
  while (!(await probe())) {
    if (exited) {
      running.delete(handle);
      throw new Error(`${o.name} ${exited} before it was ready. Log:\n${logTail()}`);
    }
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`${o.name} was not ready within ${o.timeoutMs ?? 60_000} ms. Log:\n${logTail()}`);
    }
    await sleep(200);
  }
  return handle;
}
