import { type FileChange, targetPath } from '../fs/plan.js';
import { readTextIfExists } from '../fs/read-text.js';
import { COMPOSE_FILE, renderComposeFile } from './compose-file.js';
import { endpointChange } from './record-endpoint.js';
import type { Deployment } from './types.js';

/**
 * Every file `backend up` writes, for the planner: the compose file (compose runtime), the
 * backend and Collector configs under the output folder, and the endpoint in tracekit.yaml.
 * All are stamped, so a file the user edited is a conflict, never overwritten silently; a seed
 * (JSON has no comments to stamp) is written once and then belongs to the user.
 */
export async function backendFileChanges(root: string, d: Deployment, force = false): Promise<FileChange[]> {
  const dir = d.options.dir;
  const changes: FileChange[] = [];
  for (const f of d.files) {
    const rel = `${dir}/${f.path}`;
    if (f.seed) {
      // The user's copy stays theirs: checked, never replaced without --force.
      const existing = force ? undefined : await readTextIfExists(targetPath(root, rel));
      if (existing !== undefined) {
        await f.seed(existing, rel);
        continue;
      }
      changes.push({ path: rel, content: f.content, kind: 'generated' });
      continue;
    }
    changes.push({ path: rel, content: f.content, kind: 'generated', comment: '#' });
  }
  if (d.options.runtime === 'compose')
    changes.unshift({ path: `${dir}/${COMPOSE_FILE}`, content: renderComposeFile(d), kind: 'generated', comment: '#' });
  const config = await endpointChange(root, d);
  if (config) changes.push(config);
  return changes;
}
