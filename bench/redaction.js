#!/usr/bin/env node
// The cost per span of the masking the generated setups do before export (issue 12), in Node,
// Python and Go side by side: each language renders tracekit's own redaction code (defaults and
// `--redact app.customer`), makes spans with its real SDK (a typical HTTP server span with a
// dozen attributes and one event), then masks every ended span as the exporter wrapper does.
// Reported per span: the SDK's own cost (start, attributes, event, end) and the masking's, for
// spans with nothing to mask and with personal data, and their ratio. Tests never assert these.
// Usage: npm run build && node bench/redaction.js [--spans N] [--out bench/results/<name>.json]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withRedactKeys } from '../dist/config/redaction.js';
import { redactionRules } from '../dist/config/redaction-rules.js';
import { SDK_VERSION } from '../dist/languages/python/versions.js';
import { createRenderEngine } from '../dist/render/engine.js';
import { ATTRIBUTES, SENSITIVE } from './redaction/spans.mjs';

const here = path.join(import.meta.dirname, 'redaction');
const args = process.argv.slice(2);
const spans = Number(args[args.indexOf('--spans') + 1] || 20000) || 20000;
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;
const GO_OTEL = 'v1.47.0';

const data = { ts: false, traceSdk: '', redaction: redactionRules(withRedactKeys(undefined, ['app.customer'])) };
const engine = createRenderEngine();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tk-bench-redaction-'));
const sets = JSON.stringify({ clean: ATTRIBUTES, sensitive: { ...ATTRIBUTES, ...SENSITIVE } });
const run = (file, argv, opts = {}) => execFileSync(file, argv, { encoding: 'utf8', stdio: 'pipe', ...opts });

async function node() {
  const file = path.join(tmp, 'redaction.mjs');
  const code = await engine.render('node/partials/redaction.hbs', data);
  writeFileSync(file, `${code}\nexport { redactedSpan };\n`);
  return JSON.parse(run(process.execPath, [path.join(here, 'node.mjs'), file, String(spans)]));
}

async function python() {
  const dir = path.join(tmp, 'py');
  mkdirSync(dir);
  // The partial's one name from the module around it (tracing.py imports it at the top).
  const head = 'from opentelemetry.sdk.trace.export import SpanExporter\n\n';
  writeFileSync(path.join(dir, 'redaction.py'), head + (await engine.render('python/partials/redaction.hbs', data)));
  const venv = path.join(tmp, 'venv');
  run('python3', ['-m', 'venv', venv]);
  const py = path.join(venv, 'bin', 'python');
  run(py, ['-m', 'pip', 'install', '--quiet', `opentelemetry-sdk==${SDK_VERSION}`]);
  return JSON.parse(run(py, [path.join(here, 'python.py'), dir, String(spans), sets]));
}

async function go() {
  const dir = path.join(tmp, 'go');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'go.mod'), `module bench/tracing\n\ngo 1.26.0\n`);
  writeFileSync(path.join(dir, 'redact.go'), await engine.render('go/redact.go.hbs', data));
  copyFileSync(path.join(here, 'bench_test.go'), path.join(dir, 'bench_test.go'));
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };
  run('go', ['get', `go.opentelemetry.io/otel/sdk@${GO_OTEL}`, `go.opentelemetry.io/otel@${GO_OTEL}`], {
    cwd: dir,
    env,
  });
  run('go', ['mod', 'tidy'], { cwd: dir, env });
  const env2 = { ...env, BENCH_SPANS: String(spans), BENCH_SETS: sets };
  const outText = run('go', ['test', '-run', 'TestBench', '-count=1', '-v', '.'], { cwd: dir, env: env2 });
  return JSON.parse(/^BENCH (.*)$/m.exec(outText)[1]);
}

const results = [];
try {
  for (const [language, measure] of [
    ['node', node],
    ['python', python],
    ['go', go],
  ]) {
    const r = await measure();
    for (const kind of ['clean', 'sensitive']) {
      const { spanNs, redactNs } = r[kind];
      const row = { language, spans: kind, spanNs: Math.round(spanNs), redactNs: Math.round(redactNs) };
      results.push({ ...row, ratio: +(redactNs / spanNs).toFixed(3) });
      console.log(
        `${language.padEnd(7)} ${kind.padEnd(10)} span ${row.spanNs} ns   masking ${row.redactNs} ns   ` +
          `(${((100 * redactNs) / spanNs).toFixed(1)}% of the span's own cost)`,
      );
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

if (out) {
  const machine = {
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    platform: os.platform(),
    // Other work on the machine moves the absolute times; the ratios, measured together, move less.
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
  };
  const versions = { python: run('python3', ['--version']).trim(), go: run('go', ['version']).trim() };
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), spans, machine, versions, results }, null, 2)}\n`,
  );
  console.log(`written to ${out}`);
}
