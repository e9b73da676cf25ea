import type { PinnedVersions } from '../language.js';
import { CONTRIB_VERSION, type PyPackage, SDK_VERSION } from './versions.js';

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The version a manifest's text pins for a distribution, whatever its dialect: `name==1.2`
 * (requirements files, PEP 621 strings), `name = "1.2"` (Poetry) or `name = "==1.2"` (Pipfile).
 * Names match as PEP 503 normalises them (`-`, `_` and `.` alike, any case).
 */
export function declaredPyVersion(text: string, name: string): string | undefined {
  const loose = name
    .split(/[-_.]+/)
    .map(literal)
    .join('[-_.]+');
  const re = new RegExp(
    `(?:^|[\\s"'])${loose}(?:\\[[^\\]]*\\])?\\s*(?:===?|~=|>=|=\\s*["'](?:==|\\^|~|>=)?)\\s*([0-9][0-9A-Za-z.+!-]*)`,
    'im',
  );
  return re.exec(text)?.[1];
}

const setName = (sdk: string | undefined, contrib: string | undefined) =>
  `OpenTelemetry Python SDK ${sdk ?? '?'} / instrumentations ${contrib ?? '?'}`;

/** The pinned packages against the manifest the recipe edits (its text before the edit). */
export function pythonPinnedVersions(manifest: string | undefined, packages: PyPackage[]): PinnedVersions {
  const declared: Record<string, string> = {};
  for (const p of packages) {
    const v = manifest === undefined ? undefined : declaredPyVersion(manifest, p.name);
    if (v !== undefined) declared[p.name] = v;
  }
  const sdk = declared['opentelemetry-sdk'];
  return {
    line: setName(SDK_VERSION, CONTRIB_VERSION),
    packages: Object.fromEntries(packages.map((p) => [p.name, p.version])),
    declared,
    ...(sdk ? { declaredLine: setName(sdk, declared['opentelemetry-instrumentation']) } : {}),
  };
}
