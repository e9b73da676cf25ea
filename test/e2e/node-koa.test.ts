import { CHECKOUT_ROUTES, describeNodeService } from './node-suite.js';

// Koa 3 with @koa/router in CommonJS JavaScript, calling itself with axios (traced by the http
// instrumentation); engines >=20.6.0 picks OpenTelemetry JS 2.x. The Koa instrumentation records a
// thrown error on the router layer's span, and the 500 marks the server span as an error.
describeNodeService({
  title: 'Node Koa + axios (CommonJS JavaScript, Node 20, OTel JS 2.x) against real Jaeger',
  fixture: 'node-koa-axios',
  serviceName: 'payments-koa',
  ...CHECKOUT_ROUTES,
  exceptionOn: 'descendant',
  files: ['tracing.js', 'telemetry.js'],
  startScript: 'node --require ./tracing.js server.js',
  sdkNode: '0.223.0',
  nodeMajor: 20,
});
