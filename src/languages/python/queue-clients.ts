import type { Probe } from '../../project/probe.js';
import type { PythonManifests } from './manifests.js';
import { packageDeclarations } from './sqlalchemy-check.js';
import { type Release, rangeFrom } from './version-spec.js';
import { CONTRIB_VERSION } from './versions.js';

/**
 * The client versions the pinned messaging instrumentations declare they instrument (their
 * `_instruments` at 0.66b1). Outside that range the instrumentor refuses to patch with only a
 * log line, so init warns about a manifest that can only install such a version.
 */
const SUPPORTED: { lib: string; from: Release; below?: Release }[] = [
  { lib: 'confluent-kafka', from: [1, 8, 2], below: [3] },
  { lib: 'kafka-python', from: [2, 0], below: [4] },
  { lib: 'pika', from: [0, 12] },
  { lib: 'aio-pika', from: [7, 2], below: [11] },
];

const text = (r: Release) => r.join('.');

/** Warnings for detected queue clients whose declared versions the pinned instrumentations cannot trace. */
export async function queueClientWarnings(p: Probe, m: PythonManifests, libraries: string[]): Promise<string[]> {
  const warnings: string[] = [];
  for (const s of SUPPORTED.filter((c) => libraries.includes(c.lib))) {
    const decls = await packageDeclarations(p, m, s.lib);
    const clauses = decls.flatMap((d) => d.clauses);
    const older = !rangeFrom(clauses, s.from).allowed;
    const newer = s.below !== undefined && rangeFrom(clauses, s.below).required;
    if (!older && !newer) continue;
    const supported = `>=${text(s.from)}${s.below ? `, <${text(s.below)}` : ''}`;
    const asked = decls.map((d) => `${d.file}: \`${d.text}\``).join(', ');
    warnings.push(
      `${asked} allows only ${s.lib} releases ${older ? 'older' : 'newer'} than ` +
        `opentelemetry-instrumentation-${s.lib} ${CONTRIB_VERSION} supports (${supported}): ` +
        `it would patch nothing and the ${s.lib} calls would not be traced. Move ${s.lib} into that range.`,
    );
  }
  return warnings;
}
