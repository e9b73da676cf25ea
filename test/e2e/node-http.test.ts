import { describeNodeService, PLAIN_HTTP } from './node-suite.js';

// Plain node:http, ESM (server.mjs) in a CommonJS package, no framework (falls back to http),
// .nvmrc 20 → OpenTelemetry JS 2.x, on the system Node 20; spans over OTLP/HTTP.
describeNodeService({
  ...PLAIN_HTTP,
  title: 'Node plain http (ESM .mjs, Node 20, OTel JS 2.x) against real Jaeger',
});
