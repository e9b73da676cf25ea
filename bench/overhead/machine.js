// What the results file says about where and from what they came: the CPU, cores, load average
// (other work on a shared machine moves absolute numbers more than ratios measured together),
// the runtimes, wrk, and the tracekit commit whose built CLI generated the setups.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function output(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', timeout: 10_000, cwd: ROOT, stdio: 'pipe' }).trim();
  } catch (err) {
    // wrk prints its version, then its usage, and exits 1: what it printed still names it.
    if (err.stdout?.trim()) return err.stdout.trim();
    return `unavailable (${err.message.split('\n')[0]})`;
  }
}

/** The tracekit commit, and the generating files (src, templates, go-tools) changed since it. */
export function tracekitSource() {
  const commit = output('git', ['rev-parse', 'HEAD']);
  const changed = output('git', ['status', '--porcelain', '--', 'src', 'templates', 'go-tools']);
  return { commit, uncommittedGeneratorChanges: changed ? changed.split('\n') : [] };
}

/** The machine's description; `loadAverage` is read when called (call it before and after). */
export function describeMachine(cpus) {
  return {
    cpu: os.cpus()[0]?.model,
    cores: os.availableParallelism(),
    pinning: cpus.pinned ? { service: cpus.service, loadGeneratorJaegerDownstream: cpus.others } : 'none (one CPU)',
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
    node: process.version,
    python: output('python3', ['--version']),
    go: output('go', ['version']),
    wrk: output('wrk', ['--version']).split('\n')[0],
  };
}
