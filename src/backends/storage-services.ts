import { composeHealthcheck } from './network.js';
import type { ServicePlan } from './spec.js';

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

const esEnv = { 'discovery.type': 'single-node', ES_JAVA_OPTS: '-Xms512m -Xmx512m' };
const clusterHealth = ['curl', '-fsS', 'http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=2s'];

function storage(name: string, title: string, volume: string, compose: Record<string, unknown>): StorageService {
  return { volume, service: { name, title, hostPorts: [], compose: { restart: 'unless-stopped', ...compose } } };
}

/** Elasticsearch for Jaeger (security off: the node is reachable only on the compose network). */
export const jaegerElasticsearch = () =>
  storage('elasticsearch', 'Elasticsearch', 'elasticsearch-data', {
    image: 'docker.elastic.co/elasticsearch/elasticsearch:8.15.3',
    environment: { ...esEnv, 'xpack.security.enabled': 'false' },
    volumes: ['elasticsearch-data:/usr/share/elasticsearch/data'],
    healthcheck: composeHealthcheck(clusterHealth, '60s'),
  });

/** OpenSearch for Jaeger (security plugin off for the same reason). */
export const jaegerOpensearch = () =>
  storage('opensearch', 'OpenSearch', 'opensearch-data', {
    image: 'opensearchproject/opensearch:2.18.0',
    environment: {
      'discovery.type': 'single-node',
      OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx512m',
      DISABLE_SECURITY_PLUGIN: 'true',
      DISABLE_INSTALL_DEMO_CONFIG: 'true',
    },
    volumes: ['opensearch-data:/usr/share/opensearch/data'],
    healthcheck: composeHealthcheck(clusterHealth, '60s'),
  });

/** Zipkin's storage images come with the schema installed and a docker-healthcheck script. */
const zipkinStorage = (kind: 'mysql' | 'cassandra' | 'elasticsearch', image: string, dataDir: string) =>
  storage(kind, `Zipkin ${kind}`, `zipkin-${kind}-data`, {
    image: `ghcr.io/openzipkin/${image}:3.5.1`,
    volumes: [`zipkin-${kind}-data:${dataDir}`],
    healthcheck: composeHealthcheck(['docker-healthcheck'], '60s'),
  });

export const zipkinMysql = () => zipkinStorage('mysql', 'zipkin-mysql', '/mysql/data');
export const zipkinCassandra = () => zipkinStorage('cassandra', 'zipkin-cassandra', '/cassandra/data');
export const zipkinElasticsearch = () => zipkinStorage('elasticsearch', 'zipkin-elasticsearch8', '/elasticsearch/data');
