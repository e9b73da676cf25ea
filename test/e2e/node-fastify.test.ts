import { describeNodeService } from './node-suite.js';

// Fastify 5 in CommonJS JavaScript, loaded with --require; engines >=20.6.0 picks
// OpenTelemetry JS 2.x.
describeNodeService({
  title: 'Node Fastify (CommonJS JavaScript, Node 20, OTel JS 2.x) against real Jaeger',
  fixture: 'node-fastify-cjs',
  serviceName: 'inventory-svc',
  call: { path: '/checkout/A-17', route: '/checkout/:id', downstreamRoute: '/inventory/:id' },
  manualSpan: { name: 'checkout.prepare', attribute: ['checkout.items', 3] },
  baggageSpan: 'inventory.lookup',
  errorRoute: '/boom',
  files: ['tracing.js', 'telemetry.js'],
  startScript: 'node --require ./tracing.js server.js',
  otelVersion: '0.223.0',
  nodeMajor: 20,
});
