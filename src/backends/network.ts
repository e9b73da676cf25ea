import type { BackendOptions, Network } from './types.js';

/** The network for a set of options. */
export function networkFor(o: Pick<BackendOptions, 'runtime' | 'public'>): Network {
  const bindHost = o.public ? '0.0.0.0' : '127.0.0.1';
  const compose = o.runtime === 'compose';
  return {
    runtime: o.runtime,
    listenHost: compose ? '0.0.0.0' : bindHost,
    listenPort: (container, host) => (compose ? container : host),
    peer: (service, container, host) => (compose ? `${service}:${container}` : `127.0.0.1:${host}`),
    publish: (host, container) => `${bindHost}:${host}:${container}`,
    hostUrl: (host) => `http://localhost:${host}`,
  };
}

/** A compose health check: the command runs inside the container, so it must exist in the image. */
export function composeHealthcheck(test: string[], startPeriod = '20s'): Record<string, unknown> {
  return { test: ['CMD', ...test], interval: '5s', timeout: '3s', retries: 30, start_period: startPeriod };
}

/** Health check with busybox wget, for images built on Alpine (Jaeger, Tempo, Grafana). */
export const wgetHealthcheck = (url: string, startPeriod?: string) =>
  composeHealthcheck(['wget', '-q', '-O', '/dev/null', url], startPeriod);
