import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { goString, jsString, pyString, shellWord, yamlString } from '../../../src/render/literals.js';

/** Hostile values: each must come back exactly, as data, from the generated literal. */
const HOSTILE = [
  'plain',
  'quote " and \' apostrophe',
  'back\\slash\\',
  'new\nline\r\n',
  'tab\there',
  '${process.exit(1)}',
  '{{constructor}}',
  '`backtick`',
  '"); import os; os.system("id"); ("',
  'unicode: ünïcødé 日本 🚀',
  'bidi \u202e override \u2028 line sep',
  'nul \u0000 byte',
];

describe('string literals round-trip hostile values in their target language', () => {
  it('JavaScript: the literal evaluates to the same string', () => {
    for (const v of HOSTILE) {
      const lit = jsString(v);
      expect(lit).not.toMatch(/[\n\r\u2028\u202e]/);
      expect(new Function(`return ${lit};`)()).toBe(v);
    }
  });

  it('YAML: the scalar parses to the same string', () => {
    for (const v of HOSTILE) expect(parse(`key: ${yamlString(v)}`)).toEqual({ key: v });
  });

  it('Python: the literal evaluates to the same string in a real interpreter', () => {
    const program = `import json,sys\nvals=[${HOSTILE.map(pyString).join(',\n')}]\nsys.stdout.write(json.dumps(vals))`;
    const out = execFileSync('python3', ['-c', program], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(HOSTILE);
  });

  it('Go: the literal uses only escapes Go accepts and keeps everything on one line', () => {
    for (const v of HOSTILE) {
      const lit = goString(v);
      expect(lit).toMatch(/^"(?:[\x20-\x21\x23-\x5b\x5d-\x7e]|\\["\\nrt]|\\u[0-9a-f]{4}|\\U[0-9a-f]{8})*"$/);
      // Go's interpreted literals use the same escapes as JSON for these, except \U: decode and compare.
      const decoded = JSON.parse(
        lit.replace(/\\U([0-9a-f]{8})/g, (_, h: string) =>
          String.fromCodePoint(parseInt(h, 16))
            .split('')
            .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
            .join(''),
        ),
      );
      expect(decoded).toBe(v);
    }
  });

  it('shell words survive sh -c word splitting', () => {
    for (const v of HOSTILE.filter((x) => !x.includes('\u0000'))) {
      const out = execFileSync('sh', ['-c', `printf %s ${shellWord(v)}`], { encoding: 'utf8' });
      expect(out).toBe(v);
    }
  });
});
