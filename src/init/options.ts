import type { BackendId, LanguageId, Protocol } from '../config/choices.js';

/** init's options after commander has parsed the flags. */
export interface InitOptions {
  dir: string;
  yes: boolean;
  lang?: LanguageId;
  framework?: string;
  serviceName?: string;
  backend?: BackendId;
  endpoint?: string;
  protocol?: Protocol;
  /** "always_on", "traceidratio:0.1", "parentbased_traceidratio:0.25", ... */
  sampler?: string;
  install: boolean;
  /** false with --no-tests: no test of the tracing is written into the service's test suite. */
  tests?: boolean;
  dryRun: boolean;
  force: boolean;
  /** Attribute keys (exact or glob) added to tracekit.yaml's redaction.keys (--redact). */
  redact?: string[];
  /** The user allows init to raise the language version the manifest declares (--upgrade-go). */
  upgradeRuntime?: boolean;
  json: boolean;
  /** At a repository root: instrument every service discovery finds (--all). */
  all?: boolean;
  /** At a repository root: instrument these services, by name or folder (--only a,b). */
  only?: string[];
}
