import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh temp folder holding these files (nested paths allowed). Objects are written as
 * pretty JSON, the way a package.json looks on disk.
 */
export function writeTree(files: Record<string, string | object>, prefix = 'tk-tree-'): string {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n');
  }
  return root;
}
