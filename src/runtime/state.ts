import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackendUrl } from '../backends/spec.js';
import { TracekitError } from '../errors.js';

/** The process runtime's records: where each service logs, its pid, and how to check it. */
export interface ProcessRecord {
  name: string;
  pid: number;
  /** The program path, compared with /proc/<pid>/cmdline so a reused pid is never signalled. */
  program: string;
  healthUrl?: string;
  log: string;
}

export interface ProcessState {
  version: 1;
  services: ProcessRecord[];
  urls: BackendUrl[];
}

/** State folder of the process runtime, inside the project (add .tracekit/ to .gitignore). */
export const stateDir = (root: string) => path.join(root, '.tracekit', 'backend');
const stateFile = (root: string) => path.join(stateDir(root), 'state.json');

export async function readState(root: string): Promise<ProcessState | undefined> {
  let text: string;
  try {
    text = await readFile(stateFile(root), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as ProcessState;
  } catch (err) {
    throw new TracekitError(`${stateFile(root)} is not valid JSON.`, { hint: 'Stop the processes listed in .tracekit/backend/*.pid by hand, then delete the folder.', cause: err });
  }
}

/** Writes state.json and a <name>.pid file per service (for humans and scripts). */
export async function writeState(root: string, state: ProcessState): Promise<void> {
  await mkdir(stateDir(root), { recursive: true });
  for (const s of state.services) await writeFile(path.join(stateDir(root), `${s.name}.pid`), `${s.pid}\n`);
  await writeFile(stateFile(root), JSON.stringify(state, null, 2));
}

/** Forgets the processes (logs stay for reading). */
export async function clearState(root: string, state: ProcessState): Promise<void> {
  for (const s of state.services) await rm(path.join(stateDir(root), `${s.name}.pid`), { force: true });
  await rm(stateFile(root), { force: true });
}
