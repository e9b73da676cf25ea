import type { FileChange } from '../../fs/plan.js';
import { shellWord } from '../../render/literals.js';
import type { NodeLayout } from './layout.js';
import { parsePackageJson } from './manifests.js';

/** The preload flag as it goes on a command line: `--import ./src/tracing-register.ts`. */
export const preloadArgs = (layout: NodeLayout) => `${layout.preload.flag} ${shellWord(layout.preload.path)}`;

/**
 * The start script with tracing loaded, or undefined when tracekit should not touch it
 * (a runner we do not know, such as `nest start`, or TypeScript with no script to run it).
 */
export function tracedStartScript(layout: NodeLayout, start: string | undefined): string | undefined {
  if (start?.includes(layout.preload.path)) return start;
  if (layout.runner === 'node' || layout.runner === 'tsx')
    return start!.replace(/^(\s*(?:node|tsx))\s+/, `$1 ${preloadArgs(layout)} `);
  if (layout.runner === 'none' && layout.entry && !layout.typescript)
    return `node ${preloadArgs(layout)} ${shellWord(`./${layout.entry}`)}`;
  return undefined;
}

/** The exact command that starts the service with tracing, for the user to copy. */
export function startCommand(layout: NodeLayout): string {
  const entry = layout.entry ? shellWord(`./${layout.entry}`) : '<your entry file>';
  if (layout.runner === 'tsx') return `npx tsx ${preloadArgs(layout)} ${entry}`;
  if (layout.runner === 'other') return `NODE_OPTIONS=${shellWord(preloadArgs(layout))} npm start`;
  return `node ${preloadArgs(layout)} ${entry}`;
}

/**
 * The start command as argv, run without a shell: the package manager's start script when it
 * loads tracing, else the command of startCommand. A runner tracekit does not know gets
 * NODE_OPTIONS through `env`, the portable way to set a variable without a shell.
 */
export function startArgv(layout: NodeLayout, scripted: boolean, packageManager: string): string[] {
  if (scripted) return [packageManager, 'start'];
  const preload = [layout.preload.flag, layout.preload.path];
  const entry = layout.entry ? [`./${layout.entry}`] : [];
  if (layout.runner === 'tsx') return ['npx', 'tsx', ...preload, ...entry];
  if (layout.runner === 'other') return ['env', `NODE_OPTIONS=${preload.join(' ')}`, 'npm', 'start'];
  return ['node', ...preload, ...entry];
}

/** Indentation of a JSON text, so the edit keeps the user's formatting. */
function indentOf(text: string): string | number {
  return /^\{\s*\n([ \t]+)"/.exec(text)?.[1] ?? 2;
}

/**
 * package.json (its text as on disk) with the start script changed to load tracing: an `edit`,
 * so init applies it only with consent. Undefined when nothing needs to change or tracekit
 * should not edit it.
 */
export function startScriptEdit(text: string | undefined, layout: NodeLayout): FileChange | undefined {
  if (text === undefined) return undefined;
  const start = parsePackageJson(text).scripts?.start;
  const traced = tracedStartScript(layout, start);
  if (traced === undefined || traced === start) return undefined;
  const edited = JSON.parse(text) as Record<string, unknown>;
  edited.scripts = { ...(edited.scripts as Record<string, string> | undefined), start: traced };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const content = JSON.stringify(edited, null, indentOf(text)).replace(/\n/g, eol) + (/\r?\n$/.test(text) ? eol : '');
  return { path: 'package.json', content, kind: 'edit' };
}
