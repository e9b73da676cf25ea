import http from 'node:http';
import net from 'node:net';

/** A small real server that misbehaves in one way; close() always ends it and its sockets. */
export interface FaultServer {
  url: string;
  close(): Promise<void>;
}

async function listen(server: net.Server): Promise<FaultServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers every request with this status (e.g. a health endpoint answering 500). */
export const statusServer = (status: number, body = 'internal error: storage unavailable') =>
  listen(http.createServer((_req, res) => res.writeHead(status, { 'content-type': 'text/plain' }).end(body)));

/** Accepts connections and never sends a byte. */
export const hangingServer = () => listen(net.createServer(() => undefined));

/** Answers every connection with bytes that are not any protocol, then closes. */
export const garbageServer = () => listen(net.createServer((s) => s.end('\x00\x13garbage, not a protocol\r\n\r\n')));

/** Answers `failures` times with 503, then answers what `target` answers (a backend that is still starting). */
export function startingUpServer(target: string, failures: number): Promise<FaultServer> {
  let seen = 0;
  return listen(
    http.createServer(async (_req, res) => {
      if (seen++ < failures) return res.writeHead(503).end('starting');
      const r = await fetch(target);
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' }).end(await r.text());
    }),
  );
}

/** Forwards GETs to `target` after `delayMs`: a backend slower than doctor's timeout. */
export function slowProxy(target: string, delayMs: number): Promise<FaultServer> {
  return listen(
    http.createServer((req, res) => {
      const timer = setTimeout(async () => {
        try {
          const r = await fetch(target + req.url);
          res
            .writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' })
            .end(await r.text());
        } catch {
          res.destroy();
        }
      }, delayMs);
      res.on('close', () => clearTimeout(timer));
    }),
  );
}
