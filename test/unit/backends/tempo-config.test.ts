import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderComposeFile } from '../../../src/backends/compose-file.js';
import { deploymentFor } from './matrix.js';

/**
 * Tempo is AGPL: it is never installed or built here. The generated tempo.yaml is checked
 * against the fields that the current release documents in its configuration manifest
 * (grafana/tempo docs/sources/tempo/configuration/manifest.md, the 3.x line with
 * backend_scheduler/backend_worker/live_store), and against the sections 3.0 removed.
 */
const DOCUMENTED = new Set([
  'stream_over_http_enabled',
  'server.http_listen_port',
  'server.grpc_listen_port',
  'server.log_level',
  'distributor.receivers.otlp.protocols.grpc.endpoint',
  'distributor.receivers.otlp.protocols.http.endpoint',
  'backend_worker.compaction.block_retention',
  'storage.trace.backend',
  'storage.trace.wal.path',
  'storage.trace.local.path',
]);
const REMOVED_IN_3 = ['ingester', 'ingester_client', 'compactor', 'metrics_generator_client'];

function leafPaths(v: unknown, prefix = ''): string[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [prefix];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => leafPaths(x, prefix ? `${prefix}.${k}` : k));
}

describe('Tempo configuration against the current release documentation', () => {
  it('tempo.yaml uses only documented fields, binds receivers explicitly, stores locally with retention', async () => {
    const d = await deploymentFor({ backend: 'tempo' });
    // biome-ignore lint/suspicious/noExplicitAny: a parsed YAML tree, read by path
    const tempo = parse(d.files.find((f) => f.path === 'tempo/tempo.yaml')!.content) as Record<string, any>;
    for (const p of leafPaths(tempo)) expect(DOCUMENTED, p).toContain(p);
    for (const s of REMOVED_IN_3) expect(tempo[s], s).toBeUndefined();
    expect(tempo.stream_over_http_enabled).toBe(true);
    expect(tempo.distributor.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(tempo.distributor.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    expect(tempo.storage.trace.backend).toBe('local');
    expect(tempo.backend_worker.compaction.block_retention).toMatch(/^\d+h$/);
  });

  it('Grafana gets a provisioned Tempo data source and no anonymous admin', async () => {
    const d = await deploymentFor({ backend: 'tempo' });
    const ds = parse(d.files.find((f) => f.path === 'grafana/provisioning/datasources/tempo.yaml')!.content) as {
      apiVersion: number;
      datasources: Record<string, unknown>[];
    };
    expect(ds.apiVersion).toBe(1);
    expect(ds.datasources[0]).toMatchObject({
      type: 'tempo',
      url: 'http://tempo:3200',
      access: 'proxy',
      isDefault: true,
    });
    const compose = parse(renderComposeFile(d)) as {
      services: Record<string, { environment: Record<string, string>; volumes: string[] }>;
    };
    const env = compose.services.grafana!.environment;
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(env.GF_AUTH_ANONYMOUS_ORG_ROLE).toBeUndefined();
    // The admin password is taken from the environment when compose starts, never written.
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?/);
    expect(compose.services.grafana!.volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
  });

  it('behind a Collector, Tempo publishes no OTLP port (spans go through the Collector)', async () => {
    const d = await deploymentFor({ backend: 'tempo', collector: true });
    const compose = parse(renderComposeFile(d)) as { services: Record<string, { ports?: string[] }> };
    expect(compose.services.tempo!.ports).toEqual(['127.0.0.1:3200:3200']);
    expect(compose.services.collector!.ports).toContain('127.0.0.1:4317:4317');
  });
});
