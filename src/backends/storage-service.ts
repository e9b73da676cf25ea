import type { ServicePlan } from './types.js';

/**
 * Storage services that run beside a backend in the compose file, never published on the host
 * (only the backend reaches them on the compose network). Images are pinned; each health check
 * uses what its image ships (curl in the Elastic and OpenSearch images, Zipkin's own
 * docker-healthcheck script in its storage images).
 */
export interface StorageService {
  service: ServicePlan;
  volume: string;
}

/** A storage service definition: never published on the host, restarted unless stopped. */
export function storageService(
  name: string,
  title: string,
  volume: string,
  compose: Record<string, unknown>,
): StorageService {
  return { volume, service: { name, title, hostPorts: [], compose: { restart: 'unless-stopped', ...compose } } };
}
