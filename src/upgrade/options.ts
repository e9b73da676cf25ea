/** upgrade's options after commander has parsed the flags. */
export interface UpgradeOptions {
  /** The service folder, or a repository root whose tracekit.yaml lists services. */
  dir: string;
  /** Consent to edits of the service's own files and to the installs. */
  yes: boolean;
  dryRun: boolean;
  /** Overwrite generated files the user edited. */
  force: boolean;
  /** false with --no-install: the install commands are printed, not run. */
  install: boolean;
  json: boolean;
  /** At a repository root: upgrade only these services (names or folders). */
  only?: string[];
}
