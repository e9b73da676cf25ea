import { addImport, type CallSite, codeOnly, findCalls, importsOf, removeImport } from './go-source.js';

/** What tracekit can change in a Go main file, and what it reports to the user. */
export interface MainEditInput {
  source: string;
  /** Import path of the generated package, "<module>/internal/tracing". */
  tracingImport: string;
  grpc: boolean;
  sql: boolean;
  /** gin or chi: their middleware makes the server spans, so the handler is not wrapped twice. */
  router?: 'gin' | 'chi';
}

export interface MainEdit {
  source: string;
  /** One line per change made, for the plan and the next steps. */
  applied: string[];
  /** Changes that could not be made safely; the user makes them by hand. */
  manual: string[];
}

/** The lines every Go service needs in main, as printed for the user. */
export const SETUP_LINES = ['stopTracing := tracing.Init(context.Background())', 'defer stopTracing()'];

/** One rewrite: the new source, what it did, and what it left to the user. */
type Step = (src: string, input: MainEditInput) => { src: string; applied?: string; manual?: string[] };

/** Rewrites the source from the end backwards so earlier indexes stay valid. */
function spliceAll(src: string, edits: { at: number; end: number; text: string }[]): string {
  for (const e of [...edits].sort((a, b) => b.at - a.at)) src = src.slice(0, e.at) + e.text + src.slice(e.end);
  return src;
}

const setup: Step = (src) => {
  if (/\btracing\.(Init|Setup)\(/.test(src)) return { src };
  const main = /^func main\(\) \{\n/m.exec(src);
  if (!main) return { src, manual: [`at the start of main: ${SETUP_LINES.join('; ')}`] };
  const at = main.index + main[0].length;
  src = src.slice(0, at) + SETUP_LINES.map((l) => `\t${l}\n`).join('') + src.slice(at);
  return {
    src: addImport(src, 'context'),
    applied: 'call tracing.Init at the start of main and flush spans on return',
  };
};

const ROUTERS = {
  gin: { constructors: 'gin\\.(?:Default|New)', use: 'tracing.GinMiddleware()' },
  chi: { constructors: 'chi\\.(?:NewRouter|NewMux)', use: 'tracing.ChiMiddleware' },
};

/** `r := gin.Default()` / `r := chi.NewRouter()` gets `r.Use(<middleware>)` on the next line. */
const router: Step = (src, input) => {
  if (!input.router) return { src };
  const { constructors, use } = ROUTERS[input.router];
  if (src.includes(`.Use(${use})`)) return { src };
  const made = new RegExp(`^(\\s*)(\\w+) :?= ${constructors}\\(\\)\\n`, 'm').exec(src);
  if (!made)
    return { src, manual: [`add ${use} as the first middleware of your ${input.router} router: r.Use(${use})`] };
  const at = made.index + made[0].length;
  return {
    src: `${src.slice(0, at)}${made[1]}${made[2]}.Use(${use})\n${src.slice(at)}`,
    applied: `trace every request the ${input.router} router serves with ${use}`,
  };
};

/** The handler passed to http.ListenAndServe(TLS) or set as an http.Server's Handler field. */
const handler: Step = (src, input) => {
  if (input.router) return { src };
  const calls = ['http.ListenAndServe', 'http.ListenAndServeTLS']
    .flatMap((c) => findCalls(src, c))
    .filter((s) => !s.args.at(-1)!.startsWith('tracing.HTTPHandler('));
  src = spliceAll(
    src,
    calls.map((s) => {
      const h = s.args.at(-1)!;
      const at = src.lastIndexOf(h, s.close);
      return { at, end: at + h.length, text: `tracing.HTTPHandler(${h === 'nil' ? 'http.DefaultServeMux' : h})` };
    }),
  );
  const field = /^(\s*Handler:\s*)([A-Za-z_][\w.]*),$/gm;
  const fields = /\bhttp\.Server\{/.test(src) ? [...src.matchAll(field)].length : 0;
  if (fields) src = src.replace(field, (_l, head: string, h: string) => `${head}tracing.HTTPHandler(${h}),`);
  if (calls.length || fields)
    return { src, applied: 'wrap the server handler with tracing.HTTPHandler (a span per request, named by route)' };
  return {
    src,
    manual: /tracing\.HTTPHandler\(/.test(src) ? [] : ['wrap your http.Handler: tracing.HTTPHandler(mux)'],
  };
};

/** http.DefaultClient and the package-level http.Get/Head/Post/PostForm use the traced client. */
const client: Step = (src) => {
  const uses = [...codeOnly(src).matchAll(/(?<![\w.])http\.(DefaultClient\b|(?:Get|Head|Post|PostForm)\()/g)];
  if (!uses.length) return { src };
  src = spliceAll(
    src,
    uses.map((m) => ({
      at: m.index,
      end: m.index + m[0].length,
      text: m[1] === 'DefaultClient' ? 'tracing.HTTPClient' : `tracing.HTTPClient.${m[1]}`,
    })),
  );
  return {
    src,
    applied: 'send outgoing requests with tracing.HTTPClient (client spans, trace context in the headers)',
  };
};

const GRPC_CALLS = [
  { callee: 'grpc.NewServer', option: 'tracing.GRPCServerOption()' },
  { callee: 'grpc.NewClient', option: 'tracing.GRPCDialOption()' },
  { callee: 'grpc.Dial', option: 'tracing.GRPCDialOption()' },
  { callee: 'grpc.DialContext', option: 'tracing.GRPCDialOption()' },
];

/** The stats handler option appended to gRPC servers and clients; a spread `opts...` is left to the user. */
const grpc: Step = (src, input) => {
  if (!input.grpc) return { src };
  const done: string[] = [];
  const manual: string[] = [];
  for (const { callee, option } of GRPC_CALLS) {
    const sites = findCalls(src, callee).filter((s) => !s.args.some((a) => a.startsWith('tracing.GRPC')));
    const spread = (s: CallSite) => s.args.at(-1)?.endsWith('...');
    for (const s of sites.filter(spread))
      manual.push(`add ${option} to the options of ${callee}(${s.args.join(', ')})`);
    const ok = sites.filter((s) => !spread(s));
    src = spliceAll(
      src,
      ok.map((s) => ({ at: s.close, end: s.close, text: s.args.length ? `, ${option}` : option })),
    );
    if (ok.length) done.push(`${callee} with ${option}`);
  }
  return { src, manual, ...(done.length ? { applied: `trace ${done.join(', ')}` } : {}) };
};

/** sql.Open becomes tracing.OpenDB (same arguments and results). */
const sql: Step = (src, input) => {
  const opens = input.sql ? findCalls(src, 'sql.Open') : [];
  if (!opens.length) return { src };
  src = spliceAll(
    src,
    opens.map((s) => ({ at: s.open - 'sql.Open'.length, end: s.open, text: 'tracing.OpenDB' })),
  );
  // sql.Open may have been the file's only use of database/sql; an unused import does not compile.
  if (!/(?<![\w.])sql\./.test(codeOnly(src))) src = removeImport(src, 'database/sql');
  return { src, applied: 'open the database with tracing.OpenDB (a span per query)' };
};

const STEPS: Step[] = [setup, router, handler, client, grpc, sql];

/**
 * Applies the tracing lines to a main file: Init at the top of main, the server handler (or the
 * gin/chi router) and gRPC servers/clients traced, http.DefaultClient and sql.Open swapped for
 * the traced ones. Every rewrite keeps the code's meaning; each is skipped when already there
 * (so a second run changes nothing) and reported as manual when the code has a shape it does
 * not know.
 */
export function editGoMain(input: MainEditInput): MainEdit {
  let src = input.source;
  const applied: string[] = [];
  const manual: string[] = [];
  const clash = importsOf(src).find((i) => i.name === 'tracing' && i.path !== input.tracingImport);
  if (clash) {
    return {
      source: src,
      applied,
      manual: [
        `main already imports "${clash.path}" as tracing: ` +
          `import "${input.tracingImport}" under another name and add ${SETUP_LINES.join('; ')}`,
      ],
    };
  }
  for (const step of STEPS) {
    const r = step(src, input);
    src = r.src;
    if (r.applied) applied.push(r.applied);
    manual.push(...(r.manual ?? []));
  }
  if (applied.length) src = addImport(src, input.tracingImport);
  return { source: src, applied, manual };
}
