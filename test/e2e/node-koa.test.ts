import { readFileSync } from 'node:fs';
import path from 'node:path';
import { components } from '../support/components.js';
import { CHECKOUT_ROUTES, describeNodeService, type NodeSuiteOptions, writeInto } from './node-suite.js';

// Koa 3 with @koa/router in CommonJS JavaScript, calling itself with axios (traced by the http
// instrumentation). The Koa instrumentation records a thrown error on the router layer's span,
// and the 500 marks the server span as an error.
const KOA: Omit<NodeSuiteOptions, 'title' | 'otelVersion' | 'nodeMajor'> = {
  fixture: 'node-koa-axios',
  serviceName: 'payments-koa',
  ...CHECKOUT_ROUTES,
  exceptionOn: 'descendant',
  files: ['tracing.js', 'telemetry.js'],
  startScript: 'node --require ./tracing.js server.js',
};

// engines >=20.6.0 picks OpenTelemetry JS 2.x (instrumentation-koa 0.71).
describeNodeService({
  ...KOA,
  title: 'Node Koa + axios (CommonJS JavaScript, Node 20, OTel JS 2.x) against real Jaeger',
  otelVersion: '0.223.0',
  nodeMajor: 20,
});

// engines >=22.15.0 picks the 3.x line (instrumentation-koa 0.72); init, install and the service run on Node 22.
describeNodeService({
  ...KOA,
  title: 'Node Koa + axios (CommonJS JavaScript, Node 22, OTel JS 3.x) against real Jaeger',
  otelVersion: '0.301.0',
  nodeMajor: 22,
  nodeBinDir: () => path.dirname(components.node22()),
  prepare: (dir) => {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    writeInto(dir, 'package.json', `${JSON.stringify({ ...pkg, engines: { node: '>=22.15.0' } }, null, 2)}\n`);
  },
});
