import type { FileChange } from '../fs/plan.js';
import { COMPOSE_FILE, renderComposeFile } from './compose-file.js';
import { endpointChange } from './record-endpoint.js';
import type { Deployment } from './types.js';

/**
 * Every file `backend up` writes, for the planner: the compose file (compose runtime), the
 * backend and Collector configs under the output folder, and the endpoint in tracekit.yaml.
 * All are stamped, so a file the user edited is a conflict, never overwritten silently.
 */
export async function backendFileChanges(root: string, d: Deployment): Promise<FileChange[]> {
  const dir = d.options.dir;
  const changes: FileChange[] = d.files.map((f) => ({
    path: `${dir}/${f.path}`,
    content: f.content,
    kind: 'generated',
    comment: '#',
  }));
  if (d.options.runtime === 'compose')
    changes.unshift({ path: `${dir}/${COMPOSE_FILE}`, content: renderComposeFile(d), kind: 'generated', comment: '#' });
  const config = await endpointChange(root, d);
  if (config) changes.push(config);
  return changes;
}
