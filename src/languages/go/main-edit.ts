import { addImport, codeOnly, findCalls, importsOf, removeImport } from './go-source.js';

/** What tracekit can change in a Go main file, and what it reports to the user. */
export interface MainEditInput {
  source: string;
  /** Import path of the generated package, "<module>/internal/tracing". */
  tracingImport: string;
  grpc: boolean;
  sql: boolean;
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

const LISTEN_CALLS = ['http.ListenAndServe', 'http.ListenAndServeTLS'];
const CLIENT_FUNCS = ['Get', 'Head', 'Post', 'PostForm'];
const GRPC_CALLS = [
  { callee: 'grpc.NewServer', option: 'tracing.GRPCServerOption()' },
  { callee: 'grpc.NewClient', option: 'tracing.GRPCDialOption()' },
  { callee: 'grpc.Dial', option: 'tracing.GRPCDialOption()' },
  { callee: 'grpc.DialContext', option: 'tracing.GRPCDialOption()' },
];

/** Rewrites the source from the end backwards so earlier indexes stay valid. */
function spliceAll(src: string, edits: { at: number; end: number; text: string }[]): string {
  for (const e of [...edits].sort((a, b) => b.at - a.at)) src = src.slice(0, e.at) + e.text + src.slice(e.end);
  return src;
}

/**
 * Applies the tracing lines to a main file: Setup at the top of main, the server handler and
 * gRPC servers/clients wrapped, http.DefaultClient and sql.Open swapped for the traced ones.
 * Every rewrite keeps the code's meaning; each is skipped when already there (so a second
 * run changes nothing) and reported as manual when the code has a shape it does not know.
 */
export function editGoMain(input: MainEditInput): MainEdit {
  let src = input.source;
  const applied: string[] = [];
  const manual: string[] = [];
  const clash = importsOf(src).find((i) => i.name === 'tracing' && i.path !== input.tracingImport);
  if (clash) {
    return { source: src, applied, manual: [`main already imports "${clash.path}" as tracing: import "${input.tracingImport}" under another name and add ${SETUP_LINES.join('; ')}`] };
  }

  if (!/\btracing\.(Init|Setup)\(/.test(src)) {
    const main = /^func main\(\) \{\n/m.exec(src);
    if (main) {
      src = src.slice(0, main.index + main[0].length) + SETUP_LINES.map((l) => `\t${l}\n`).join('') + src.slice(main.index + main[0].length);
      src = addImport(src, 'context');
      applied.push('call tracing.Init at the start of main and flush spans on return');
    } else manual.push(`at the start of main: ${SETUP_LINES.join('; ')}`);
  }

  const wraps = LISTEN_CALLS.flatMap((c) => findCalls(src, c)).filter((s) => !s.args.at(-1)!.startsWith('tracing.HTTPHandler('));
  src = spliceAll(src, wraps.map((s) => {
    const handler = s.args.at(-1)!;
    const at = src.lastIndexOf(handler, s.close);
    return { at, end: at + handler.length, text: `tracing.HTTPHandler(${handler === 'nil' ? 'http.DefaultServeMux' : handler})` };
  }));
  const fieldRe = /^(\s*Handler:\s*)([A-Za-z_][\w.]*),$/gm;
  const fields = /\bhttp\.Server\{/.test(src) ? [...src.matchAll(fieldRe)] : [];
  src = src.replace(fieldRe, (line, head: string, h: string) => (fields.length ? `${head}tracing.HTTPHandler(${h}),` : line));
  if (wraps.length || fields.length) applied.push('wrap the server handler with tracing.HTTPHandler (a span per request, named by route)');
  else if (!/tracing\.HTTPHandler\(/.test(src)) manual.push('wrap your http.Handler: tracing.HTTPHandler(mux)');

  const clientRe = new RegExp(`(?<![\\w.])http\\.(DefaultClient\\b|(?:${CLIENT_FUNCS.join('|')})\\()`, 'g');
  if (clientRe.test(src)) {
    src = src.replace(clientRe, (_m, rest: string) => (rest === 'DefaultClient' ? 'tracing.HTTPClient' : `tracing.HTTPClient.${rest}`));
    applied.push('send outgoing requests with tracing.HTTPClient (client spans, trace context in the headers)');
  }

  if (input.grpc) {
    for (const { callee, option } of GRPC_CALLS) {
      const sites = findCalls(src, callee).filter((s) => !s.args.some((a) => a.startsWith('tracing.GRPC')));
      const spread = sites.filter((s) => s.args.at(-1)?.endsWith('...'));
      for (const s of spread) manual.push(`add ${option} to the options of ${callee}(${s.args.join(', ')})`);
      const ok = sites.filter((s) => !spread.includes(s));
      src = spliceAll(src, ok.map((s) => ({ at: s.close, end: s.close, text: s.args.length ? `, ${option}` : option })));
      if (ok.length) applied.push(`trace ${callee} with ${option}`);
    }
  }

  if (input.sql) {
    const opens = findCalls(src, 'sql.Open');
    if (opens.length) {
      src = spliceAll(src, opens.map((s) => ({ at: s.open - 'sql.Open'.length, end: s.open, text: 'tracing.OpenDB' })));
      // sql.Open may have been the file's only use of database/sql; an unused import does not compile.
      if (!/(?<![\w.])sql\./.test(codeOnly(src))) src = removeImport(src, 'database/sql');
      applied.push('open the database with tracing.OpenDB (a span per query)');
    }
  }

  if (applied.length) src = addImport(src, input.tracingImport);
  return { source: src, applied, manual };
}
