import type { Detected } from '../../project/detection.js';
import type { Probe } from '../../project/probe.js';
import type { DetectionRules } from '../language.js';
import { type PackageJson, readNodeVersionFile, readPackageJson } from './manifests.js';

/** What Node detection adds to the shared fields. */
export interface NodeFacts {
  node: { moduleSystem: 'esm' | 'cjs'; typescript: boolean; nodeVersionHint?: string };
}
export type NodeDetection = Detected<NodeFacts>;

/** Usual entry files, most specific first, when package.json names none that exists. */
const ENTRIES = [
  'src/index.ts',
  'src/server.ts',
  'src/main.ts',
  'src/app.ts',
  'index.ts',
  'server.ts',
  'main.ts',
  'app.ts',
  'src/index.js',
  'src/server.js',
  'src/app.js',
  'index.js',
  'server.js',
  'app.js',
  'main.js',
  'index.mjs',
  'server.mjs',
];

/** The file that starts a Node service: the start script's file, package.json main, or a usual name. */
function entryPoint(pkg: PackageJson, files: ReadonlySet<string>): string | undefined {
  const fromStart = /(?:^|\s)(?:node|tsx|ts-node|nodemon)\s+(?:--?\S+\s+)*([\w./-]+\.[cm]?[jt]s)\b/.exec(
    pkg.scripts?.start ?? '',
  )?.[1];
  const candidates = [fromStart, pkg.main, ...ENTRIES].filter((x): x is string => Boolean(x));
  return candidates.map((c) => c.replace(/^\.\//, '')).find((c) => files.has(c));
}

const pkgOf = async (p: Probe) => (await readPackageJson(p)) ?? {};

/** Node.js detection: package.json's dependencies, lockfiles, the entry point and its module system. */
export const nodeRules: DetectionRules<NodeFacts> = {
  present: (p) => p.entries.has('package.json'),
  async dependencies(p) {
    const pkg = await pkgOf(p);
    return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
  },
  // NestJS runs on Express or Fastify, so it must match before them; a Next.js app may list any of them.
  frameworks: [
    { id: 'nextjs', title: 'Next.js', deps: ['next'] },
    { id: 'nestjs', title: 'NestJS', deps: ['@nestjs/core'] },
    { id: 'fastify', title: 'Fastify', deps: ['fastify'] },
    { id: 'express', title: 'Express', deps: ['express'] },
    { id: 'koa', title: 'Koa', deps: ['koa'] },
    { id: 'hono', title: 'Hono', deps: ['hono'] },
  ],
  fallbackFramework: 'http',
  libraries: [
    { id: 'undici', deps: ['undici'] },
    // HTTP clients that send through node:http: the http instrumentation traces them (CLIENTS_ON_HTTP).
    { id: 'axios', deps: ['axios'] },
    { id: 'got', deps: ['got'] },
    { id: 'pg', deps: ['pg'] },
    { id: 'mysql2', deps: ['mysql2'] },
    { id: 'redis', deps: ['redis'] },
    { id: 'ioredis', deps: ['ioredis'] },
    { id: 'mongodb', deps: ['mongodb', 'mongoose'] },
    { id: 'grpc', deps: ['@grpc/grpc-js'] },
    { id: 'kafkajs', deps: ['kafkajs'] },
    { id: 'amqplib', deps: ['amqplib'] },
    // No instrumentation on the pinned lines: detected so that init says what is not traced (queue-clients.ts).
    { id: 'confluent-kafka-javascript', deps: ['@confluentinc/kafka-javascript'] },
  ],
  packageManagers: [
    {
      id: 'pnpm',
      when: async (p) => p.entries.has('pnpm-lock.yaml') || /^pnpm@/.test((await pkgOf(p)).packageManager ?? ''),
    },
    {
      id: 'yarn',
      when: async (p) => p.entries.has('yarn.lock') || /^yarn@/.test((await pkgOf(p)).packageManager ?? ''),
    },
    { id: 'bun', when: (p) => p.entries.has('bun.lockb') || p.entries.has('bun.lock') },
    { id: 'npm', when: () => true },
  ],
  async facts(p, declared) {
    const pkg = await pkgOf(p);
    const entry = entryPoint(pkg, p.files);
    // An .mjs/.cjs entry decides the module system whatever package.json's "type" says.
    const byExtension = /\.m[jt]s$/.test(entry ?? '') ? 'esm' : /\.c[jt]s$/.test(entry ?? '') ? 'cjs' : undefined;
    return {
      entryPoint: entry,
      node: {
        moduleSystem: byExtension ?? (pkg.type === 'module' ? 'esm' : 'cjs'),
        typescript: p.entries.has('tsconfig.json') || declared.includes('typescript'),
        nodeVersionHint: pkg.engines?.node ?? (await readNodeVersionFile(p)),
      },
    };
  },
  describe: (d) =>
    `${d.node.typescript ? 'TypeScript' : 'JavaScript'}, ${d.node.moduleSystem === 'esm' ? 'ESM' : 'CommonJS'}`,
  async identity(p) {
    const pkg = await pkgOf(p);
    return { name: pkg.name, version: pkg.version };
  },
  // A package with a main file is often a library: a start script or a server framework makes a service.
  isService: async (p, d) => d.frameworkDetected || Boolean((await pkgOf(p)).scripts?.start),
};
