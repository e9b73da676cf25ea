import { composeHealthcheck } from '../network.js';
import type { StorageService } from '../storage-service.js';
import type { BackendSpec, ProgramSpec, ServicePlan } from '../types.js';
import { zipkinQuery } from './query.js';
import { zipkinCassandra, zipkinElasticsearch, zipkinMysql } from './storage.js';

/** Zipkin 3.5.1, the server jar the tests run; its image ships a docker-healthcheck script. */
export const ZIPKIN_IMAGE = 'openzipkin/zipkin:3.5.1';
/** Zipkin serves its UI, query API, health and span intake on one port. */
const PORT = 9411;
const HEALTH_PATH = '/health';
const MEM_MAX_SPANS = 500_000;

const ZIPKIN_JAR: ProgramSpec = {
  id: 'zipkin',
  flag: 'zipkin-jar',
  env: 'TRACEKIT_ZIPKIN_JAR',
  pathNames: [],
  what: "Zipkin's server jar (zipkin-server-*-exec.jar)",
  file: 'jar',
  cached: 'zipkin',
};

/** STORAGE_TYPE and the variables Zipkin reads to reach each storage service. */
const STORAGE: Record<string, { env: Record<string, string>; service?: () => StorageService }> = {
  // Zipkin's own default limit, set so that what `status` says of it stays true.
  mem: { env: { STORAGE_TYPE: 'mem', MEM_MAX_SPANS: String(MEM_MAX_SPANS) } },
  mysql: {
    env: {
      STORAGE_TYPE: 'mysql',
      MYSQL_HOST: 'mysql',
      MYSQL_TCP_PORT: '3306',
      MYSQL_USER: 'zipkin',
      MYSQL_PASS: 'zipkin',
    },
    service: zipkinMysql,
  },
  elasticsearch: {
    env: { STORAGE_TYPE: 'elasticsearch', ES_HOSTS: 'http://elasticsearch:9200' },
    service: zipkinElasticsearch,
  },
  cassandra: { env: { STORAGE_TYPE: 'cassandra3', CASSANDRA_CONTACT_POINTS: 'cassandra' }, service: zipkinCassandra },
};

export const zipkin: BackendSpec = {
  id: 'zipkin',
  title: 'Zipkin',
  flagHelp: 'Zipkin',
  // No OTLP intake: SDKs export Zipkin JSON to it, or a Collector translates.
  wellKnown: { healthPort: PORT, healthPath: HEALTH_PATH, queryPort: PORT, zipkinPort: PORT },
  defaultPorts: { ui: PORT, health: PORT, 'query-grpc': 16685 },
  query: zipkinQuery,
  // One port for everything: the UI's.
  probePorts: (ports) => ({ query: ports.ui, health: ports.ui }),
  storages: ['mem', 'mysql', 'elasticsearch', 'cassandra'],
  processStorages: ['mem'],
  programs: [ZIPKIN_JAR],

  async contribute(o, net) {
    const port = o.ports.ui;
    const storage = STORAGE[o.storage]!;
    const store = storage.service?.();
    const zipkin: ServicePlan = {
      name: 'zipkin',
      title: 'Zipkin',
      healthUrl: `http://127.0.0.1:${port}${HEALTH_PATH}`,
      hostPorts: [port],
      compose: {
        image: ZIPKIN_IMAGE,
        environment: storage.env,
        ports: [net.publish(port, PORT)],
        healthcheck: composeHealthcheck(['docker-healthcheck'], '30s'),
        ...(store ? { depends_on: { [store.service.name]: { condition: 'service_healthy' } } } : {}),
        restart: 'unless-stopped',
      },
      // Spring replaces the whole armeria.ports list from the command line: give port and address
      // together, so the process listens on loopback unless --public.
      process: {
        program: ZIPKIN_JAR,
        args: [`--armeria.ports[0].port=${port}`, `--armeria.ports[0].ip=${net.listenHost}`],
        env: storage.env,
      },
    };
    return {
      services: store ? [store.service, zipkin] : [zipkin],
      files: [],
      volumes: store ? [store.volume] : [],
      urls: [
        { label: 'Zipkin UI', url: net.hostUrl(port) },
        // Without a Collector, SDKs export Zipkin JSON straight here.
        ...(o.collector ? [] : [{ label: 'Zipkin span intake', url: `${net.hostUrl(port)}/api/v2/spans` }]),
      ],
      data: [
        {
          service: 'zipkin',
          where:
            o.storage === 'mem'
              ? `in memory, at most ${MEM_MAX_SPANS} spans (MEM_MAX_SPANS; 512 MB heap as a process): ` +
                'lost when Zipkin stops'
              : `in ${o.storage} (its own volume)`,
        },
      ],
    };
  },

  collectorTarget: (o, net) => ({
    kind: 'zipkin',
    endpoint: `http://${net.peer('zipkin', PORT, o.ports.ui)}/api/v2/spans`,
    service: 'zipkin',
  }),
  // Zipkin takes no OTLP: without a Collector, services export Zipkin JSON to /api/v2/spans.
  directOtlp: () => undefined,
};
