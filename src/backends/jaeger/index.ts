import { wgetHealthcheck } from '../network.js';
import { type BackendSpec, configPath, entryOtlp, type ProgramSpec, type ServicePlan } from '../types.js';
import { STRATEGIES_FILE } from './default-strategies.js';
import { jaegerQuery } from './query.js';
import { STRATEGIES_MOUNT, samplingTemplateData, strategiesSeed } from './sampling.js';
import { jaegerElasticsearch, jaegerOpensearch } from './storage.js';

/** Jaeger v2 2.13 (Go module v1.76.0, the release the tests run); Alpine-based, so busybox wget is there. */
export const JAEGER_IMAGE = 'jaegertracing/jaeger:2.13.0';
/** Jaeger's own ports: in its container, and by default on the host. */
const C = { otlpGrpc: 4317, otlpHttp: 4318, ui: 16686, queryGrpc: 16685, health: 13133, sampling: 5778 };
const HEALTH_PATH = '/status';
/** Badger's folder inside the output folder, for the process runtime. */
const BADGER_DIR = 'jaeger/data';

const badgerDirs = (dir: string) => ({ keys: `${dir}/keys`, values: `${dir}/values` });

/** Where Jaeger keeps traces, for `backend status`. */
function dataNote(storage: string, runtime: string, badgerPath: string): { where: string; path?: string } {
  if (storage === 'memory') return { where: 'in memory (at most 100000 traces): lost when Jaeger stops' };
  if (storage !== 'badger') return { where: `in ${storage} (its own volume)` };
  if (runtime === 'process') return { where: `${badgerPath} (badger, kept 168h)`, path: badgerPath };
  return { where: 'the jaeger-badger volume (badger, kept 168h)' };
}

const JAEGER_PROGRAM: ProgramSpec = {
  id: 'jaeger',
  flag: 'jaeger-bin',
  env: 'TRACEKIT_JAEGER_BIN',
  pathNames: ['jaeger'],
  what: 'the Jaeger v2 binary',
  file: 'executable',
  cached: 'jaeger',
};
const STORAGE_SERVICES = { elasticsearch: jaegerElasticsearch, opensearch: jaegerOpensearch } as const;

export const jaeger: BackendSpec = {
  id: 'jaeger',
  title: 'Jaeger',
  flagHelp: 'Jaeger v2 (default)',
  wellKnown: {
    healthPort: C.health,
    healthPath: HEALTH_PATH,
    queryPort: C.ui,
    otlp: { grpc: C.otlpGrpc, http: C.otlpHttp },
    samplingPort: C.sampling,
  },
  defaultPorts: { ui: C.ui, health: C.health, 'query-grpc': C.queryGrpc },
  query: jaegerQuery,
  probePorts: (ports) => ({ query: ports.ui, health: ports.health }),
  storages: ['memory', 'badger', 'elasticsearch', 'opensearch'],
  // As a process Jaeger keeps traces on disk by default, so a restart loses none.
  processStorages: ['badger', 'memory'],
  programs: [JAEGER_PROGRAM],

  async contribute(o, net, engine) {
    const p = o.ports;
    // Behind a Collector, Jaeger's OTLP intake moves off the entry ports the Collector takes.
    const otlpGrpc = o.collector ? p['backend-otlp-grpc'] : p['otlp-grpc'];
    const otlpHttp = o.collector ? p['backend-otlp-http'] : p['otlp-http'];
    const at = (container: number, host: number) => `${net.listenHost}:${net.listenPort(container, host)}`;
    const storageOf = STORAGE_SERVICES[o.storage as keyof typeof STORAGE_SERVICES]?.();
    const config = await engine.render('backends/jaeger/config.yaml.hbs', {
      storage: o.storage,
      // In the compose volume mounted at /tmp; as a process, in the output folder (cwd is the project root).
      badger: badgerDirs(net.runtime === 'process' ? configPath(o, BADGER_DIR) : '/tmp/jaeger'),
      storageUrl: storageOf ? `http://${storageOf.service.name}:9200` : '',
      listen: {
        otlpGrpc: at(C.otlpGrpc, otlpGrpc),
        otlpHttp: at(C.otlpHttp, otlpHttp),
        ui: at(C.ui, p.ui),
        queryGrpc: at(C.queryGrpc, p['query-grpc']),
        health: at(C.health, p.health),
        sampling: at(C.sampling, p.sampling),
      },
      sampling: samplingTemplateData(o, net.runtime === 'process' ? configPath(o, STRATEGIES_FILE) : STRATEGIES_MOUNT),
    });
    const published = [net.publish(p.ui, C.ui), net.publish(p.health, C.health)];
    if (o.sampling) published.push(net.publish(p.sampling, C.sampling));
    if (!o.collector) published.unshift(net.publish(otlpGrpc, C.otlpGrpc), net.publish(otlpHttp, C.otlpHttp));
    const volumes = o.storage === 'badger' ? ['jaeger-badger'] : [];
    const jaeger: ServicePlan = {
      name: 'jaeger',
      title: 'Jaeger',
      healthUrl: `http://127.0.0.1:${p.health}${HEALTH_PATH}`,
      hostPorts:
        net.runtime === 'process'
          ? [otlpGrpc, otlpHttp, p.ui, p['query-grpc'], p.health, ...(o.sampling ? [p.sampling] : [])]
          : [p.ui, p.health, ...(o.collector ? [] : [otlpGrpc, otlpHttp]), ...(o.sampling ? [p.sampling] : [])],
      compose: {
        image: JAEGER_IMAGE,
        command: ['--config', '/etc/jaeger/config.yaml'],
        volumes: [
          './jaeger/config.yaml:/etc/jaeger/config.yaml:ro',
          ...(o.sampling?.mode === 'file' ? [`./${STRATEGIES_FILE}:${STRATEGIES_MOUNT}:ro`] : []),
          ...(o.storage === 'badger' ? ['jaeger-badger:/tmp'] : []),
        ],
        ports: published,
        healthcheck: wgetHealthcheck(`http://127.0.0.1:${C.health}${HEALTH_PATH}`),
        ...(storageOf ? { depends_on: { [storageOf.service.name]: { condition: 'service_healthy' } } } : {}),
        restart: 'unless-stopped',
      },
      process: { program: JAEGER_PROGRAM, args: ['--config', configPath(o, 'jaeger/config.yaml')] },
    };
    const onDisk = o.storage === 'badger' && net.runtime === 'process';
    return {
      services: storageOf ? [storageOf.service, jaeger] : [jaeger],
      files: [
        { path: 'jaeger/config.yaml', content: config },
        // The traces stay out of git with the rest of the folder.
        ...(onDisk ? [{ path: 'jaeger/.gitignore', content: `${BADGER_DIR.split('/').pop()}/\n` }] : []),
        ...(o.sampling?.mode === 'file' ? [strategiesSeed(o.sampling)] : []),
      ],
      volumes: storageOf ? [...volumes, storageOf.volume] : volumes,
      urls: [
        { label: 'Jaeger UI', url: net.hostUrl(p.ui) },
        ...(o.sampling ? [{ label: `Sampling (${o.sampling.mode})`, url: net.hostUrl(p.sampling) }] : []),
      ],
      data: [{ service: 'jaeger', ...dataNote(o.storage, net.runtime, configPath(o, BADGER_DIR)) }],
    };
  },

  collectorTarget: (o, net) => ({
    kind: 'otlp',
    endpoint: net.peer('jaeger', C.otlpGrpc, o.ports['backend-otlp-grpc']),
    service: 'jaeger',
  }),
  directOtlp: entryOtlp,
};
