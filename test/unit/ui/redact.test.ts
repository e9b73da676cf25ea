import { describe, expect, it } from 'vitest';
import { headerSecrets, secretsFromEnv, userinfoSecrets } from '../../../src/ui/env-secrets.js';
import { createLogger } from '../../../src/ui/logger.js';
import { createRedactor, MASK, redact } from '../../../src/ui/redact.js';

describe('redact: what looks like a credential', () => {
  it.each([
    ['URL user and password', 'POST http://alice:s3cret@host:4318/v1/traces', 'POST http://***@host:4318/v1/traces'],
    ['URL user alone (often a token)', 'https://ghp_abc123@github.com/x.git', 'https://***@github.com/x.git'],
    ['URL inside a JSON string', '{"url":"https://u:p@h/a"}', '{"url":"https://***@h/a"}'],
    ['Bearer token', 'Authorization: Bearer eyJhbGciOi.x-y_z', 'Authorization: Bearer ***'],
    ['Basic token', 'basic dXNlcjpwYXNz', 'basic ***'],
    ['header pairs', 'authorization=Bearer%20abc,x-api-key=k3y', 'authorization=***,x-api-key=***'],
    ['env assignment', 'GITHUB_TOKEN=ghp_zzz9 next', 'GITHUB_TOKEN=*** next'],
    ['query string', '/search?api_key=abc1&q=x', '/search?api_key=***&q=x'],
    ['JSON pair', '{ "x-api-key": "k\\"3y", "n": 1 }', '{ "x-api-key": "***", "n": 1 }'],
  ])('masks %s', (_name, text, masked) => {
    expect(redact(text)).toBe(masked);
  });

  it.each([
    ['a plain message', 'Jaeger health at http://127.0.0.1:13133/status: connection refused'],
    ['an @ in a path or query', 'http://host/users/@me?mail=a@b.example'],
    ['an email address', 'ask ops@example.com'],
    ['prose after an auth scheme', 'Basic authentication and Bearer tokens are both fine'],
    ['a placeholder in a hint', 'for example authorization=Bearer%20<token>'],
    ['an env reference', 'GF_SECURITY_ADMIN_PASSWORD=${GRAFANA_ADMIN_PASSWORD}'],
    ['code with spaces around =', 'const token = process.env.TOKEN'],
    ['a non-secret pair', 'service.name=shop,deployment.environment=prod'],
  ])('leaves %s unchanged', (_name, text) => {
    expect(redact(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redact('http://u:p@h authorization=Bearer%20x1 Bearer Abc', ['tok-1234']);
    expect(redact(once, ['tok-1234'])).toBe(once);
  });
});

describe('redact: literal secrets', () => {
  it('masks each occurrence, and never a value that is not secret', () => {
    const r = createRedactor(['tok-s3cret']);
    expect(r('path /tok-s3cret/v1 and again tok-s3cret.')).toBe(`path /${MASK}/v1 and again ${MASK}.`);
    expect(r('nothing secret here: 1234 tok-s3cre')).toBe('nothing secret here: 1234 tok-s3cre');
  });

  it.each([
    [['abcdef', 'defghi'], `x ${MASK} y`],
    [['defghi', 'abcdef'], `x ${MASK} y`],
    [['abcd', 'abcdefgh'], `x ${MASK}i y`],
  ])('masks overlapping secrets %j whole, whatever their order', (secrets, masked) => {
    expect(createRedactor(secrets)('x abcdefghi y')).toBe(masked);
  });

  it('masks the spellings output gives a secret: JSON, percent-encoded, XML, GitHub data', () => {
    const secret = 'p@ss "w/ord"&%\nx';
    const r = createRedactor([secret]);
    for (const spelled of [
      JSON.stringify(secret),
      encodeURIComponent(secret),
      'p@ss &quot;w/ord&quot;&amp;%\nx',
      'p@ss "w/ord"&%25%0Ax',
    ]) {
      expect(r(`[${spelled}]`)).not.toContain('w/ord');
    }
  });

  it('ignores secrets too short to mask without garbling ordinary text', () => {
    expect(createRedactor(['', 'ab', 'abc'])('abc ab 1')).toBe('abc ab 1');
  });
});

describe('secrets from the environment', () => {
  it('takes OTLP header values raw, percent-decoded and the token after Bearer', () => {
    expect(headerSecrets('authorization=Bearer%20t0k3n,x-api-key=k3y%2Fv%40lue, bare-secret-1 ')).toEqual([
      'Bearer%20t0k3n',
      'Bearer t0k3n',
      't0k3n',
      'k3y%2Fv%40lue',
      'k3y/v@lue',
      'bare-secret-1',
      'bare-secret-1',
    ]);
  });

  it('takes URL userinfo whole and the password alone', () => {
    expect(userinfoSecrets('http://alice:p%40ss@h, https://ghp_x1@github.com')).toEqual([
      'alice:p%40ss',
      'alice:p@ss',
      'p%40ss',
      'p@ss',
      'ghp_x1',
      'ghp_x1',
    ]);
  });

  it('takes secret-named variables of 4+ characters, not flags, not ordinary variables', () => {
    const secrets = secretsFromEnv({
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20hdr-1',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-key=trc-2',
      DEPLOY_TOKEN: 'tok-3',
      AWS_SECRET_ACCESS_KEY: 'aws-4',
      GRAFANA_ADMIN_PASSWORD: 'graf-5',
      DD_API_KEY: 'dd-66',
      SHORT_TOKEN: 'abc',
      TOKENIZERS_PARALLELISM: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://bob:pw-7@collector:4318',
      HOME: '/home/me',
      PWD: '/work',
      OTEL_SERVICE_NAME: 'shop',
    });
    expect(secrets).toEqual(
      expect.arrayContaining(['hdr-1', 'Bearer hdr-1', 'trc-2', 'tok-3', 'aws-4', 'graf-5', 'dd-66', 'pw-7']),
    );
    for (const plain of ['abc', 'false', '/home/me', '/work', 'shop']) expect(secrets).not.toContain(plain);
  });
});

describe('logger', () => {
  it('masks every line it writes, on stderr and stdout, with the list it was given', () => {
    const lines: string[] = [];
    const log = createLogger({
      colorEnabled: false,
      verbose: true,
      stderr: (s) => lines.push(s),
      stdout: (s) => lines.push(s),
      secrets: ['tok-s3cret'],
    });
    log.info('a tok-s3cret b');
    log.warn('http://u:pw@h');
    log.error('failed for tok-s3cret', 'set authorization=Bearer%20zz9');
    log.debug('Error: at /tmp/tok-s3cret/x.xml');
    log.out(JSON.stringify({ url: 'http://x:y@h', token: 'tok-s3cret' }));
    expect(lines.join('\n')).not.toMatch(/tok-s3cret|pw@|zz9|x:y@/);
    expect(lines).toContain('✖ failed for ***');
    expect(log.redact('<x>tok-s3cret</x>')).toBe('<x>***</x>');
  });
});
