import type { BackendOptions, RuntimeKind } from './types.js';

/**
 * Where services listen and how they reach each other. In compose each container listens on
 * its image's usual port on 0.0.0.0 and peers are found by service name; published host
 * ports bind 127.0.0.1 unless --public. As processes, every listener binds a host port
 * directly (127.0.0.1 unless --public) and peers are on 127.0.0.1.
 */
export interface Network {
  runtime: RuntimeKind;
  listenHost: string;
  /** The port a service listens on: the image's port in a container, the host port as a process. */
  listenPort(containerPort: number, hostPort: number): number;
  /** host:port another service uses to reach `service`. */
  peer(service: string, containerPort: number, hostPort: number): string;
  /** A compose `ports:` entry. */
  publish(hostPort: number, containerPort: number): string;
  /** Base URL the user (and tracekit) reaches a host port at. */
  hostUrl(hostPort: number): string;
}

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
