import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DataNote } from './types.js';

/** Where a service keeps its data and, for a folder, how many bytes it holds now. */
export interface DataUsage {
  service: string;
  where: string;
  bytes?: number;
}

/**
 * Bytes on disk under a folder (allocated blocks, as du counts them: badger preallocates sparse
 * files whose apparent size is gigabytes); links not followed; 0 when it does not exist yet.
 */
async function folderBytes(dir: string): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let total = 0;
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) total += await folderBytes(full);
    else if (e.isFile()) total += (await lstat(full)).blocks * 512;
  }
  return total;
}

/** The data notes a deployment recorded, with the size of each folder (paths are relative to root). */
export async function dataUsage(root: string, notes: DataNote[]): Promise<DataUsage[]> {
  return Promise.all(
    notes.map(async (n) => ({
      service: n.service,
      where: n.where,
      ...(n.path ? { bytes: await folderBytes(path.join(root, n.path)) } : {}),
    })),
  );
}

/** 1536 → "1.5 KB", for status lines. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
