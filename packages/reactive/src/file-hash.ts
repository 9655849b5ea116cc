// charms.reactive helpers.any_file_changed: compare file hashes with the ones kept in kv.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { KeyValue } from './unit-state';

export type FileName = string | (() => string);

function hashOf(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** True when any file's content differs from the last check; records the new hashes (as charms.reactive does). */
export function anyFileChanged(files: readonly FileName[], kv: KeyValue): boolean {
  let changed = false;
  for (const file of files) {
    const path = typeof file === 'function' ? file() : file;
    const key = `reactive.files_changed.${path}`;
    const hash = hashOf(path);
    if ((kv.get<string | null>(key) ?? null) !== hash || !kv.has(key)) changed = true;
    kv.set(key, hash);
  }
  return changed;
}
