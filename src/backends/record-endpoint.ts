import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { CONFIG_FILE, loadConfig, renderConfig } from '../config/load.js';
import type { AnyConfig, TracekitConfig } from '../config/schema.js';
import type { FileChange } from '../fs/plan.js';
import { isPristine } from '../fs/stamp.js';
import type { Deployment } from './types.js';

/** The tracekit.yaml fields `backend up` owns, so `init` and `doctor` find the same backend. */
function updatedFields(config: AnyConfig, d: Deployment): [string[], unknown][] {
  const o = d.options;
  const fields: [string[], unknown][] = [
    [['backend'], o.backend],
    [['collector'], o.collector],
    [['runtime'], o.runtime],
  ];
  // Where SDKs with a jaeger_remote sampler ask (init writes it into their setup); none removes it.
  const s = o.sampling;
  fields.push([
    ['remote_sampling'],
    s && {
      mode: s.mode,
      ...(s.mode === 'adaptive' ? { target_tps: s.targetTps } : {}),
      endpoint: `http://localhost:${o.ports.sampling}`,
    },
  ]);
  // Zipkin without a Collector takes no OTLP: the exporter endpoint is left as the user set it.
  if (d.endpoint)
    fields.push([['exporter', 'endpoint'], config.exporter.protocol === 'grpc' ? d.endpoint.grpc : d.endpoint.http]);
  return fields;
}

/**
 * The change to tracekit.yaml, or undefined when the project has none yet (`init` writes it).
 * Untouched tracekit output is rendered again; a file the user edited is changed in place,
 * field by field, so their comments and layout survive.
 */
export async function endpointChange(root: string, d: Deployment): Promise<FileChange | undefined> {
  const config = await loadConfig(root);
  if (!config) return undefined;
  const fields = updatedFields(config, d);
  const text = await readFile(path.join(root, CONFIG_FILE), 'utf8');
  if (isPristine(text)) {
    const next = structuredClone(config) as Record<string, unknown>;
    for (const [keys, value] of fields) {
      let at = next;
      for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
      if (value === undefined) delete at[keys.at(-1)!];
      else at[keys.at(-1)!] = value;
    }
    return { path: CONFIG_FILE, content: renderConfig(next as TracekitConfig), kind: 'generated', comment: '#' };
  }
  const doc = parseDocument(text);
  for (const [keys, value] of fields) {
    if (value !== undefined) doc.setIn(keys, value);
    else if (doc.hasIn(keys)) doc.deleteIn(keys);
  }
  return { path: CONFIG_FILE, content: doc.toString({ lineWidth: 0 }), kind: 'edit' };
}
