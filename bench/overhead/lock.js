// Holding a flock(1) lock while measuring: other work that takes the same lock (this project's
// e2e tests on a shared machine) waits, so the rounds compete less for the CPUs. flock runs
// `cat`, which keeps the lock until the harness closes its stdin.
import { spawn } from 'node:child_process';

/** Waits for the lock on `file`; resolves with release(). No file: a no-op lock. */
export function acquireLock(file) {
  if (!file) return Promise.resolve(() => {});
  return new Promise((resolve, reject) => {
    const child = spawn('flock', [file, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child.once('error', reject);
    // A harness that exits while still waiting must not leave flock queued for the lock.
    process.once('exit', () => child.kill());
    child.stdout.once('data', () => resolve(() => child.stdin.end()));
    child.once('exit', (code) => reject(new Error(`flock ${file} exited with ${code} before locking`)));
  });
}
