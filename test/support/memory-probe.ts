import path from 'node:path';
import type { DirEntry, Probe } from '../../src/project/probe.js';

/**
 * A Probe over files held in memory, rooted at a folder that does not exist: whatever reads
 * the service through it cannot be reading the disk. Every read is recorded in `reads`.
 */
export function memoryProbe(files: Record<string, string>): Probe & { reads: string[] } {
  const root = path.join(path.sep, 'nowhere', 'tracekit-memory-probe');
  const reads: string[] = [];
  const children = (dir: string): DirEntry[] => {
    const prefix = dir === '.' ? '' : `${dir}/`;
    const names = new Map<string, boolean>();
    for (const f of Object.keys(files).filter((f) => f.startsWith(prefix))) {
      const [name, ...rest] = f.slice(prefix.length).split('/');
      names.set(name!, names.get(name!) === true || rest.length > 0);
    }
    return [...names].map(([name, isDirectory]) => ({ name, isDirectory }));
  };
  const entries = new Set(children('.').map((e) => e.name));
  const fileSet = new Set(children('.').map((e) => e.name));
  for (const sub of ['src', 'app']) for (const e of children(sub)) fileSet.add(`${sub}/${e.name}`);
  return {
    root,
    entries,
    files: fileSet,
    reads,
    read: async (rel) => {
      reads.push(rel);
      return files[rel];
    },
    list: async (rel) => children(rel),
  };
}
