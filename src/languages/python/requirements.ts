/** Reading Python distribution names from requirement strings and manifest tables. */

/** PEP 503 normalised distribution name: lowercase, runs of -_. become "-". */
export function normalizePyName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Name of a PEP 508 requirement string ("flask[async]>=3; python_version>'3.8'" → "flask"). */
export function requirementName(req: string): string | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(req);
  return m ? normalizePyName(m[1]!) : undefined;
}

/** Distribution names in a requirements file; options (-r, -e, --hash) and comments skipped. */
export function parseRequirements(text: string): string[] {
  const names: string[] = [];
  for (const raw of text.replace(/\\\n/g, ' ').split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('-')) continue;
    const name = requirementName(line);
    if (name) names.push(name);
  }
  return names;
}

/** Dependencies declared in pyproject.toml: PEP 621, optional groups, and Poetry's tables. */
export function pyprojectDependencies(doc: Record<string, unknown>): string[] {
  const names = new Set<string>();
  const project = (doc.project ?? {}) as { dependencies?: unknown; 'optional-dependencies'?: Record<string, unknown> };
  const addReqs = (list: unknown) => {
    if (Array.isArray(list))
      for (const r of list)
        if (typeof r === 'string') {
          const n = requirementName(r);
          if (n) names.add(n);
        }
  };
  addReqs(project.dependencies);
  for (const group of Object.values(project['optional-dependencies'] ?? {})) addReqs(group);
  addReqs((doc['dependency-groups'] as Record<string, unknown> | undefined)?.dev);
  const poetry = ((doc.tool as Record<string, unknown> | undefined)?.poetry ?? {}) as Record<string, unknown>;
  for (const table of [poetry.dependencies, (poetry as { 'dev-dependencies'?: unknown })['dev-dependencies']]) {
    if (table && typeof table === 'object')
      for (const k of Object.keys(table)) if (k !== 'python') names.add(normalizePyName(k));
  }
  return [...names];
}
