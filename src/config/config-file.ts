import { stat } from 'node:fs/promises';
import path from 'node:path';

export const CONFIG_FILE = 'tracekit.yaml';

/**
 * Whether dir holds a tracekit.yaml, without reading it: reading validates, which loads yaml and
 * zod, and a command that runs without one (doctor with flags) need not pay for them. Anything
 * but "not there" counts as there, so the reader reports it.
 */
export async function hasConfigFile(dir: string): Promise<boolean> {
  try {
    await stat(path.join(dir, CONFIG_FILE));
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
