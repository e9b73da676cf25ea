import { CHECKOUT_ROUTES, describeNodeService } from './node-suite.js';

// Hono 4 on @hono/node-server in ESM JavaScript, calling itself with got (traced by the http
// instrumentation); the running Node 20 picks OpenTelemetry JS 2.x. Route names, http.route and the
// exception come from the traceRoutes() middleware init writes into telemetry.js.
describeNodeService({
  title: 'Node Hono + got (ESM JavaScript, Node 20, OTel JS 2.x) against real Jaeger',
  fixture: 'node-hono-got',
  serviceName: 'catalog-hono',
  ...CHECKOUT_ROUTES,
  files: ['tracing.js', 'tracing-register.js', 'telemetry.js'],
  startScript: 'node --import ./tracing-register.js server.js',
  otelVersion: '0.223.0',
  nodeMajor: 20,
});
