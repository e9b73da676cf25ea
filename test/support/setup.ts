import { afterAll } from 'vitest';
import { stopAllProcesses } from './processes.js';

// Registered for every test file (vitest setupFiles): whatever a file started, it stops.
afterAll(async () => {
  await stopAllProcesses();
}, 30_000);
