import { composeHealthcheck } from '../network.js';
import { storageService } from '../storage-service.js';

/** Zipkin's storage images come with the schema installed and a docker-healthcheck script. */
const zipkinStorage = (kind: 'mysql' | 'cassandra' | 'elasticsearch', image: string, dataDir: string) =>
  storageService(kind, `Zipkin ${kind}`, `zipkin-${kind}-data`, {
    image: `ghcr.io/openzipkin/${image}:3.5.1`,
    volumes: [`zipkin-${kind}-data:${dataDir}`],
    healthcheck: composeHealthcheck(['docker-healthcheck'], '60s'),
  });

export const zipkinMysql = () => zipkinStorage('mysql', 'zipkin-mysql', '/mysql/data');
export const zipkinCassandra = () => zipkinStorage('cassandra', 'zipkin-cassandra', '/cassandra/data');
export const zipkinElasticsearch = () => zipkinStorage('elasticsearch', 'zipkin-elasticsearch8', '/elasticsearch/data');
