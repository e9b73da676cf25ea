import path from 'node:path';
import { components } from '../support/components.js';
import { describeNodeService, EXPRESS_TS, writeInto } from './node-suite.js';

// The same Express TypeScript ESM service, with an .nvmrc of 22: init picks the OpenTelemetry
// JS 3.x line (Node >= 22.15); init, npm install and the service all run on the cached Node 22.
describeNodeService({
  ...EXPRESS_TS,
  title: 'Node Express (TypeScript ESM via tsx, Node 22, OTel JS 3.x) against real Jaeger',
  otelVersion: '0.301.0',
  nodeMajor: 22,
  nodeBinDir: () => path.dirname(components.node22()),
  prepare: (dir) => writeInto(dir, '.nvmrc', '22\n'),
});
