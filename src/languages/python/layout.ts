import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import type { FileChange } from '../../fs/plan.js';
import { isPristine } from '../../fs/stamp.js';
import type { LanguageDetection, Project } from '../../init/detect.js';

/** Where the generated modules go and the files that must import them first. */
export interface PythonLayout {
  /** Folder of tracing.py relative to the root ('' for the root). */
  dir: string;
  /** The statement that imports the module: `import tracing` or `from app import tracing`. */
  importStatement: string;
  /** Files whose first import becomes the tracing module (entry point, Django's manage/wsgi/asgi). */
  entryFiles: string[];
  /** Django's settings module, read from manage.py. */
  djangoSettings?: string;
  /** The user has a gunicorn.conf.py of their own (not tracekit's): it is left alone. */
  userGunicornConf: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SETTINGS = /DJANGO_SETTINGS_MODULE["']\s*,\s*["']([A-Za-z_][\w.]*)["']/;

function readRel(root: string, rel: string): string | undefined {
  try {
    return readFileSync(path.join(root, rel), 'utf8');
  } catch (err) {
    // Absent: nothing to edit or read there. Unreadable is reported, not mistaken for absent.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`Cannot read ${rel}: ${(err as Error).message}`, 'Check the file permissions.');
  }
}

/**
 * Puts tracing.py beside the code that imports it: at the root, or inside the package that
 * holds the entry point (app/main.py with app/__init__.py → app/tracing.py, imported as
 * `from app import tracing`, the way `uvicorn app.main:app` finds it).
 */
export function pythonLayout(project: Project, d: LanguageDetection): PythonLayout {
  const files = project.probe.files;
  const entry = d.entryPoint;
  const pkg = entry?.includes('/') ? entry.split('/')[0]! : undefined;
  const inPackage = pkg !== undefined && IDENTIFIER.test(pkg) && files.has(`${pkg}/__init__.py`);
  const gunicornConf = readRel(project.root, 'gunicorn.conf.py');
  const layout: PythonLayout = {
    dir: inPackage ? pkg : '',
    importStatement: inPackage ? `from ${pkg} import tracing` : 'import tracing',
    entryFiles: entry ? [entry] : [],
    userGunicornConf: gunicornConf !== undefined && !isPristine(gunicornConf),
  };
  if (d.framework === 'django' && files.has('manage.py')) {
    const settings = SETTINGS.exec(readRel(project.root, 'manage.py') ?? '')?.[1];
    layout.entryFiles = ['manage.py'];
    if (settings) {
      layout.djangoSettings = settings;
      const settingsPkg = settings.split('.').slice(0, -1).join('/');
      for (const f of ['wsgi.py', 'asgi.py']) {
        const rel = settingsPkg ? `${settingsPkg}/${f}` : f;
        if (readRel(project.root, rel) !== undefined) layout.entryFiles.push(rel);
      }
    }
  }
  return layout;
}

const IMPORT_COMMENT = '  # noqa: E402,F401  tracekit: sets up tracing; keep it the first import';

/**
 * Adds the import before the module's first statement: after a shebang, encoding line,
 * leading comments, the docstring and `from __future__` imports. Text already importing the
 * module is returned unchanged.
 */
export function insertTracingImport(text: string, importStatement: string): string {
  const escaped = importStatement.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`^\\s*${escaped}\\b`, 'm').test(text)) return text;
  const lines = text.split('\n');
  let i = 0;
  const skipBlankAndComments = () => {
    while (i < lines.length && /^\s*(#.*)?$/.test(lines[i]!)) i++;
  };
  skipBlankAndComments();
  const doc = /^\s*[rRuUbB]*("""|''')/.exec(lines[i] ?? '');
  if (doc) {
    const quote = doc[1]!;
    const rest = lines[i]!.slice(lines[i]!.indexOf(quote) + 3);
    if (!rest.includes(quote)) {
      i++;
      while (i < lines.length && !lines[i]!.includes(quote)) i++;
    }
    i++;
  } else if (/^\s*[rRuU]?["'][^"']*["']\s*$/.test(lines[i] ?? '')) i++;
  for (;;) {
    const before = i;
    skipBlankAndComments();
    if (/^from\s+__future__\s+import\b/.test(lines[i] ?? '')) {
      i++;
      continue;
    }
    i = before;
    break;
  }
  // Keep one blank line between the docstring and the import, as formatters do.
  while (i < lines.length && lines[i]!.trim() === '' && i > 0) i++;
  lines.splice(i, 0, importStatement + IMPORT_COMMENT);
  return lines.join('\n');
}

/** The edits that make each entry file import the tracing module first. */
export function entryImportChanges(root: string, layout: PythonLayout): FileChange[] {
  const changes: FileChange[] = [];
  for (const rel of layout.entryFiles) {
    const text = readRel(root, rel);
    if (text === undefined) continue;
    changes.push({ path: rel, content: insertTracingImport(text, layout.importStatement), kind: 'edit' });
  }
  return changes;
}
