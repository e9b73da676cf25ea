import { z } from 'zod';
import type { Ctx } from '../../context.js';
import { runGoTool } from './go-tool.js';
import type { GoRouter } from './rules.js';

/** What tracekit can change in a Go main file, and what it reports to the user. */
export interface MainEditInput {
  source: string;
  /** Import path of the generated package, "<module>/internal/tracing". */
  tracingImport: string;
  grpc: boolean;
  sql: boolean;
  /** A router whose middleware makes the server spans, so the handler is not wrapped twice. */
  router?: GoRouter;
}

/** The editor's answer, checked at the boundary: the program is tracekit's, but it runs apart. */
const mainEditSchema = z.object({
  source: z.string(),
  /** One line per kind of change made, for the plan and the next steps. */
  applied: z.array(z.string()),
  /** When not empty, the file was left as it was and these are the changes to make by hand. */
  manual: z.array(z.string()),
  /** main.go's HTTP server is traced once edited; false when main.go builds no server it can see. */
  serverTraced: z.boolean(),
  /** Where main's server listens (an environment variable or a literal address), for the generated test. */
  listen: z
    .object({ env: z.string().optional(), portOnly: z.boolean().optional(), address: z.string().optional() })
    .nullable(),
  /** A GET route main.go registers: the template the span is named by, and a path that matches it. */
  route: z.object({ template: z.string(), path: z.string() }).nullable(),
});
export type MainEdit = z.infer<typeof mainEditSchema>;

/** The lines every Go service needs in main, as printed for the user. */
export const SETUP_LINES = ['stopTracing := tracing.Init(context.Background())', 'defer stopTracing()'];

/**
 * Wires a main file to the tracing package with Go's own parser and printer (go-tools/mainedit,
 * run with the machine's Go): tracing.Init at the start of main, server handlers (or the router's
 * middleware), gRPC servers and clients, http.DefaultClient and sql.Open. The result is gofmt-clean
 * and a second run changes nothing. A shape it cannot wire safely leaves the file as it was,
 * with the exact changes to make by hand; so does a Go that cannot build or run the editor.
 */
export async function editGoMain(ctx: Ctx, input: MainEditInput): Promise<MainEdit> {
  try {
    return mainEditSchema.parse(await runGoTool(ctx, 'mainedit', { ...input, router: input.router ?? '' }));
  } catch (err) {
    return {
      source: input.source,
      serverTraced: false,
      listen: null,
      route: null,
      applied: [],
      manual: [
        `tracekit could not run its main.go editor (${(err as Error).message}): in main, ${SETUP_LINES.join('; ')}`,
        'wrap the handler your server serves: tracing.HTTPHandler(h)',
      ],
    };
  }
}
