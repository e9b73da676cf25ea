import { composeHealthcheck } from './network.js';
import type { ServicePlan } from './types.js';

/**
 * The Collector image is built FROM scratch (no shell, no curl, no wget) and Tempo's base
 * image changes between releases, so a health check cannot count on a tool inside them. A
 * one-shot service copies a statically linked busybox into a named volume that those
 * containers mount read-only; their health checks run `/healthcheck/busybox wget`.
 */
export const TOOLS_SERVICE = 'healthcheck-tools';
export const TOOLS_VOLUME = 'healthcheck-tools';

export const healthcheckToolsService: ServicePlan = {
  name: TOOLS_SERVICE,
  title: 'health check tools (one-shot)',
  hostPorts: [],
  oneShot: true,
  compose: {
    image: 'busybox:1.37.0-musl',
    command: ['cp', '/bin/busybox', '/healthcheck/busybox'],
    volumes: [`${TOOLS_VOLUME}:/healthcheck`],
  },
};

/** What a service that uses the tools adds to its compose definition. */
export function withHealthcheckTools(url: string): Record<string, unknown> {
  return {
    volumes: [`${TOOLS_VOLUME}:/healthcheck:ro`],
    healthcheck: composeHealthcheck(['/healthcheck/busybox', 'wget', '-q', '-O', '/dev/null', url]),
    depends_on: { [TOOLS_SERVICE]: { condition: 'service_completed_successfully' } },
  };
}
