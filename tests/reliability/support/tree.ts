// A file tree as comparable data: every entry's type, permission bits and content hash (or link target).
// Used to prove "nothing written outside X" and "the same files as the clean run".
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import * as path from 'node:path';

/** relative path -> "dir 0755" | "file 0640 <sha256>" | "link -> target" | "other". */
export type Tree = Record<string, string>;

export function treeSnapshot(root: string, options: { skip?: (rel: string) => boolean } = {}): Tree {
  const out: Tree = {};
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full);
      if (options.skip?.(rel)) continue;
      const stat = lstatSync(full);
      const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
      if (stat.isSymbolicLink()) out[rel] = `link -> ${readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        out[rel] = `dir ${mode}`;
        walk(full);
      } else if (stat.isFile()) out[rel] = `file ${mode} ${createHash('sha256').update(readFileSync(full)).digest('hex').slice(0, 16)}`;
      else out[rel] = 'other';
    }
  };
  walk(root);
  return out;
}

/** Entries added, removed or changed from `before` to `after`, one line each. */
export function treeDiff(before: Tree, after: Tree): string[] {
  const lines: string[] = [];
  for (const [rel, entry] of Object.entries(after)) {
    if (!(rel in before)) lines.push(`+ ${rel} (${entry})`);
    else if (before[rel] !== entry) lines.push(`~ ${rel} (${before[rel]} -> ${entry})`);
  }
  for (const rel of Object.keys(before)) if (!(rel in after)) lines.push(`- ${rel}`);
  return lines;
}
