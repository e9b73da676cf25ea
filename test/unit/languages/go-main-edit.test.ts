import { describe, expect, it } from 'vitest';
import { addImport, findCalls, removeImport } from '../../../src/languages/go/go-source.js';
import { editGoMain } from '../../../src/languages/go/main-edit.js';

const IMPORT = 'example.com/app/internal/tracing';
const edit = (source: string, o: { grpc?: boolean; sql?: boolean; router?: 'gin' | 'chi' } = {}) =>
  editGoMain({ source, tracingImport: IMPORT, grpc: o.grpc ?? false, sql: o.sql ?? false, router: o.router });

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

describe('editGoMain', () => {
  it('adds Init, wraps the handler, swaps the client and sql.Open, and fixes the imports', () => {
    const r = edit(SHOP, { sql: true });
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
  });

  it('is idempotent: a second edit changes nothing', () => {
    const once = edit(SHOP, { sql: true }).source;
    const twice = edit(once, { sql: true });
    expect(twice.source).toBe(once);
    expect(twice.applied).toEqual([]);
  });

  it('keeps database/sql when the file still uses it', () => {
    const src =
      'package main\n\nimport "database/sql"\n\nvar db *sql.DB\n\nfunc main() {\n\tdb, _ = sql.Open("pgx", "")\n}\n';
    const r = edit(src, { sql: true });
    expect(r.source).toContain('\t"database/sql"\n');
    expect(r.source).toContain('db, _ = tracing.OpenDB("pgx", "")');
  });

  it('wraps http.Server handlers and adds gRPC options, leaving spread options to the user', () => {
    const src = `package main

import (
	"net/http"

	"google.golang.org/grpc"
)

func main() {
	s := grpc.NewServer(opts...)
	c, _ := grpc.NewClient(addr, grpc.WithTransportCredentials(creds(")")))
	srv := &http.Server{
		Addr:    ":8080",
		Handler: mux,
	}
	_, _, _ = s, c, srv
}
`;
    const r = edit(src, { grpc: true });
    expect(r.source).toContain('\t\tHandler: tracing.HTTPHandler(mux),\n');
    expect(r.source).toContain(
      'grpc.NewClient(addr, grpc.WithTransportCredentials(creds(")")), tracing.GRPCDialOption())',
    );
    expect(r.source).toContain('grpc.NewServer(opts...)');
    expect(r.manual).toEqual(['add tracing.GRPCServerOption() to the options of grpc.NewServer(opts...)']);
  });

  it.each([
    ['gin', 'r := gin.Default()', 'r.Use(tracing.GinMiddleware())'],
    ['chi', 'r := chi.NewRouter()', 'r.Use(tracing.ChiMiddleware)'],
  ] as const)(
    'puts the %s middleware on the router and does not wrap the handler a second time',
    (router, made, use) => {
      const body = `func main() {\n\t${made}\n\thttp.ListenAndServe(":8080", r)\n}\n`;
      const src = `package main\n\nimport "net/http"\n\n${body}`;
      const r = edit(src, { router });
      expect(r.source).toContain(`\t${made}\n\t${use}\n\thttp.ListenAndServe(":8080", r)\n`);
      expect(r.manual).toEqual([]);
      expect(edit(r.source, { router }).source).toBe(r.source);
    },
  );

  it('leaves a file alone that already imports another package named tracing', () => {
    const src = 'package main\n\nimport "example.com/other/tracing"\n\nfunc main() {\n\ttracing.Go()\n}\n';
    const r = edit(src);
    expect(r.source).toBe(src);
    expect(r.applied).toEqual([]);
    expect(r.manual[0]).toMatch(/already imports "example\.com\/other\/tracing" as tracing/);
  });

  it('reports what it cannot place: no func main, no ListenAndServe', () => {
    const r = edit('package main\n\nfunc run() {}\n');
    expect(r.manual).toEqual([
      expect.stringContaining('tracing.Init(context.Background())'),
      'wrap your http.Handler: tracing.HTTPHandler(mux)',
    ]);
    expect(r.applied).toEqual([]);
  });
});

describe('Go source helpers', () => {
  it('finds calls outside strings and comments, with nested arguments', () => {
    const src = 'x := `grpc.Dial(a)` // grpc.Dial(b)\ny := grpc.Dial(f(a, b), "c,d")\n';
    const calls = findCalls(src, 'grpc.Dial');
    expect(calls.map((c) => c.args)).toEqual([['f(a, b)', '"c,d"']]);
  });

  it('adds std imports in sorted order and others as a last group; converts single imports', () => {
    expect(addImport('package main\n\nimport "fmt"\n', 'context')).toBe(
      'package main\n\nimport (\n\t"context"\n\t"fmt"\n)\n',
    );
    expect(addImport('package main\n\nfunc main() {}\n', IMPORT)).toBe(
      `package main\n\nimport (\n\t"${IMPORT}"\n)\n\nfunc main() {}\n`,
    );
    expect(addImport('package main\n\nimport (\n\t"example.com/x"\n)\n', 'context')).toBe(
      'package main\n\nimport (\n\t"context"\n\n\t"example.com/x"\n)\n',
    );
  });

  it('removes an import and the empty group it leaves', () => {
    expect(removeImport('import (\n\t"database/sql"\n\n\t"example.com/x"\n)\n', 'database/sql')).toBe(
      'import (\n\t"example.com/x"\n)\n',
    );
  });
});
