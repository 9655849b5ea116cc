import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CharmBuildError } from './errors';

/** Writes through a temporary file and a rename, so readers never see half a file. */
export function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, content, { mode });
    chmodSync(temporary, mode); // the umask must not decide an executable bit
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Writes a file of a tree being staged (no rename needed: the whole tree is swapped in at the end). */
export function writeTreeFile(root: string, relativePath: string, content: string | Uint8Array, mode = 0o644): void {
  const path = join(root, relativePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { mode });
  chmodSync(path, mode);
}

/** Copies a directory of plain files (templates are data: every copy is 0644). */
export function copyPlainTree(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) copyPlainTree(source, join(to, entry.name));
    else if (entry.isFile()) writeTreeFile(to, entry.name, readFileSync(source), 0o644);
    else throw new CharmBuildError('extra-file', `${source} is neither a file nor a directory; templates must be plain files`);
  }
}

/** Replaces `target` by the staged directory `staged`. */
export function swapInDirectory(staged: string, target: string): void {
  rmSync(target, { recursive: true, force: true });
  renameSync(staged, target);
}
