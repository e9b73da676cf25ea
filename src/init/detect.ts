import type { Language } from '../languages/language.js';
import { LANGUAGES } from '../languages/registry.js';
import type { Detected, LanguageDetection, Project } from '../project/detection.js';
import type { Probe } from '../project/probe.js';

/** Applies one language's rule tables to the folder, then adds the facts only it knows. */
async function detectOne(language: Language, p: Probe): Promise<Detected> {
  const rules = language.rules;
  const declared = await rules.dependencies(p);
  const matches = (d: string, w: string) => rules.dependencyMatches?.(d, w) ?? d === w;
  const has = (wanted: string[]) => wanted.some((w) => declared.some((d) => matches(d, w)));
  const frameworks = rules.frameworks.filter((f) => has(f.deps)).map((f) => f.id);
  let packageManager: string | undefined;
  for (const m of rules.packageManagers) {
    if (await m.when(p)) {
      packageManager = m.id;
      break;
    }
  }
  const shared: LanguageDetection = {
    lang: language.id,
    title: language.title,
    framework: frameworks[0] ?? rules.fallbackFramework,
    frameworkDetected: frameworks.length > 0,
    frameworks,
    libraries: rules.libraries.filter((l) => has(l.deps)).map((l) => l.id),
    // The last rule of every table always matches (npm, pip, ...).
    packageManager: packageManager!,
  };
  return { ...shared, ...(await rules.facts(p, declared)) };
}

/** Finds every registered language in the probed folder, in the registry's order. */
export async function detect(p: Probe): Promise<Project> {
  const languages: Detected[] = [];
  for (const language of LANGUAGES) if (language.rules.present(p)) languages.push(await detectOne(language, p));
  return { root: p.root, probe: p, languages };
}

/** One line per language, for `init --dry-run` and the start of every init. */
export function describeDetection(d: Detected): string {
  const facts = LANGUAGES.find((l) => l.id === d.lang)?.rules.describe?.(d);
  const title = facts ? `${d.title} (${facts})` : d.title;
  const fw = d.frameworkDetected ? d.frameworks.join(', ') : `${d.framework} (no framework found)`;
  return [
    title,
    `framework: ${fw}`,
    `package manager: ${d.packageManager}`,
    `libraries: ${d.libraries.length ? d.libraries.join(', ') : 'none found'}`,
    `entry point: ${d.entryPoint ?? 'not found'}`,
  ].join('; ');
}
