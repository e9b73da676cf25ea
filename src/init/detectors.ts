import type { Language } from '../config/schema.js';
import type { Probe } from './probe.js';

/**
 * Detection as data: each language has an ordered table of frameworks (first match wins,
 * so the more specific framework comes first), a table of libraries worth instrumenting,
 * and an ordered table of package managers (lockfiles before fallbacks).
 */

export interface FrameworkRule {
  id: string;
  title: string;
  /** Dependency names (npm packages, normalised PyPI names, Go module paths) that mean this framework. */
  deps: string[];
}

export interface LibraryRule {
  id: string;
  deps: string[];
}

export interface PackageManagerRule {
  id: string;
  when: (p: Probe) => boolean;
}

export interface LanguageRules {
  lang: Language;
  title: string;
  present: (p: Probe) => boolean;
  /** Every dependency name the project declares. */
  deps: (p: Probe) => string[];
  frameworks: FrameworkRule[];
  /** Used when no framework rule matches. */
  fallbackFramework: string;
  libraries: LibraryRule[];
  packageManagers: PackageManagerRule[];
}

const nodeDeps = (p: Probe) => [
  ...Object.keys(p.packageJson?.dependencies ?? {}),
  ...Object.keys(p.packageJson?.devDependencies ?? {}),
];
const goModulePrefix = (dep: string, mod: string) => dep === mod || dep.startsWith(`${mod}/`);

export const LANGUAGE_RULES: LanguageRules[] = [
  {
    lang: 'node',
    title: 'Node.js',
    present: (p) => p.packageJson !== undefined,
    deps: nodeDeps,
    // NestJS runs on Express or Fastify, so it must match before them.
    frameworks: [
      { id: 'nestjs', title: 'NestJS', deps: ['@nestjs/core'] },
      { id: 'fastify', title: 'Fastify', deps: ['fastify'] },
      { id: 'express', title: 'Express', deps: ['express'] },
    ],
    fallbackFramework: 'http',
    libraries: [
      { id: 'undici', deps: ['undici'] },
      { id: 'pg', deps: ['pg'] },
      { id: 'mysql2', deps: ['mysql2'] },
      { id: 'redis', deps: ['redis'] },
      { id: 'ioredis', deps: ['ioredis'] },
      { id: 'mongodb', deps: ['mongodb', 'mongoose'] },
      { id: 'grpc', deps: ['@grpc/grpc-js'] },
      { id: 'kafkajs', deps: ['kafkajs'] },
      { id: 'amqplib', deps: ['amqplib'] },
    ],
    packageManagers: [
      {
        id: 'pnpm',
        when: (p) => p.entries.has('pnpm-lock.yaml') || /^pnpm@/.test(p.packageJson?.packageManager ?? ''),
      },
      { id: 'yarn', when: (p) => p.entries.has('yarn.lock') || /^yarn@/.test(p.packageJson?.packageManager ?? '') },
      { id: 'bun', when: (p) => p.entries.has('bun.lockb') || p.entries.has('bun.lock') },
      { id: 'npm', when: () => true },
    ],
  },
  {
    lang: 'python',
    title: 'Python',
    present: (p) =>
      p.pyproject !== undefined ||
      p.requirementsFiles.length > 0 ||
      p.pipfile !== undefined ||
      p.entries.has('setup.py'),
    deps: (p) => p.pythonDeps,
    frameworks: [
      { id: 'django', title: 'Django', deps: ['django'] },
      { id: 'fastapi', title: 'FastAPI', deps: ['fastapi'] },
      { id: 'flask', title: 'Flask', deps: ['flask'] },
    ],
    fallbackFramework: 'none',
    libraries: [
      { id: 'requests', deps: ['requests'] },
      { id: 'httpx', deps: ['httpx'] },
      { id: 'sqlalchemy', deps: ['sqlalchemy', 'flask-sqlalchemy'] },
      { id: 'psycopg', deps: ['psycopg', 'psycopg-binary'] },
      { id: 'psycopg2', deps: ['psycopg2', 'psycopg2-binary'] },
      { id: 'redis', deps: ['redis'] },
      { id: 'grpc', deps: ['grpcio'] },
      { id: 'kafka-python', deps: ['kafka-python'] },
      { id: 'confluent-kafka', deps: ['confluent-kafka'] },
      { id: 'pika', deps: ['pika'] },
      { id: 'aio-pika', deps: ['aio-pika'] },
      { id: 'gunicorn', deps: ['gunicorn'] },
      { id: 'uvicorn', deps: ['uvicorn'] },
    ],
    packageManagers: [
      {
        id: 'poetry',
        when: (p) =>
          p.entries.has('poetry.lock') ||
          (p.pyproject?.tool as Record<string, unknown> | undefined)?.poetry !== undefined,
      },
      {
        id: 'uv',
        when: (p) =>
          p.entries.has('uv.lock') || (p.pyproject?.tool as Record<string, unknown> | undefined)?.uv !== undefined,
      },
      { id: 'pipenv', when: (p) => p.pipfile !== undefined },
      { id: 'pip', when: () => true },
    ],
  },
  {
    lang: 'go',
    title: 'Go',
    present: (p) => p.goMod !== undefined,
    deps: (p) => p.goMod?.requires ?? [],
    frameworks: [
      { id: 'grpc', title: 'gRPC', deps: ['google.golang.org/grpc'] },
      { id: 'gin', title: 'gin', deps: ['github.com/gin-gonic/gin'] },
      { id: 'chi', title: 'chi', deps: ['github.com/go-chi/chi', 'github.com/go-chi/chi/v5'] },
    ],
    fallbackFramework: 'net-http',
    libraries: [
      {
        id: 'sql',
        deps: [
          'github.com/mattn/go-sqlite3',
          'modernc.org/sqlite',
          'github.com/lib/pq',
          'github.com/jackc/pgx/v5',
          'github.com/go-sql-driver/mysql',
        ],
      },
      { id: 'grpc', deps: ['google.golang.org/grpc'] },
      { id: 'redis', deps: ['github.com/redis/go-redis/v9'] },
      { id: 'kafka', deps: ['github.com/segmentio/kafka-go', 'github.com/IBM/sarama'] },
      { id: 'amqp', deps: ['github.com/rabbitmq/amqp091-go'] },
    ],
    packageManagers: [{ id: 'go-modules', when: () => true }],
  },
];

/** Whether a declared dependency satisfies a rule's dependency name (Go matches module prefixes). */
export function depMatches(lang: Language, declared: string, wanted: string): boolean {
  return lang === 'go' ? goModulePrefix(declared, wanted) : declared === wanted;
}
