import { stringify } from 'yaml';
import type { Deployment } from './types.js';

/** Fixed compose project name, so up, down and status always address the same containers. */
export const COMPOSE_PROJECT = 'tracekit';
export const COMPOSE_FILE = 'compose.yaml';

/**
 * The compose file is built as data and serialised by the YAML library (not a template):
 * its shape comes from the backend specs, and no value can break the document's structure.
 */
export function renderComposeFile(d: Deployment): string {
  const services: Record<string, unknown> = {};
  for (const s of d.services) if (s.compose) services[s.name] = s.compose;
  const doc: Record<string, unknown> = { name: COMPOSE_PROJECT, services };
  if (d.volumes.length) doc.volumes = Object.fromEntries(d.volumes.map((v) => [v, {}]));
  const o = d.options;
  const header = [
    `# Tracing backend written by \`tracekit backend up --${o.backend}${o.collector ? ' --collector' : ''}\`.`,
    `# Run it without tracekit: docker compose -f ${o.dir}/${COMPOSE_FILE} up -d --wait`,
    `# Ports bind ${o.public ? 'every interface (--public)' : '127.0.0.1 only'}; ` +
      'data lives in named volumes (docker compose down keeps them).',
  ];
  return `${header.join('\n')}\n${stringify(doc, { lineWidth: 0 })}`;
}
