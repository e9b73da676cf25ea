import { afterAll } from 'vitest';
import { stopAllProcesses } from './processes.js';
import { removeTempDirs } from './temp-tree.js';

// Registered for every test file (vitest setupFiles): whatever a file started, it stops,
// then the temp folders it made (copied services, venvs, configs, logs) are removed.
afterAll(async () => {
  await stopAllProcesses();
  removeTempDirs();
}, 30_000);
