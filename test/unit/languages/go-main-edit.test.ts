import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { type Ctx, realExec } from '../../../src/context.js';
import { GO_TOOLS_DIR } from '../../../src/languages/go/go-tool.js';
import { editGoMain, type MainEditInput } from '../../../src/languages/go/main-edit.js';
import { fakeCtx } from '../../support/fake-ctx.js';
import { tempDir } from '../../support/temp-tree.js';

/** A context that runs real programs: the editor is a Go program built with the machine's Go. */
function goCtx(env: NodeJS.ProcessEnv = process.env): Ctx {
  return { ...fakeCtx(process.cwd()).ctx, exec: realExec, env };
}

const IMPORT = 'example.com/app/internal/tracing';
const edit = (source: string, o: Partial<MainEditInput> = {}) =>
  editGoMain(goCtx(), { source, tracingImport: IMPORT, grpc: false, sql: false, ...o });

const SHOP = `package main

import (
	"database/sql"
	"log"
	"net/http"

	_ "modernc.org/sqlite"
)

func main() {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	_ = db
	res, err := http.Get("http://example.com") // not "sql.Open(" in a string
	_ = res
	log.Fatal(http.ListenAndServe(":8080", nil))
}
`;

/** A main file with these imports and this body of main. */
const mainWith = (imports: string[], body: string, more = '') =>
  `package main\n\nimport (\n${imports.map((i) => `\t${i}\n`).join('')})\n\n${more}func main() {\n${body}}\n`;

describe('editGoMain (go-tools/mainedit)', () => {
  it('adds Init, wraps the default mux, swaps the client and sql.Open, and fixes the imports', async () => {
    const r = await edit(SHOP, { sql: true });
    expect(r.source).toBe(`package main

import (
	"context"
	"log"
	"net/http"

	_ "modernc.org/sqlite"

	"${IMPORT}"
)

func main() {
	stopTracing := tracing.Init(context.Background())
	defer stopTracing()
	db, err := tracing.OpenDB("sqlite", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	_ = db
	res, err := tracing.HTTPClient.Get("http://example.com") // not "sql.Open(" in a string
	_ = res
	log.Fatal(http.ListenAndServe(":8080", tracing.HTTPHandler(http.DefaultServeMux)))
}
`);
    expect(r.applied).toHaveLength(4);
    expect(r.manual).toEqual([]);
    expect(r.serverTraced).toBe(true);
    expect((await edit(r.source, { sql: true })).serverTraced).toBe(true);
    expect((await edit(mainWith(['"log"'], '\tlog.Print("worker")\n'))).serverTraced).toBe(false);
  });

  it('is idempotent: a second edit changes nothing', async () => {
    const once = (await edit(SHOP, { sql: true })).source;
    const twice = await edit(once, { sql: true });
    expect(twice.source).toBe(once);
    expect(twice.applied).toEqual([]);
  });

  it('keeps database/sql when the file still uses it', async () => {
    const src = mainWith(['"database/sql"'], '\tdb, _ = sql.Open("pgx", "")\n', 'var db *sql.DB\n\n');
    const r = await edit(src, { sql: true });
    expect(r.source).toContain('\t"database/sql"\n');
    expect(r.source).toContain('db, _ = tracing.OpenDB("pgx", "")');
  });

  it.each([
    [
      'a &http.Server literal started with srv.ListenAndServe()',
      mainWith(
        ['"log"', '"net/http"'],
        '\tsrv := &http.Server{Addr: ":8080", Handler: mux}\n\tlog.Fatal(srv.ListenAndServe())\n',
      ),
      'srv := &http.Server{Addr: ":8080", Handler: tracing.HTTPHandler(mux)}',
    ],
    [
      'a value literal without Handler: the default mux',
      mainWith(['"net/http"'], '\tsrv := http.Server{\n\t\tAddr: ":8080",\n\t}\n\tsrv.ListenAndServe()\n'),
      '\t\tAddr:    ":8080",\n\t\tHandler: tracing.HTTPHandler(http.DefaultServeMux),\n\t}',
    ],
    [
      'srv.Handler = mux assigned after the literal',
      mainWith(
        ['"net/http"'],
        '\tsrv := &http.Server{Addr: ":8080"}\n\tsrv.Handler = mux\n\tsrv.ListenAndServeTLS("c", "k")\n',
      ),
      'srv := &http.Server{Addr: ":8080"}\n\tsrv.Handler = tracing.HTTPHandler(mux)\n',
    ],
    [
      'a package-level var and ListenAndServeTLS',
      mainWith(
        ['"net/http"'],
        '\tgo srv.ListenAndServe()\n\thttp.ListenAndServeTLS(":8443", "c", "k", api)\n',
        'var srv = &http.Server{\n\tHandler: api,\n}\n\n',
      ),
      '\tHandler: tracing.HTTPHandler(api),\n}\n',
    ],
    [
      'http.Serve on a listener',
      mainWith(['"net"', '"net/http"'], '\tl, _ := net.Listen("tcp", ":0")\n\thttp.Serve(l, h)\n'),
      'http.Serve(l, tracing.HTTPHandler(h))',
    ],
    [
      'net/http imported as nethttp',
      mainWith(['nethttp "net/http"'], '\tnethttp.HandleFunc("/", nil)\n\tnethttp.ListenAndServe(":8080", nil)\n'),
      'nethttp.ListenAndServe(":8080", tracing.HTTPHandler(nethttp.DefaultServeMux))',
    ],
  ])('wraps the handler: %s', async (_shape, src, expected) => {
    const r = await edit(src);
    expect(r.manual).toEqual([]);
    expect(r.source).toContain(expected);
    expect(r.applied).toContain(
      'wrap the server handler with tracing.HTTPHandler (a span per request, named by route)',
    );
    expect((await edit(r.source)).source).toBe(r.source);
  });

  it('adds gRPC options, a spread one through append', async () => {
    const src = mainWith(
      ['"google.golang.org/grpc"'],
      '\ts := grpc.NewServer(opts...)\n' +
        '\tc, _ := grpc.NewClient(addr,\n\t\tgrpc.WithTransportCredentials(creds(")")),\n\t)\n' +
        '\t_, _ = s, c\n',
    );
    const r = await edit(src, { grpc: true });
    expect(r.source).toContain('grpc.NewServer(append(opts, tracing.GRPCServerOption())...)');
    expect(r.source).toContain('grpc.WithTransportCredentials(creds(")")), tracing.GRPCDialOption(),\n\t)');
    expect(r.applied).toContain(
      'trace grpc.NewServer with tracing.GRPCServerOption(), grpc.NewClient with tracing.GRPCDialOption()',
    );
    expect((await edit(r.source, { grpc: true })).source).toBe(r.source);
  });

  it.each([
    ['gin', '"github.com/gin-gonic/gin"', 'r := gin.Default()', 'r.Use(tracing.GinMiddleware())'],
    ['chi', '"github.com/go-chi/chi/v5"', 'r := chi.NewRouter()', 'r.Use(tracing.ChiMiddleware)'],
    ['echo', '"github.com/labstack/echo/v4"', 'r := echo.New()', 'r.Use(tracing.EchoMiddleware())'],
    ['gorilla-mux', '"github.com/gorilla/mux"', 'r := mux.NewRouter()', 'r.Use(tracing.MuxMiddleware)'],
  ] as const)(
    'puts the %s middleware on the router and does not wrap the handler too',
    async (router, imp, made, use) => {
      const src = mainWith(
        ['"net/http"', '', imp],
        `\t${made}\n\tsrv := &http.Server{Handler: r}\n\tsrv.ListenAndServe()\n`,
      );
      const r = await edit(src, { router });
      expect(r.source).toContain(`\t${made}\n\t${use}\n\tsrv := &http.Server{Handler: r}\n`);
      expect(r.manual).toEqual([]);
      expect((await edit(r.source, { router })).source).toBe(r.source);
    },
  );

  it('imports the package as tktracing when another package is named tracing', async () => {
    const src = mainWith(
      ['"net/http"', '', '"example.com/other/tracing"'],
      '\ttracing.Go()\n\thttp.ListenAndServe(":1", h)\n',
    );
    const r = await edit(src);
    expect(r.source).toContain(`\ttktracing "${IMPORT}"\n`);
    expect(r.source).toContain('stopTracing := tktracing.Init(context.Background())');
    expect(r.source).toContain('http.ListenAndServe(":1", tktracing.HTTPHandler(h))');
    expect((await edit(r.source)).source).toBe(r.source);
  });

  it('leaves handlers alone that otelhttp already traces', async () => {
    const otelhttp = '"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"';
    const src = mainWith(['"net/http"', '', otelhttp], '\thttp.ListenAndServe(":1", otelhttp.NewHandler(h, "s"))\n');
    const r = await edit(src);
    expect(r.source).toContain('http.ListenAndServe(":1", otelhttp.NewHandler(h, "s"))');
    expect(r.applied).toEqual(['call tracing.Init at the start of main and flush spans on return']);
  });

  it('refuses a server whose handler it cannot find: the file unchanged, every line to change printed', async () => {
    const src = mainWith(
      ['"net/http"', '', '"example.com/app/server"'],
      '\tsrv := server.New()\n\tsrv.ListenAndServe()\n\thttp.Get("x")\n',
    );
    const r = await edit(src);
    expect(r.source).toBe(src);
    expect(r.applied).toEqual([]);
    expect(r.manual).toEqual([
      'line 11: srv.ListenAndServe() starts a server whose handler tracekit cannot find in this file: ' +
        'wrap that handler where it is built, Handler: tracing.HTTPHandler(h)',
      `import "${IMPORT}"`,
      'line 9, at the start of main: add stopTracing := tracing.Init(context.Background()); defer stopTracing() ' +
        '(and import "context")',
      'line 12: http.Get becomes tracing.HTTPClient.Get',
    ]);
  });

  it('refuses a file without func main, or one that does not parse', async () => {
    expect((await edit('package main\n\nfunc run() {}\n')).manual[0]).toMatch(/no func main/);
    const broken = await edit('package main\n\nfunc main() {\n');
    expect(broken.source).toBe('package main\n\nfunc main() {\n');
    expect(broken.manual[0]).toMatch(/^main\.go does not parse/);
  });
});

describe('the editor program in the cache', () => {
  it("passes its own Go test (every shape's edit is gofmt's output and idempotent)", async () => {
    const r = await execa('go', ['test', './...'], {
      cwd: path.join(GO_TOOLS_DIR, 'mainedit'),
      env: { GOTOOLCHAIN: 'local', GOWORK: 'off', GOFLAGS: '' },
      reject: false,
    });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  }, 120_000);

  it('is built once, keyed by its source, then run from the cache', async () => {
    const cache = tempDir('tk-go-tool-');
    const builds: string[][] = [];
    const ctx = goCtx({ ...process.env, TRACEKIT_CACHE: cache });
    const counting: Ctx = {
      ...ctx,
      exec: (file, args, opts) => {
        if (file === 'go') builds.push(args);
        return realExec(file, args, opts);
      },
    };
    const input = { source: SHOP, tracingImport: IMPORT, grpc: false, sql: true };
    const first = await editGoMain(counting, input);
    const second = await editGoMain(counting, input);
    expect(second).toEqual(first);
    expect(builds).toHaveLength(1);
    expect(builds[0]!.slice(0, 2)).toEqual(['build', '-trimpath']);
    const binary = builds[0]![3]!;
    expect(path.dirname(binary)).toMatch(new RegExp(`^${cache}/mainedit-[0-9a-f]{16}$`));
    expect(existsSync(path.join(path.dirname(binary), 'mainedit'))).toBe(true);
  }, 120_000);

  it('without a Go to build it: main.go unchanged, the lines to add by hand', async () => {
    const ctx: Ctx = {
      ...goCtx({ ...process.env, TRACEKIT_CACHE: tempDir('tk-go-tool-') }),
      exec: async () => {
        throw new Error('go: command not found');
      },
    };
    const r = await editGoMain(ctx, { source: SHOP, tracingImport: IMPORT, grpc: false, sql: false });
    expect(r.source).toBe(SHOP);
    expect(r.manual[0]).toContain('(go: command not found): in main, stopTracing := tracing.Init');
  });
});
