import type { FileChange } from '../../fs/plan.js';
import { isPristine } from '../../fs/stamp.js';
import type { LanguageDetection } from '../../project/detection.js';
import type { Probe } from '../../project/probe.js';

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
  /** The module that defines the Celery app (`tasks` for tasks.py), what `celery -A` takes. */
  celeryModule?: string;
}

const CELERY_APP = /\bCelery\s*\(/;

/** The file that creates the Celery app: the entry point first, then the other files init sees. */
async function celeryAppFile(p: Probe, entry: string | undefined): Promise<string | undefined> {
  const candidates = [...(entry ? [entry] : []), ...[...p.files].filter((f) => f.endsWith('.py') && f !== entry)];
  for (const f of candidates) if (CELERY_APP.test((await p.read(f)) ?? '')) return f;
  return undefined;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SETTINGS = /DJANGO_SETTINGS_MODULE["']\s*,\s*["']([A-Za-z_][\w.]*)["']/;

/**
 * Puts tracing.py beside the code that imports it: at the root, or inside the package that
 * holds the entry point (app/main.py with app/__init__.py → app/tracing.py, imported as
 * `from app import tracing`, the way `uvicorn app.main:app` finds it).
 */
export async function pythonLayout(p: Probe, d: LanguageDetection): Promise<PythonLayout> {
  const files = p.files;
  const entry = d.entryPoint;
  const pkg = entry?.includes('/') ? entry.split('/')[0]! : undefined;
  const inPackage = pkg !== undefined && IDENTIFIER.test(pkg) && files.has(`${pkg}/__init__.py`);
  const gunicornConf = await p.read('gunicorn.conf.py');
  const layout: PythonLayout = {
    dir: inPackage ? pkg : '',
    importStatement: inPackage ? `from ${pkg} import tracing` : 'import tracing',
    entryFiles: entry ? [entry] : [],
    userGunicornConf: gunicornConf !== undefined && !isPristine(gunicornConf),
  };
  if (d.framework === 'django' && files.has('manage.py')) {
    const settings = SETTINGS.exec((await p.read('manage.py')) ?? '')?.[1];
    layout.entryFiles = ['manage.py'];
    if (settings) {
      layout.djangoSettings = settings;
      const settingsPkg = settings.split('.').slice(0, -1).join('/');
      for (const f of ['wsgi.py', 'asgi.py']) {
        const rel = settingsPkg ? `${settingsPkg}/${f}` : f;
        if ((await p.read(rel)) !== undefined) layout.entryFiles.push(rel);
      }
    }
  }
  // After Django's entry files, which replace the list.
  if (d.libraries.includes('celery')) {
    // `celery -A <module> worker` imports only that module: it must import tracing first too.
    const file = await celeryAppFile(p, entry);
    if (file) {
      layout.celeryModule = file.replace(/\.py$/, '').replace(/\//g, '.');
      if (!layout.entryFiles.includes(file)) layout.entryFiles.push(file);
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
export async function entryImportChanges(p: Probe, layout: PythonLayout): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const rel of layout.entryFiles) {
    const text = await p.read(rel);
    if (text === undefined) continue;
    changes.push({ path: rel, content: insertTracingImport(text, layout.importStatement), kind: 'edit' });
  }
  return changes;
}
