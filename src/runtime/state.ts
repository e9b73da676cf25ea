import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackendUrl } from '../backends/types.js';
import { messageOf, TracekitError } from '../errors.js';

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

/** A pid we may signal: a positive integer above 1 (0, -1 and 1 address groups, everything, or init). */
export const isSignallablePid = (pid: unknown): pid is number => Number.isInteger(pid) && (pid as number) > 1;

/** The state of the last process `up`, or undefined when there is none (no state.json). */
export async function readState(root: string): Promise<ProcessState | undefined> {
  const file = stateFile(root);
  const broken = (why: string, cause?: unknown) =>
    new TracekitError(`${file} ${why}.`, {
      hint:
        `Stop the processes listed in ${path.join(stateDir(root), '*.pid')} by hand if they still run, ` +
        `then delete ${file}.`,
      cause,
    });
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TracekitError(`Cannot read ${file}: ${messageOf(err)}.`, {
      hint: 'Check the permissions of the .tracekit folder (run as the user who ran `backend up`).',
      cause: err,
    });
  }
  let state: ProcessState;
  try {
    state = JSON.parse(text) as ProcessState;
  } catch (err) {
    throw broken('is not valid JSON', err);
  }
  if (!Array.isArray(state?.services) || !Array.isArray(state.urls)) throw broken('is not a tracekit process state');
  const bad = state.services.find((s) => !isSignallablePid(s?.pid) || typeof s.program !== 'string');
  if (bad)
    throw broken(
      `records ${JSON.stringify(bad?.name ?? '?')} with pid ${JSON.stringify(bad?.pid)}, ` +
        'which is not a process tracekit started',
    );
  return state;
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
