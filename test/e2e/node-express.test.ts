import { describeNodeService, EXPRESS_TS } from './node-suite.js';

// Express 5 in TypeScript, ESM, run by tsx; no engines or .nvmrc, so the running Node 20
// picks OpenTelemetry JS 2.x.
describeNodeService({
  ...EXPRESS_TS,
  title: 'Node Express (TypeScript ESM via tsx, Node 20, OTel JS 2.x) against real Jaeger',
  otelVersion: '0.223.0',
  nodeMajor: 20,
});
