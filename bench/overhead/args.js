// The harness's flags, parsed into one options object (run.js documents them in its usage text).
const LANGS = ['node', 'python', 'go'];

export const USAGE = `Usage: npm run bench:overhead [-- flags]
  --lang node|python|go   languages to measure (repeat, or a comma list; default all three)
  --rounds N              interleaved rounds per language (default 3)
  --duration S            seconds of load per config and round (default 10)
  --connections N         wrk connections (default 32)
  --short                 one round, 3 s per config: proves the harness works (CI), times mean nothing
  --soak MIN              soak mode: each traced service under steady load for MIN minutes, RSS every 10 s
  --backend-down          soak with no backend listening (the export queue's bound must hold)
  --lock FILE             take this flock while measuring (not while installing), one language at a time
  --out FILE              where the JSON goes (default bench/results/<date>-overhead-<node>-<cores>core.json)
  --keep                  keep the temp copies of the services (their paths are printed)`;

const positive = (flag, v) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number, got ${v}`);
  return n;
};

/** argv (after `node run.js`) → options; throws with the flag's name on bad input. */
export function parseArgs(argv) {
  const o = { langs: [], rounds: 3, duration: 10, connections: 32, short: false, soak: 0, backendDown: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--lang') o.langs.push(...value().split(',').filter(Boolean));
    else if (flag === '--rounds') o.rounds = Math.round(positive(flag, value()));
    else if (flag === '--duration') o.duration = positive(flag, value());
    else if (flag === '--connections') o.connections = Math.round(positive(flag, value()));
    else if (flag === '--short') o.short = true;
    else if (flag === '--soak') o.soak = positive(flag, value());
    else if (flag === '--backend-down') o.backendDown = true;
    else if (flag === '--lock') o.lock = value();
    else if (flag === '--out') o.out = value();
    else if (flag === '--keep') o.keep = true;
    else if (flag === '--help' || flag === '-h') o.help = true;
    else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  }
  for (const l of o.langs) if (!LANGS.includes(l)) throw new Error(`--lang: ${l} is not one of ${LANGS.join(', ')}`);
  if (o.langs.length === 0) o.langs = [...LANGS];
  o.langs = LANGS.filter((l) => o.langs.includes(l));
  if (o.short) Object.assign(o, { rounds: 1, duration: 3 });
  if (o.backendDown && !o.soak) throw new Error('--backend-down is a soak variant: give --soak MIN too');
  return o;
}
