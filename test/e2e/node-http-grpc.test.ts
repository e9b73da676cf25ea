import { describeNodeService, PLAIN_HTTP } from './node-suite.js';

// The plain node:http service initialised with `--protocol grpc --endpoint <Jaeger's OTLP/gRPC
// port>`: init installs the pinned OTLP/gRPC exporter, and only the gRPC port can deliver.
describeNodeService({
  ...PLAIN_HTTP,
  title: 'Node plain http over OTLP/gRPC (ESM .mjs, Node 20, OTel JS 2.x) against real Jaeger',
  protocol: 'grpc',
});
