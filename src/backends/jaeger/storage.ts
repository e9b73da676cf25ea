import { composeHealthcheck } from '../network.js';
import { storageService } from '../storage-service.js';

const esEnv = { 'discovery.type': 'single-node', ES_JAVA_OPTS: '-Xms512m -Xmx512m' };
const clusterHealth = ['curl', '-fsS', 'http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=2s'];

/** Elasticsearch for Jaeger (security off: the node is reachable only on the compose network). */
export const jaegerElasticsearch = () =>
  storageService('elasticsearch', 'Elasticsearch', 'elasticsearch-data', {
    image: 'docker.elastic.co/elasticsearch/elasticsearch:8.15.3',
    environment: { ...esEnv, 'xpack.security.enabled': 'false' },
    volumes: ['elasticsearch-data:/usr/share/elasticsearch/data'],
    healthcheck: composeHealthcheck(clusterHealth, '60s'),
  });

/** OpenSearch for Jaeger (security plugin off for the same reason). */
export const jaegerOpensearch = () =>
  storageService('opensearch', 'OpenSearch', 'opensearch-data', {
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
