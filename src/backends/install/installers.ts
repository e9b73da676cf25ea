import path from 'node:path';
import { CACHED_PROGRAMS, CACHED_VERSIONS, type CachedProgramId } from '../../runtime/cache.js';

/** A program tracekit needs on the machine to build or fetch something. */
export interface Tool {
  /** The command run to see that it is there and which version it is. */
  command: string;
  versionArgs: string[];
  title: string;
  /** How to get it, for the error when it is missing. */
  hint: string;
}

export const TOOLS = {
  go: {
    command: 'go',
    versionArgs: ['version'],
    title: 'Go',
    hint: 'Install Go 1.26 or later (https://go.dev/dl/, or your package manager) and put `go` on PATH',
  },
  java: {
    command: 'java',
    versionArgs: ['-version'],
    title: 'Java 17 or later',
    hint: 'Install Java 17 or later (Debian/Ubuntu: apt-get install openjdk-17-jre-headless)',
  },
  mvn: {
    command: 'mvn',
    versionArgs: ['--version'],
    title: 'Maven',
    hint: 'Install Maven (Debian/Ubuntu: apt-get install maven); it fetches the jar from Maven Central',
  },
} satisfies Record<string, Tool>;

export type ToolId = keyof typeof TOOLS;

/** One command of an install, or a file to write; run in order, each reported as a step. */
export type InstallStep =
  | {
      kind: 'run';
      title: string;
      file: string;
      args: string[];
      cwd?: string;
      env?: Record<string, string>;
      /** Skipped when this file exists (left by an earlier, interrupted run). */
      unless?: string;
    }
  | { kind: 'write-builder-config'; title: string; to: string; output: string }
  | { kind: 'move'; title: string; from: string; to: string };

/** How one cached program is made. */
export interface Installer {
  id: CachedProgramId;
  title: string;
  /** Where it comes from, in the plan's words. */
  source: string;
  tools: ToolId[];
  /** A first build on 2 cores with an empty Go or Maven cache, for the plan. */
  estimate: string;
  /** The steps, given the program's cache folder; the last puts the file in place (a half-done run is not "cached"). */
  steps(dir: string): InstallStep[];
}

const v = CACHED_VERSIONS;
const JAEGER_MODULE = 'github.com/jaegertracing/jaeger';
const GOFLAGS = { GOFLAGS: '-mod=mod' };

export const INSTALLERS: Record<CachedProgramId, Installer> = {
  jaeger: {
    id: 'jaeger',
    title: `Jaeger v2 (${JAEGER_MODULE} ${v.jaeger}, Jaeger 2.13)`,
    source: 'built with Go from the Go module proxy',
    tools: ['go'],
    estimate: 'about 4–8 minutes and ~1 GB of Go modules the first time',
    // `go install pkg@version` refuses Jaeger (its go.mod has replace directives): build it as a
    // tool dependency of a throwaway module instead.
    steps: (dir) => {
      const build = path.join(dir, 'build');
      const partial = path.join(dir, `${CACHED_PROGRAMS.jaeger.file}.partial`);
      return [
        {
          kind: 'run',
          title: 'a throwaway module to build in',
          file: 'go',
          args: ['mod', 'init', 'tracekit.local/jaeger-build'],
          cwd: build,
          unless: path.join(build, 'go.mod'),
        },
        {
          kind: 'run',
          title: `go get -tool ${JAEGER_MODULE}/cmd/jaeger@${v.jaeger}`,
          file: 'go',
          args: ['get', '-tool', `${JAEGER_MODULE}/cmd/jaeger@${v.jaeger}`],
          cwd: build,
          env: GOFLAGS,
        },
        {
          kind: 'run',
          title: 'go build (the longest step)',
          file: 'go',
          args: ['build', '-o', partial, `${JAEGER_MODULE}/cmd/jaeger`],
          cwd: build,
          env: GOFLAGS,
        },
        { kind: 'move', title: 'into place', from: partial, to: path.join(dir, CACHED_PROGRAMS.jaeger.file) },
      ];
    },
  },
  collector: {
    id: 'collector',
    title: `OpenTelemetry Collector ${v.collector} (tracekit's distribution, build ${v.collectorBuildRev})`,
    source: 'built with the collector builder from the Go module proxy',
    tools: ['go'],
    estimate: 'about 6–12 minutes and ~1.5 GB of Go modules the first time',
    steps: (dir) => {
      const output = path.join(dir, 'build');
      return [
        {
          kind: 'run',
          title: `go install go.opentelemetry.io/collector/cmd/builder@${v.collector}`,
          file: 'go',
          args: ['install', `go.opentelemetry.io/collector/cmd/builder@${v.collector}`],
          env: { ...GOFLAGS, GOBIN: dir },
        },
        {
          kind: 'write-builder-config',
          title: 'the builder config (components every generated collector.yaml may name)',
          to: path.join(dir, 'builder.yaml'),
          output,
        },
        {
          kind: 'run',
          title: 'builder (generates and compiles the Collector: the longest step)',
          file: path.join(dir, 'builder'),
          args: [`--config=${path.join(dir, 'builder.yaml')}`],
          cwd: dir,
        },
        {
          kind: 'move',
          title: 'into place',
          from: path.join(output, CACHED_PROGRAMS.collector.file),
          to: path.join(dir, CACHED_PROGRAMS.collector.file),
        },
      ];
    },
  },
  zipkin: {
    id: 'zipkin',
    title: `Zipkin ${v.zipkin} server jar (io.zipkin:zipkin-server:${v.zipkin}:jar:exec)`,
    source: 'fetched from Maven Central with mvn; runs on Java 17+',
    tools: ['java', 'mvn'],
    estimate: 'about 1 minute (a 130 MB jar, plus Maven’s own plugins the first time)',
    steps: (dir) => {
      const partial = path.join(dir, 'partial');
      return [
        {
          kind: 'run',
          title: `mvn dependency:copy io.zipkin:zipkin-server:${v.zipkin}:jar:exec`,
          file: 'mvn',
          args: [
            '-q',
            '-B',
            'dependency:copy',
            `-Dartifact=io.zipkin:zipkin-server:${v.zipkin}:jar:exec`,
            `-DoutputDirectory=${partial}`,
          ],
          cwd: dir,
        },
        {
          kind: 'move',
          title: 'into place',
          from: path.join(partial, CACHED_PROGRAMS.zipkin.file),
          to: path.join(dir, CACHED_PROGRAMS.zipkin.file),
        },
      ];
    },
  },
};
