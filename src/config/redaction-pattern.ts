/**
 * A value pattern in tracekit.yaml reaches three regex engines: JavaScript's RegExp, Python's
 * `re` and Go's RE2. Rather than run Python and Go at init, patterns are held to the syntax the
 * three read alike: literals, `.`, classes `[...]`, groups `(...)` and `(?:...)`, alternation,
 * the quantifiers `* + ? {n} {n,} {n,m}` (m at most 1000) with lazy `?`, anchors `^ $`, and the
 * escapes `\d \D \w \W \s \S \b \B \n \r \t \f \v` or a backslash before punctuation. Left out:
 * lookaround, backreferences, named groups, inline flags, `\p{...}`, `\x..`, `\u....`, `\A`,
 * `\z`, POSIX classes: each is missing or means something else in one of the three.
 */

const ESCAPES = new Set('dDwWsSbBnrtfv');
const CLASS_ESCAPES = new Set('dDwWsSnrtfv');
const MAX_LENGTH = 500;
const MAX_REPEAT = 1000;

/** Why a pattern is refused, naming the construct; undefined when all three engines take it alike. */
export function valuePatternProblem(p: string): string | undefined {
  if (p.length === 0) return 'is empty';
  if (p.length > MAX_LENGTH) return `is longer than ${MAX_LENGTH} characters`;
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const next = p[i + 1];
      if (next === undefined) return 'ends with a lone backslash';
      const allowed = inClass ? CLASS_ESCAPES : ESCAPES;
      if (/[A-Za-z0-9]/.test(next) && !allowed.has(next)) {
        return `uses \\${next}, which JavaScript, Python and Go read differently (see the pattern rules in the README)`;
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[' && p[i + 1] === ':') return 'uses a POSIX class [:...:], which only Go reads';
      continue;
    }
    if (c === '[') {
      // "]" first in a class is a literal in Python and Go, but ends the class in JavaScript.
      if (p.startsWith('[]', i) || p.startsWith('[^]', i))
        return 'starts a class with "]", which the engines read differently';
      inClass = true;
      i += p[i + 1] === '^' ? 1 : 0;
    } else if (c === '(' && p[i + 1] === '?' && p[i + 2] !== ':') {
      return 'uses a (?...) group other than (?:...) (lookaround, named groups, inline flags differ by engine)';
    } else if (c === '{' && p[i + 1] === ',') {
      return 'uses {,n}, which Python reads as a repeat and JavaScript and Go as text';
    } else if (c === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(p.slice(i));
      if (m && Math.max(Number(m[1]), Number(m[2] || 0)) > MAX_REPEAT) return `repeats more than ${MAX_REPEAT} times`;
    }
  }
  let re: RegExp;
  try {
    re = new RegExp(p);
  } catch (err) {
    return `is not a valid regular expression (${(err as Error).message})`;
  }
  if (re.test('')) return 'matches the empty string (it would mask between every character)';
  return undefined;
}
