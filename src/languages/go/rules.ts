import type { Detected } from '../../project/detection.js';
import type { Probe } from '../../project/probe.js';
import type { DetectionRules } from '../language.js';
import { readGoMod } from './go-mod.js';
import { declaredModules, GO_QUEUE_CLIENTS, withinModule } from './queues.js';

/** What Go detection adds to the shared fields. */
export interface GoFacts {
  go: {
    module: string;
    goVersion?: string;
    /** go.mod's toolchain line ("go1.25.3"), when it has one. */
    toolchain?: string;
    /** Main packages, relative to the root ("." or "cmd/server"). */
    mains: string[];
  };
}
export type GoDetection = Detected<GoFacts>;

/**
 * Routers whose own middleware makes the server spans (named by route template, with
 * http.route): each has a template <id>.go and its `r.Use(...)` in go-tools/mainedit.
 */
export const GO_ROUTERS = ['gin', 'chi', 'echo', 'gorilla-mux'] as const;
export type GoRouter = (typeof GO_ROUTERS)[number];

/** Folders holding a main.go: the root and cmd/<name>/. */
async function findMains(p: Probe): Promise<string[]> {
  const mains: string[] = [];
  if (p.entries.has('main.go')) mains.push('.');
  if (p.entries.has('cmd')) {
    for (const d of await p.list('cmd')) {
      if (d.isDirectory && (await p.read(`cmd/${d.name}/main.go`)) !== undefined) mains.push(`cmd/${d.name}`);
    }
  }
  return mains;
}

/** Go detection: go.mod's direct requirements, the packages the code imports, and the main packages. */
export const goRules: DetectionRules<GoFacts> = {
  present: (p) => p.entries.has('go.mod'),
  dependencies: declaredModules,
  dependencyMatches: withinModule,
  frameworks: [
    { id: 'grpc', title: 'gRPC', deps: ['google.golang.org/grpc'] },
    { id: 'gin', title: 'gin', deps: ['github.com/gin-gonic/gin'] },
    { id: 'chi', title: 'chi', deps: ['github.com/go-chi/chi', 'github.com/go-chi/chi/v5'] },
    { id: 'echo', title: 'echo', deps: ['github.com/labstack/echo/v4'] },
    { id: 'gorilla-mux', title: 'gorilla/mux', deps: ['github.com/gorilla/mux'] },
  ],
  fallbackFramework: 'net-http',
  libraries: [
    {
      id: 'sql',
      deps: [
        'database/sql',
        'github.com/mattn/go-sqlite3',
        'modernc.org/sqlite',
        'github.com/lib/pq',
        'github.com/jackc/pgx/v5',
        'github.com/go-sql-driver/mysql',
      ],
    },
    { id: 'grpc', deps: ['google.golang.org/grpc'] },
    { id: 'redis', deps: ['github.com/redis/go-redis/v9'] },
    ...GO_QUEUE_CLIENTS.map((c) => ({ id: c.id, deps: [c.module] })),
  ],
  packageManagers: [{ id: 'go-modules', when: () => true }],
  async facts(p) {
    const goMod = (await readGoMod(p))!;
    const mains = await findMains(p);
    return {
      go: { module: goMod.module, goVersion: goMod.goVersion, toolchain: goMod.toolchain, mains },
      entryPoint: mains[0] === '.' ? 'main.go' : mains[0] ? `${mains[0]}/main.go` : undefined,
    };
  },
  describe: (d) => `module ${d.go.module}${d.go.goVersion ? `, go ${d.go.goVersion}` : ''}`,
  identity: async (_p, d) => ({ name: d.go.module }),
};
