import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SamplingMode } from '../config/choices.js';
import { readTextIfExists } from '../fs/read-text.js';
import { stateDir } from '../runtime/state.js';
import type { DataNote, Deployment, OtlpEndpoints, PortMap, RuntimeKind } from './types.js';

/**
 * What `backend up` set up here, for doctor: which backend, on which host ports, behind a
 * Collector or not. Ports moved with --port live only here and in the generated files, so doctor
 * reads this instead of assuming the well-known ports. Local state, next to the process runtime's.
 */
export interface DeploymentRecord {
  version: 1;
  backend: string;
  runtime: RuntimeKind;
  collector: boolean;
  ports: PortMap;
  endpoint?: OtlpEndpoints;
  /** Where each service keeps what it stores. */
  data: DataNote[];
  /** Remote sampling (`up --sampling`): the mode and where SDKs and doctor ask for strategies. */
  sampling?: { mode: SamplingMode; targetTps?: number; endpoint: string };
}

export const recordFile = (root: string) => path.join(stateDir(root), 'deployment.json');

/** Writes the record atomically (a temp file renamed over the old one). */
export async function writeDeploymentRecord(root: string, d: Deployment): Promise<void> {
  const o = d.options;
  const record: DeploymentRecord = {
    version: 1,
    backend: o.backend,
    runtime: o.runtime,
    collector: o.collector,
    ports: o.ports,
    data: d.data,
    ...(d.endpoint ? { endpoint: d.endpoint } : {}),
    ...(o.sampling
      ? {
          sampling: {
            mode: o.sampling.mode,
            ...(o.sampling.mode === 'adaptive' ? { targetTps: o.sampling.targetTps } : {}),
            endpoint: `http://127.0.0.1:${o.ports.sampling}`,
          },
        }
      : {}),
  };
  const file = recordFile(root);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

/** The record, or undefined when `backend up` never ran here; a record that does not parse is an error. */
export async function readDeploymentRecord(root: string): Promise<DeploymentRecord | { error: string } | undefined> {
  const file = recordFile(root);
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  try {
    const record = JSON.parse(text) as DeploymentRecord;
    if (record?.version !== 1 || typeof record.backend !== 'string' || typeof record.ports !== 'object') {
      return { error: `${file} is not a record tracekit wrote` };
    }
    return record;
  } catch (err) {
    return { error: `${file} is not valid JSON: ${(err as Error).message}` };
  }
}
