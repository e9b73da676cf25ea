// Processes the harness starts: each in its own process group (so its CPU and memory are the
// whole group's, forked workers included), pinned to CPUs with taskset where the machine has
// two or more, output to a log file; stop() ends the whole group.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const live = new Set();
// Last line of defence: the harness exiting (an error, Ctrl-C) still ends every group it started.
process.once('exit', () => {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

/**
 * The CPU sets: the service alone on CPU 0, the load generator, the downstream target and Jaeger
 * on the others. One CPU: nothing is pinned (and the report says so).
 */
export function cpuSets() {
  const n = os.availableParallelism();
  if (n < 2) return { pinned: false, service: undefined, others: undefined };
  return { pinned: true, service: '0', others: n === 2 ? '1' : `1-${n - 1}` };
}

async function answers(url) {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await r.body?.cancel();
    return r.ok;
  } catch {
    return false;
  }
}

/** Starts `command args` (under taskset when `cpus` is set) and waits until healthUrl answers 2xx. */
export async function startProcess({ name, command, args, cwd, env, cpus, healthUrl, logDir, timeoutMs = 60_000 }) {
  const logFile = path.join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const argv = cpus ? ['taskset', '-c', cpus, command, ...args] : [command, ...args];
  const child = spawn(argv[0], argv.slice(1), {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  let exited;
  child.once('exit', (code, sig) => {
    exited = `exited with ${code ?? sig}`;
  });
  child.once('error', (err) => {
    exited = `failed to start: ${err.message}`;
  });
  const tail = () => readFileSync(logFile, 'utf8').trim().split('\n').slice(-20).join('\n');
  const handle = {
    name,
    pid: child.pid,
    logFile,
    tail,
    async stop() {
      live.delete(child.pid);
      if (!child.pid || exited) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return; // the group is gone
      }
      for (let i = 0; i < 50 && groupPids(child.pid).length > 0; i++) await sleep(100);
      if (groupPids(child.pid).length > 0) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone meanwhile */
        }
      }
    },
  };
  if (child.pid) live.add(child.pid);
  const deadline = Date.now() + timeoutMs;
  while (!(healthUrl ? await answers(healthUrl) : true)) {
    if (exited) throw new Error(`${name} ${exited} before it was ready. Log:\n${tail()}`);
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`${name} was not ready within ${timeoutMs} ms. Log:\n${tail()}`);
    }
    await sleep(200);
  }
  return handle;
}

/** /proc/<pid>/stat's fields after the command name (which may hold spaces and parentheses). */
function statFields(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // exited between the listing and the read
  }
}

/** The live processes of a process group (taskset execs the command, so the group leader is it). */
export function groupPids(group) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(entry);
    if (f && Number(f[2]) === group) pids.push(Number(entry));
  }
  return pids;
}

const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

/**
 * CPU time the group has used, in µs: utime+stime of each live member plus cutime+cstime (its
 * reaped children, such as a worker that exited). Read before and after a window; the difference
 * is the window's CPU, whoever in the group spent it.
 */
export function groupCpuUs(group) {
  let ticks = 0;
  for (const pid of groupPids(group)) {
    const f = statFields(pid);
    // After the name: state(0) ppid(1) pgrp(2) ... utime(11) stime(12) cutime(13) cstime(14).
    if (f) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks * TICK_US;
}

/** Resident memory of the group in KiB (VmRSS summed over its live members). */
export function groupRssKiB(group) {
  let kib = 0;
  for (const pid of groupPids(group)) {
    try {
      const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kib += Number(m[1]);
    } catch {
      /* exited meanwhile */
    }
  }
  return kib;
}
