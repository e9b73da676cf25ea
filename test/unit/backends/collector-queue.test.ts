import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderComposeFile } from '../../../src/backends/compose-file.js';
import { deploymentFor } from './matrix.js';

type Doc = {
  extensions: Record<string, { directory?: string }>;
  exporters: Record<string, { sending_queue?: { storage?: string }; retry_on_failure?: { max_elapsed_time?: number } }>;
  service: { extensions: string[] };
};
const configOf = async (flags: Parameters<typeof deploymentFor>[0]) => {
  const d = await deploymentFor(flags);
  return { d, doc: parse(d.files.find((f) => f.path === 'collector/config.yaml')!.content) as Doc };
};

/** The Collector keeps spans for an absent backend on disk and retries until it is back. */
describe('the Collector sending queue', () => {
  it('as a process: on disk in the output folder, kept out of git, retried without end', async () => {
    const { d, doc } = await configOf({ named: ['jaeger'], collector: true, runtime: 'process' });
    expect(doc.extensions['file_storage/queue']?.directory).toBe('tracing/collector/queue');
    expect(doc.service.extensions).toContain('file_storage/queue');
    expect(doc.exporters['otlp_grpc/backend']?.sending_queue?.storage).toBe('file_storage/queue');
    expect(doc.exporters['otlp_grpc/backend']?.retry_on_failure?.max_elapsed_time).toBe(0);
    expect(d.files.find((f) => f.path === 'collector/.gitignore')?.content).toBe('queue/\n');
    expect(d.data).toContainEqual({
      service: 'collector',
      where: 'sending queue in tracing/collector/queue, kept across restarts',
      path: 'tracing/collector/queue',
    });
  });

  it('with compose: in a named volume mounted where the config says', async () => {
    const { d, doc } = await configOf({ named: ['zipkin'] });
    expect(doc.exporters.zipkin?.sending_queue?.storage).toBe('file_storage/queue');
    const compose = parse(renderComposeFile(d)) as { services: { collector: { volumes: string[] } } };
    expect(compose.services.collector.volumes).toContain(
      `collector-queue:${doc.extensions['file_storage/queue']?.directory}`,
    );
  });

  it('with replicas: in memory (replicas would share one folder), and status says so', async () => {
    const { d, doc } = await configOf({ named: ['jaeger'], replicas: '3' });
    expect(doc.extensions['file_storage/queue']).toBeUndefined();
    expect(doc.exporters['otlp_grpc/backend']?.sending_queue?.storage).toBeUndefined();
    expect(d.data.find((n) => n.service === 'collector')?.where).toMatch(/in memory/);
  });
});
