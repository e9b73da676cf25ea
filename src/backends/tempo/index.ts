import { TracekitError } from '../../errors.js';
import { healthcheckToolsService, TOOLS_VOLUME, withHealthcheckTools } from '../healthcheck-tools.js';
import { wgetHealthcheck } from '../network.js';
import { type BackendSpec, entryOtlp, type ServicePlan } from '../types.js';
import { tempoQuery } from './query.js';

/** Tempo is AGPL: tracekit only writes its configuration; the image runs it. */
export const TEMPO_IMAGE = 'grafana/tempo:3.0.0';
export const GRAFANA_IMAGE = 'grafana/grafana:12.2.0';
/** Tempo's and Grafana's ports in their containers (and by default on the host). */
const C = { http: 3200, grpc: 9095, otlpGrpc: 4317, otlpHttp: 4318, grafana: 3000 };
const HEALTH_PATH = '/ready';
/** Grafana's admin password comes from the environment, never from a file we write. */
export const GRAFANA_PASSWORD_ENV = 'GRAFANA_ADMIN_PASSWORD';

/** Compose refuses to start Grafana without it (no anonymous admin). */
const PASSWORD_NEEDED = `set ${GRAFANA_PASSWORD_ENV} to the Grafana admin password`;

export const tempo: BackendSpec = {
  id: 'tempo',
  title: 'Grafana Tempo',
  flagHelp: 'Grafana Tempo with Grafana (compose runtime)',
  wellKnown: {
    healthPort: C.http,
    healthPath: HEALTH_PATH,
    queryPort: C.http,
    otlp: { grpc: C.otlpGrpc, http: C.otlpHttp },
  },
  defaultPorts: { ui: C.grafana, health: C.http, 'query-grpc': C.grpc },
  query: tempoQuery,
  // The UI is Grafana's; Tempo's API (query and health) is on the health port.
  probePorts: (ports) => ({ query: ports.health, health: ports.health }),
  storages: ['local'],
  processStorages: [],
  // AGPL: tracekit never installs or builds Tempo, so it has no process recipe.
  programs: [],

  preflight(env, o) {
    if (o.runtime === 'compose' && !env[GRAFANA_PASSWORD_ENV]) {
      throw new TracekitError(`${GRAFANA_PASSWORD_ENV} is not set: Grafana gets no default admin password.`, {
        hint: `export ${GRAFANA_PASSWORD_ENV}=<a password>, then run the command again.`,
        exitCode: 2,
      });
    }
  },

  async contribute(o, net, engine) {
    const p = o.ports;
    const tempoYaml = await engine.render('backends/tempo/tempo.yaml.hbs', {
      http: C.http,
      grpc: C.grpc,
      retention: '168h',
      listen: { otlpGrpc: `0.0.0.0:${C.otlpGrpc}`, otlpHttp: `0.0.0.0:${C.otlpHttp}` },
    });
    const datasource = await engine.render('backends/grafana/datasource-tempo.yaml.hbs', {
      tempoUrl: `http://tempo:${C.http}`,
    });
    const tools = withHealthcheckTools(`http://127.0.0.1:${C.http}${HEALTH_PATH}`);
    const ports = [net.publish(p.health, C.http)];
    if (!o.collector) ports.push(net.publish(p['otlp-grpc'], C.otlpGrpc), net.publish(p['otlp-http'], C.otlpHttp));
    const tempo: ServicePlan = {
      name: 'tempo',
      title: 'Tempo',
      healthUrl: `http://127.0.0.1:${p.health}${HEALTH_PATH}`,
      hostPorts: [p.health, ...(o.collector ? [] : [p['otlp-grpc'], p['otlp-http']])],
      compose: {
        image: TEMPO_IMAGE,
        command: ['-config.file=/etc/tempo/tempo.yaml'],
        ...tools,
        volumes: [
          './tempo/tempo.yaml:/etc/tempo/tempo.yaml:ro',
          'tempo-data:/var/tempo',
          ...(tools.volumes as string[]),
        ],
        ports,
        restart: 'unless-stopped',
      },
    };
    const grafana: ServicePlan = {
      name: 'grafana',
      title: 'Grafana',
      healthUrl: `http://127.0.0.1:${p.ui}/api/health`,
      hostPorts: [p.ui],
      compose: {
        image: GRAFANA_IMAGE,
        environment: {
          GF_AUTH_ANONYMOUS_ENABLED: 'false',
          GF_USERS_ALLOW_SIGN_UP: 'false',
          GF_SECURITY_ADMIN_USER: 'admin',
          GF_SECURITY_ADMIN_PASSWORD: `\${${GRAFANA_PASSWORD_ENV}:?${PASSWORD_NEEDED}}`,
        },
        volumes: ['./grafana/provisioning:/etc/grafana/provisioning:ro', 'grafana-data:/var/lib/grafana'],
        ports: [net.publish(p.ui, C.grafana)],
        // The Grafana image is Alpine-based: busybox wget is there.
        healthcheck: wgetHealthcheck(`http://127.0.0.1:${C.grafana}/api/health`),
        depends_on: { tempo: { condition: 'service_healthy' } },
        restart: 'unless-stopped',
      },
    };
    return {
      services: [healthcheckToolsService, tempo, grafana],
      files: [
        { path: 'tempo/tempo.yaml', content: tempoYaml },
        { path: 'grafana/provisioning/datasources/tempo.yaml', content: datasource },
      ],
      volumes: ['tempo-data', 'grafana-data', TOOLS_VOLUME],
      urls: [
        { label: 'Grafana (Explore → Tempo)', url: net.hostUrl(p.ui) },
        { label: 'Tempo API', url: net.hostUrl(p.health) },
      ],
      data: [{ service: 'tempo', where: 'the tempo-data volume (local blocks, kept 168h)' }],
    };
  },

  collectorTarget: (o, net) => ({
    kind: 'otlp',
    endpoint: net.peer('tempo', C.otlpGrpc, o.ports['backend-otlp-grpc']),
    service: 'tempo',
  }),
  directOtlp: entryOtlp,
};
