import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderComposeFile } from '../../../src/backends/compose-file.js';
import type { BackendFlags } from '../../../src/backends/options.js';
import { BACKENDS } from '../../../src/backends/registry.js';
import { deploymentFor } from './matrix.js';

interface Service {
  image?: string;
  ports?: string[];
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: unknown;
}

const combos: { title: string; flags: BackendFlags }[] = [];
for (const { id: backend, storages } of BACKENDS) {
  for (const storage of storages) {
    for (const extra of [
      {},
      { collector: true },
      { collector: true, replicas: '2', cloud: 'gcp' },
      { public: true },
    ] as BackendFlags[]) {
      combos.push({
        title: `${backend} storage=${storage} ${JSON.stringify(extra)}`,
        flags: { backend, storage, ...extra },
      });
    }
  }
}

describe('generated compose files, checked structurally', () => {
  for (const c of combos) {
    it(c.title, async () => {
      const d = await deploymentFor(c.flags);
      const doc = parse(renderComposeFile(d)) as {
        name: string;
        services: Record<string, Service>;
        volumes?: Record<string, unknown>;
      };
      expect(doc.name).toBe('tracekit');
      const generated = new Set(d.files.map((f) => f.path));
      for (const [name, s] of Object.entries(doc.services)) {
        // A pinned tag on every image, never latest.
        expect(s.image, name).toMatch(/^[a-z0-9./-]+:[0-9][\w.-]*$/);
        for (const p of s.ports ?? [])
          expect(p, `${name} port`).toMatch(c.flags.public ? /^0\.0\.0\.0:\d+:\d+$/ : /^127\.0\.0\.1:\d+:\d+$/);
        const oneShot = !s.healthcheck;
        if (oneShot) {
          // Only the tools copier runs once; everything that needs it waits for it to finish.
          expect(name).toBe('healthcheck-tools');
        } else {
          expect(s.healthcheck!.test[0]).toBe('CMD');
        }
        for (const [dep, cond] of Object.entries(s.depends_on ?? {})) {
          expect(Object.keys(doc.services)).toContain(dep);
          expect(cond.condition).toBe(
            doc.services[dep]!.healthcheck ? 'service_healthy' : 'service_completed_successfully',
          );
        }
        for (const v of s.volumes ?? []) {
          const source = v.split(':')[0]!;
          if (source.startsWith('./'))
            expect(generated, `${name} mounts ${source}`).toContain(
              source.slice(2).replace(/\/provisioning$/, '/provisioning/datasources/tempo.yaml'),
            );
          else if (!source.startsWith('$'))
            expect(Object.keys(doc.volumes ?? {}), `${name} volume ${source}`).toContain(source);
        }
      }
      // Persistent storage lives in named volumes.
      if (!['memory', 'mem'].includes(c.flags.storage!))
        expect(Object.keys(doc.volumes ?? {}).length).toBeGreaterThan(0);
    });
  }
});
