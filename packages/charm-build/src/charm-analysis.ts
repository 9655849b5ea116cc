import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CharmBuildError } from './errors';

/** A manifest.yaml `analysis.attributes` entry. */
export interface AnalysisAttribute {
  name: 'language' | 'framework';
  result: string;
}

/**
 * The entrypoint as charmcraft's analyzers find it: the last word of the last non-empty
 * line of `dispatch`, relative to the charm directory.
 */
export function dispatchEntrypoint(treeDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(treeDir, 'dispatch'), 'utf8');
  } catch {
    return undefined;
  }
  const lastLine = text.split('\n').filter((line) => line.trim() !== '').pop();
  const words = lastLine?.trim().split(/\s+/) ?? [];
  const last = words[words.length - 1];
  return last === undefined ? undefined : last.replace(/^["']|["']$/g, '');
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The attributes `charmcraft pack` records, computed with its rules: language is `python` only for an
 * executable `.py` entrypoint; framework is `operator` (Python entrypoint plus venv/ops) or `reactive`
 * (a charms.reactive wheel in wheelhouse/), else `unknown`. A TypeScript charm is unknown on both.
 */
export function analyzeCharmTree(treeDir: string): AnalysisAttribute[] {
  const entrypoint = dispatchEntrypoint(treeDir);
  const python = entrypoint !== undefined && entrypoint.endsWith('.py') && isExecutableFile(join(treeDir, entrypoint));
  let framework = 'unknown';
  if (python && statSafe(join(treeDir, 'venv', 'ops'))?.isDirectory() && importsOps(join(treeDir, entrypoint))) framework = 'operator';
  else if (listSafe(join(treeDir, 'wheelhouse')).some((file) => file.startsWith('charms.reactive-'))) framework = 'reactive';
  return [
    { name: 'language', result: python ? 'python' : 'unknown' },
    { name: 'framework', result: framework },
  ];
}

/** charmcraft's `entrypoint` linter: pack aborts unless dispatch's entrypoint is an executable file. */
export function lintEntrypoint(treeDir: string): void {
  const entrypoint = dispatchEntrypoint(treeDir);
  if (entrypoint === undefined) return; // charmcraft: "not applicable"
  if (!isExecutableFile(join(treeDir, entrypoint))) {
    throw new CharmBuildError('lint', `dispatch's entrypoint '${entrypoint}' is not an executable file in ${treeDir}; charmcraft pack would abort`);
  }
}

/** charmcraft parses the Python entrypoint's imports; a line-based look is enough for a yes/no. */
function importsOps(file: string): boolean {
  return /^\s*(?:import\s+ops\b|from\s+ops(?:\.\w+)*\s+import\b)/m.test(readFileSync(file, 'utf8'));
}

function statSafe(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function listSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
