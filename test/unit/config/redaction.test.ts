import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { DEFAULT_REDACTION, parseRedactKeys, withRedactKeys } from '../../../src/config/redaction.js';
import { valuePatternProblem } from '../../../src/config/redaction-pattern.js';
import { redactionRules } from '../../../src/config/redaction-rules.js';
import { createRenderEngine } from '../../../src/render/engine.js';
import { tempDir } from '../../support/temp-tree.js';

/**
 * tracekit.yaml's redaction list: value patterns held to the syntax JavaScript, Python and Go
 * read alike (what is accepted compiles in the real python3 and go here), a bad one refused
 * with its field named, and the masking the Node setup generates, run on a table of values.
 * test/e2e/redaction-*.test.ts prove the masking of every language against a real Jaeger.
 */
const dir = tempDir('tk-redaction-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ACCEPTED = [
  'ord-[0-9]{6}',
  '(?:sk|pk)_live_[A-Za-z0-9]+',
  '\\bssn:\\d{3}-\\d{2}-\\d{4}\\b',
  'x+?y',
  '[^\\s@]+#\\w',
];
const REFUSED: [string, RegExp][] = [
  ['(?<=token=)\\w+', /\(\?\.\.\.\)/],
  ['(?i)secret', /\(\?\.\.\.\)/],
  ['(a)\\1', /\\1/],
  ['\\p{L}+', /\\p/],
  ['[[:alpha:]]+', /POSIX/],
  ['a{,3}', /\{,n\}/],
  ['[]x]', /class/],
  ['x{1001}', /1000/],
  ['a*', /empty string/],
  ['(unclosed', /not a valid regular expression/],
  ['', /empty/],
];

/** Compiles each pattern with Python's re and Go's regexp; throws with the engine's message. */
function compileElsewhere(patterns: string[]): void {
  const json = JSON.stringify(patterns);
  execFileSync('python3', ['-c', 'import json,re,sys\nfor p in json.loads(sys.argv[1]): re.compile(p)', json]);
  const main = path.join(dir, 'main.go');
  writeFileSync(
    main,
    'package main\n\nimport (\n\t"encoding/json"\n\t"os"\n\t"regexp"\n)\n\nfunc main() {\n' +
      '\tvar ps []string\n\tif err := json.Unmarshal([]byte(os.Args[1]), &ps); err != nil {\n\t\tpanic(err)\n\t}\n' +
      '\tfor _, p := range ps {\n\t\tregexp.MustCompile(p)\n\t}\n}\n',
  );
  execFileSync('go', ['run', main, json], { env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' }, cwd: dir });
}

describe('redaction value patterns', () => {
  it.each(ACCEPTED)('accepts %s', (p) => expect(valuePatternProblem(p)).toBeUndefined());
  it.each(REFUSED)('refuses %s, saying why', (p, why) => expect(valuePatternProblem(p)).toMatch(why));

  it('what it accepts, and every pattern tracekit generates, compiles in Python and Go', () => {
    const rules = redactionRules({ ...withRedactKeys(undefined, ['user.*']), patterns: ACCEPTED });
    const generated = [rules.keyPattern, rules.queryPattern, ...rules.valueRules.map((r) => r.pattern)];
    compileElsewhere([...ACCEPTED, ...generated.filter(Boolean)]);
  }, 120_000);

  it('a bad pattern in tracekit.yaml is an error naming the field', () => {
    const config = {
      version: 1,
      service: { name: 'checkout' },
      language: 'node',
      framework: 'express',
      exporter: { endpoint: 'http://localhost:4318' },
      redaction: { patterns: ['ok-[0-9]+', '(?<=x)y'] },
    };
    expect(() => validateConfig(config)).toThrow(/redaction\.patterns\.1: "\(\?<=x\)y" uses a \(\?\.\.\.\) group/);
  });

  it('--redact takes keys and globs, refuses anything else by name, adds to the list once', () => {
    expect(parseRedactKeys('user.email, app.*.ssn')).toEqual(['user.email', 'app.*.ssn']);
    expect(() => parseRedactKeys('user.email,User Email')).toThrow(/--redact "User Email" is not an attribute key/);
    expect(withRedactKeys({ ...DEFAULT_REDACTION, keys: ['a.b'] }, ['a.b', 'c.d']).keys).toEqual(['a.b', 'c.d']);
  });
});

describe('the masking the Node setup generates', () => {
  async function masker(config = withRedactKeys(undefined, ['app.customer'])) {
    const code = await createRenderEngine().render('node/partials/redaction.hbs', {
      ts: false,
      traceSdk: '',
      redaction: redactionRules(config),
    });
    return vm.runInNewContext(`${code}\n({ maskAttributes })`) as {
      maskAttributes: (a: Record<string, unknown>) => Record<string, unknown>;
    };
  }

  it('masks keys, e-mails, bearer tokens, JWTs, Luhn-valid cards and URL parameters, nothing else', async () => {
    const { maskAttributes } = await masker();
    const attributes = {
      'url.full': 'http://h:1/users/alice@example.com?token=s3cr3t&page=2&Api_Key=k',
      'url.query': 'password=pw&q=tea',
      'http.target': '/a?tok=keep&signature=x',
      'user_agent.original': 'probe/1.0 (contact bob%40example.org)',
      'app.customer': 'cust-42',
      'db.password': 7,
      'http.request.header.authorization': ['Basic abc'],
      'app.note': 'Bearer abc.def-ghi then eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
      'app.cards': 'paid 4111 1111 1111 1111, order 4111 1111 1111 1112',
      'app.list': ['a@b.co', 'plain'],
      'app.query': 'not a url: token=visible',
      'http.route': '/users/:email',
      'http.response.status_code': 200,
    };
    expect(maskAttributes(attributes)).toEqual({
      'url.full': 'http://h:1/users/****?token=****&page=2&Api_Key=****',
      'url.query': 'password=****&q=tea',
      'http.target': '/a?tok=keep&signature=****',
      'user_agent.original': 'probe/1.0 (contact ****)',
      'app.customer': '****',
      'db.password': '****',
      'http.request.header.authorization': '****',
      'app.note': 'Bearer **** then ****',
      'app.cards': 'paid ****, order 4111 1111 1111 1112',
      'app.list': ['****', 'plain'],
      'app.query': 'not a url: token=visible',
      'http.route': '/users/:email',
      'http.response.status_code': 200,
    });
    const clean = { 'http.route': '/users/:email', 'url.full': 'http://h/x?page=2' };
    expect(maskAttributes(clean)).toBe(clean);
  });

  it('defaults: false keeps only the listed keys and patterns', async () => {
    const { maskAttributes } = await masker({
      ...DEFAULT_REDACTION,
      defaults: false,
      keys: ['app.secret_ref'],
      patterns: ['ord-[0-9]{6}'],
    });
    expect(maskAttributes({ 'app.secret_ref': 'x', 'user.email': 'a@b.co', note: 'ord-123456 shipped' })).toEqual({
      'app.secret_ref': '****',
      'user.email': 'a@b.co',
      note: '**** shipped',
    });
  });
});
