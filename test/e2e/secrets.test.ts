import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/components.js';
import { freePort } from '../support/ports.js';
import { tempDir } from '../support/temp-tree.js';

/**
 * No secret in any output: the built CLI, with a secret in a URL, in OTEL_EXPORTER_OTLP_HEADERS
 * and in a *_TOKEN variable, run once per output channel against a port where nothing listens
 * (doctor fails fast there, echoing the URLs it tried). Each channel must hold the masked form
 * and never the secret.
 */
let port: number;
beforeAll(async () => {
  port = await freePort();
});

interface Scenario {
  name: string;
  /** Strings that must appear in no output (the secret, in every spelling that could leak). */
  secrets: string[];
  env: (p: number) => Record<string, string>;
  /** Where the secret gets echoed in a doctor run (a URL path, or the environment's own endpoint). */
  runArgs: (p: number) => string[];
  /** Flags that make a usage error echo the secret. */
  usageArgs: (p: number) => string[];
  /** What the echoed URLs look like masked. */
  masked: (p: number) => string;
  /** The secret as it sits in a path: a folder name. */
  pathPart: string;
}

const URL_SECRET = 'url-s3cret-1';
// Percent-encoded in the header, decoded where it is echoed: both spellings are registered.
const HEADER_SECRET = 'hdr/s3cret-2';
const TOKEN_SECRET = 'tok-s3cret-3';

const throughPath = (secret: string) => (p: number) => [
  '--endpoint',
  `http://127.0.0.1:${p}/${secret}`,
  '--health-url',
  `http://127.0.0.1:${p}/${secret}/status`,
];

const SCENARIOS: Scenario[] = [
  {
    name: 'URL userinfo',
    secrets: [URL_SECRET, 'alice:'],
    env: (p) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://alice:${URL_SECRET}@127.0.0.1:${p}` }),
    runArgs: () => [],
    usageArgs: (p) => ['--endpoint', `http://alice:${URL_SECRET}@127.0.0.1:${p}`],
    masked: (p) => `http://***@127.0.0.1:${p}`,
    pathPart: URL_SECRET,
  },
  {
    name: 'OTEL_EXPORTER_OTLP_HEADERS',
    secrets: ['s3cret-2'],
    env: () => ({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20hdr%2Fs3cret-2,x-tenant=acme' }),
    runArgs: throughPath(HEADER_SECRET),
    usageArgs: (p) => ['--endpoint', `http://127.0.0.1:${p}/${HEADER_SECRET}?q=1`],
    masked: (p) => `127.0.0.1:${p}/***`,
    pathPart: HEADER_SECRET,
  },
  {
    name: 'a *_TOKEN variable',
    secrets: [TOKEN_SECRET],
    env: () => ({ DEPLOY_TOKEN: TOKEN_SECRET }),
    runArgs: throughPath(TOKEN_SECRET),
    usageArgs: (p) => ['--endpoint', `http://127.0.0.1:${p}/${TOKEN_SECRET}?q=1`],
    masked: (p) => `127.0.0.1:${p}/***`,
    pathPart: TOKEN_SECRET,
  },
];

// The test's own OTEL_* and GITHUB_ACTIONS must not leak into the CLI under test.
const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && k !== 'GITHUB_ACTIONS'),
  ) as Record<string, string>;

async function tracekit(args: string[], env: Record<string, string>) {
  const r = await execa('node', [path.join(repoRoot, 'bin', 'tracekit.js'), ...args], {
    cwd: tempDir('tracekit-secrets-'),
    env: { ...cleanEnv(), CI: '1', FORCE_COLOR: '0', ...env },
    extendEnv: false,
    reject: false,
    timeout: 30_000,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** One output channel: how to run doctor for it, what text it produced, what the masked form is there. */
interface Channel {
  name: string;
  run: (s: Scenario, p: number) => Promise<{ text: string; masked: string }>;
}

const doctor = (s: Scenario, p: number, extra: string[], env: Record<string, string> = {}) =>
  tracekit(['doctor', '--backend', 'jaeger', '--timeout', '3s', ...s.runArgs(p), ...extra], { ...s.env(p), ...env });

const CHANNELS: Channel[] = [
  {
    name: 'human stderr',
    run: async (s, p) => {
      const r = await doctor(s, p, []);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe('');
      return { text: r.stderr, masked: s.masked(p) };
    },
  },
  {
    name: '--json stdout',
    run: async (s, p) => {
      const r = await doctor(s, p, ['--json']);
      expect(r.exitCode).toBe(1);
      expect(JSON.parse(r.stdout).ok).toBe(false);
      return { text: r.stdout + r.stderr, masked: s.masked(p) };
    },
  },
  {
    name: 'usage error with --json',
    run: async (s, p) => {
      const args = ['doctor', ...s.usageArgs(p)];
      const human = await tracekit(args, s.env(p));
      const r = await tracekit([...args, '--json'], s.env(p));
      // The same exit code with and without --json; the document on stdout, the human text on stderr.
      expect([human.exitCode, r.exitCode]).toEqual([2, 2]);
      const doc = JSON.parse(r.stdout);
      expect(doc).toMatchObject({ schemaVersion: 1, ok: false, error: { exitCode: 2 } });
      expect(doc.error.hint).toEqual(expect.any(String));
      expect(r.stderr).toContain(doc.error.message);
      return { text: r.stdout + r.stderr + human.stderr, masked: s.masked(p) };
    },
  },
  {
    name: 'JUnit file',
    run: async (s, p) => {
      const file = path.join(tempDir('tracekit-junit-'), 'doctor.xml');
      const r = await doctor(s, p, ['--junit', file]);
      expect(r.exitCode).toBe(1);
      return { text: readFileSync(file, 'utf8'), masked: s.masked(p) };
    },
  },
  {
    name: 'GitHub annotations',
    run: async (s, p) => {
      const r = await doctor(s, p, [], { GITHUB_ACTIONS: 'true' });
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toMatch(/^::error /m);
      return { text: r.stdout, masked: s.masked(p) };
    },
  },
  {
    name: '--verbose stack',
    run: async (s, p) => {
      // A JUnit file that cannot be written: the error's cause (with the path) is printed with its stack.
      const file = path.join(tempDir('tracekit-missing-'), 'missing', s.pathPart, 'doctor.xml');
      const r = await doctor(s, p, ['--verbose', '--junit', file]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/^\s+at /m);
      return { text: r.stderr, masked: `/missing/***/doctor.xml` };
    },
  },
];

const TABLE = SCENARIOS.flatMap((scenario) => CHANNELS.map((channel) => ({ scenario, channel })));

describe('no secret in any output', () => {
  it.each(TABLE)('$scenario.name: $channel.name', async ({ scenario, channel }) => {
    const { text, masked } = await channel.run(scenario, port);
    for (const secret of scenario.secrets) expect(text, text).not.toContain(secret);
    expect(text, text).toContain(masked);
  });
});
