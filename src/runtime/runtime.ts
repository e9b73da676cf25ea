import type { Deployment, RuntimeKind } from '../backends/types.js';

/** One service as `status` reports it. */
export interface ServiceStatus {
  name: string;
  state: string;
  health: 'healthy' | 'unhealthy' | 'starting' | 'none';
  pid?: number;
  /** Host ports it publishes (compose). */
  ports?: number[];
}

/** Compose and process runtimes answer the same three verbs. */
export interface Runtime {
  kind: RuntimeKind;
  /**
   * Checks what `up` needs (programs or a container engine, free ports) before any file is
   * written; throws TracekitError naming what is missing and how to get it.
   */
  preflight(d: Deployment): Promise<void>;
  /** Starts the deployment and waits until every service is healthy; a running deployment is left as is. */
  up(d: Deployment, opts: { timeoutMs: number }): Promise<'started' | 'already-running'>;
  /** Stops everything; data survives unless `volumes`. Returns the names stopped. */
  down(opts: { volumes: boolean }): Promise<string[]>;
  status(): Promise<ServiceStatus[]>;
}
