import type { Probe } from '../../project/probe.js';
import type { DetectionRules } from '../language.js';

/**
 * Usual entry files, in order, when a Python service names none. A queue consumer's service is
 * often a worker script with no web server at all (worker.py, consumer.py): it starts with
 * `python <file>` and imports tracing first like any entry.
 */
const ENTRIES = [
  'manage.py',
  'main.py',
  'app.py',
  'wsgi.py',
  'asgi.py',
  'server.py',
  'app/main.py',
  'src/main.py',
  'worker.py',
  'consumer.py',
];

// The TOML parser loads on first use, when a Python project is found, not at start-up.
const manifests = async (p: Probe) => (await import('./manifests.js')).readPythonManifests(p);
const tool = async (p: Probe) => (await manifests(p)).pyproject?.tool as Record<string, unknown> | undefined;

/** Python detection: requirements files, pyproject.toml (PEP 621, Poetry, uv) and Pipfile. */
export const pythonRules: DetectionRules = {
  present: (p) =>
    p.entries.has('pyproject.toml') ||
    [...p.entries].some((n) => /^requirements.*\.txt$/.test(n)) ||
    p.entries.has('Pipfile') ||
    p.entries.has('setup.py'),
  dependencies: async (p) => (await manifests(p)).deps,
  frameworks: [
    { id: 'django', title: 'Django', deps: ['django'] },
    { id: 'fastapi', title: 'FastAPI', deps: ['fastapi'] },
    { id: 'flask', title: 'Flask', deps: ['flask'] },
    // After FastAPI, which is built on Starlette: only an app without FastAPI is plain Starlette.
    { id: 'starlette', title: 'Starlette', deps: ['starlette'] },
    // Last: other frameworks' services often use aiohttp as a client only (the aiohttp-client library).
    { id: 'aiohttp', title: 'aiohttp', deps: ['aiohttp'] },
  ],
  fallbackFramework: 'none',
  libraries: [
    { id: 'requests', deps: ['requests'] },
    { id: 'httpx', deps: ['httpx'] },
    { id: 'aiohttp-client', deps: ['aiohttp'] },
    { id: 'celery', deps: ['celery'] },
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
    { id: 'poetry', when: async (p) => p.entries.has('poetry.lock') || (await tool(p))?.poetry !== undefined },
    { id: 'uv', when: async (p) => p.entries.has('uv.lock') || (await tool(p))?.uv !== undefined },
    { id: 'pipenv', when: (p) => p.entries.has('Pipfile') },
    { id: 'pip', when: () => true },
  ],
  facts: async (p) => ({ entryPoint: ENTRIES.find((f) => p.files.has(f)) }),
  async identity(p) {
    const pyproject = (await manifests(p)).pyproject;
    const pep621 = pyproject?.project as { name?: string; version?: string } | undefined;
    const poetry = (pyproject?.tool as { poetry?: { name?: string; version?: string } } | undefined)?.poetry;
    return { name: pep621?.name ?? poetry?.name, version: pep621?.version ?? poetry?.version };
  },
};
