import type { BackendName, Language, Protocol } from '../config/schema.js';

/** init's options after commander has parsed the flags. */
export interface InitOptions {
  dir: string;
  yes: boolean;
  lang?: Language;
  framework?: string;
  serviceName?: string;
  backend?: BackendName;
  endpoint?: string;
  protocol?: Protocol;
  /** "always_on", "traceidratio:0.1", "parentbased_traceidratio:0.25", ... */
  sampler?: string;
  install: boolean;
  dryRun: boolean;
  force: boolean;
  json: boolean;
}
