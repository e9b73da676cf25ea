import { UsageError } from '../errors.js';
import { jaeger } from './jaeger/index.js';
import { tempo } from './tempo/index.js';
import type { BackendSpec } from './types.js';
import { zipkin } from './zipkin/index.js';

/**
 * Every backend tracekit can write, run and query, in the order help text lists them (the first
 * is the default). A new backend is a folder with its BackendSpec and one entry here; CLI choices,
 * tracekit.yaml validation and doctor's lookups are derived from this array when they are used.
 */
export const BACKENDS: BackendSpec[] = [jaeger, zipkin, tempo];

/** The ids of every registered backend. */
export const backendIds = (): string[] => BACKENDS.map((b) => b.id);

/** The backend with this id, or undefined. */
export const findBackend = (id: string): BackendSpec | undefined => BACKENDS.find((b) => b.id === id);

/** The backend with this id; an unknown id is a usage error naming the known ones. */
export function backendById(id: string): BackendSpec {
  const spec = findBackend(id);
  if (!spec) {
    throw new UsageError(
      `Unknown backend "${id}".`,
      `Choose one of ${backendIds()
        .map((b) => `--${b}`)
        .join(', ')}.`,
    );
  }
  return spec;
}
