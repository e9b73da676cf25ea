#!/usr/bin/env node
// The downstream target each sample service calls once per request: a tiny keep-alive HTTP
// server answering a small JSON document at once. Run as its own process (pinned away from the
// service): `node downstream.js PORT`. Untraced, so every span in Jaeger is the service's own.
import http from 'node:http';

const port = Number(process.argv[2]);
const body = JSON.stringify({ sku: 'tea', inStock: 7 });
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => console.log(`downstream listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
