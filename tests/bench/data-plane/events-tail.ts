// Follows the files a file_roll sink writes, reading only the bytes added since the last poll, and notes when
// each event id first appeared: the arrival clock of the throughput and latency figures.
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { idsIn } from '../../support';

export class EventsTail {
  private readonly offsets = new Map<string, number>();
  private readonly partial = new Map<string, string>();
  /** id -> performance.now() of the poll that first saw it. */
  readonly firstSeen = new Map<string, number>();
  /** Copies seen of each id. */
  readonly copies = new Map<string, number>();

  constructor(private readonly dirs: readonly string[]) {}

  /** Reads what was appended since the last poll; returns the ids seen for the first time. */
  async poll(): Promise<string[]> {
    const now = performance.now();
    const fresh: string[] = [];
    for (const dir of this.dirs) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        continue; // not created yet
      }
      for (const name of names) {
        const path = join(dir, name);
        const text = (this.partial.get(path) ?? '') + (await this.readNew(path));
        const end = text.lastIndexOf('\n');
        this.partial.set(path, text.slice(end + 1));
        for (const id of idsIn(text.slice(0, end + 1))) {
          const copies = (this.copies.get(id) ?? 0) + 1;
          this.copies.set(id, copies);
          if (copies === 1) {
            this.firstSeen.set(id, now);
            fresh.push(id);
          }
        }
      }
    }
    return fresh;
  }

  private async readNew(path: string): Promise<string> {
    const offset = this.offsets.get(path) ?? 0;
    let handle;
    try {
      handle = await open(path, 'r');
    } catch {
      return '';
    }
    try {
      const { size } = await handle.stat();
      if (size <= offset) return '';
      const buffer = Buffer.alloc(size - offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      this.offsets.set(path, offset + bytesRead);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  }
}
