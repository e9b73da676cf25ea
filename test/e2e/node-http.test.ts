import { describeNodeService } from './node-suite.js';

// Plain node:http, ESM (server.mjs) in a CommonJS package, no framework (falls back to http),
// .nvmrc 20 → OpenTelemetry JS 2.x, on the system Node 20.
describeNodeService({
  title: 'Node plain http (ESM .mjs, Node 20, OTel JS 2.x) against real Jaeger',
  fixture: 'node-http',
  serviceName: 'greeter',
  call: { path: '/hello', route: '/hello', downstreamRoute: '/name' },
  manualSpan: { name: 'hello.compose', attribute: ['greeting.lang', 'en'] },
  baggageSpan: 'name.lookup',
  errorRoute: '/boom',
  files: ['tracing.mjs', 'tracing-register.mjs', 'telemetry.mjs'],
  startScript: 'node --import ./tracing-register.mjs server.mjs',
  sdkNode: '0.223.0',
  nodeMajor: 20,
});
