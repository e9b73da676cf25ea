import { readdir, readFile, readlink } from 'node:fs/promises';
import net from 'node:net';
import { UsageError } from '../errors.js';

/** True when something already listens on host:port (binding it fails with EADDRINUSE). */
export function portInUse(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE' || err.code === 'EACCES'));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(false)));
  });
}

/** Socket inodes listening on a port, from /proc/net/tcp and tcp6 (state 0A is LISTEN). */
async function listeningInodes(port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1]?.split(':')[1];
      if (local && parseInt(local, 16) === port && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** "pid 123 (java)" for the process holding a port, when Linux lets us see it; undefined otherwise. */
export async function portHolder(port: number): Promise<string | undefined> {
  const inodes = await listeningInodes(port);
  if (inodes.size === 0) return undefined;
  const pids = (await readdir('/proc').catch(() => [])).filter((d) => /^\d+$/.test(d));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m && inodes.has(m[1]!)) {
        const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
        return `pid ${pid} (${comm})`;
      }
    }
  }
  return undefined;
}

/** Refuses to start when a port the deployment needs is taken, naming the port and its holder. */
export async function assertPortsFree(ports: { port: number; service: string }[], host: string): Promise<void> {
  for (const { port, service } of ports) {
    if (!(await portInUse(port, host))) continue;
    const holder = await portHolder(port);
    throw new UsageError(
      `Port ${port} (${service}) is already in use${holder ? ` by ${holder}` : ''}.`,
      `Stop ${holder ?? 'the program that holds it'}, or move ${service} with --port name=number ` +
        '(see `tracekit backend up --help`).',
    );
  }
}
