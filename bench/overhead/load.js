// The load generator: wrk 4.1 from the distribution's packages (Debian's `wrk`; installed by
// scripts/setup-test-env.sh). Chosen over autocannon because wrk is C with an event loop per
// thread: one thread on the load CPU drives 32 connections with little CPU of its own, where a
// Node load generator would compete with the Node service's own runtime costs. post.lua sends
// the JSON body and prints the summary as one JSON line.
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';

const SCRIPT = path.join(import.meta.dirname, 'post.lua');

/** Runs wrk against url for `seconds` with `connections`, pinned to `cpus`; returns its summary. */
export function runWrk({ url, seconds, connections, cpus }) {
  const wrk = ['wrk', '-t1', `-c${connections}`, `-d${Math.round(seconds)}s`, '--timeout', '10s', '-s', SCRIPT, url];
  const argv = cpus ? ['taskset', '-c', cpus, ...wrk] : wrk;
  return new Promise((resolve, reject) => {
    execFile(argv[0], argv.slice(1), { timeout: (seconds + 30) * 1000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`wrk failed: ${err.message}\n${stderr}`));
      const m = /^WRK_JSON (.*)$/m.exec(stdout);
      if (!m) return reject(new Error(`wrk printed no summary:\n${stdout}\n${stderr}`));
      const s = JSON.parse(m[1]);
      const errors = s.connectErrors + s.readErrors + s.writeErrors + s.timeouts + s.non2xx;
      resolve({ ...s, errors, rps: s.requests / (s.durationUs / 1e6) });
    });
  });
}

/** Whether wrk is on PATH (`wrk --version` prints its usage and exits 1). */
export function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch (err) {
    return err.code !== 'ENOENT';
  }
}
