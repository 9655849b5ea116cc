// The code cache of Node's own modules inside a startup snapshot blob. `node --build-snapshot` appends one for every
// builtin (324 on Node 20, ~2.6 MB of a ~5 MB blob), and every start from the blob reads and copies all of it
// (~3 ms of CPU). A builtin the snapshot has loaded never needs its entry, nor does one the charm never loads; so
// the unit's blob keeps only the entries of builtins the charm may load that the snapshot has not (issue 15,
// docs/startup-snapshot.md). Removing an entry is always safe for Node: that builtin is compiled from its source.
//
// The layout (Node 20, src/node_snapshotable.cc; little-endian):
//   u32 magic, u8 type, string version, string arch, string platform, u32 code-cache tag, u32 flags,
//   i32 size + V8's startup data, Node's isolate and environment data (its own layout),
//   u64 count, then per builtin: string id, u64 size + code cache     (string = u64 length + bytes)
// Only the header up to V8's data and the final vector are read: the part between is found by walking the
// vector back from the end of the file. Anything else, and the blob is left alone.

const MAGIC = 0x0143da19;
/** Builtin ids are paths like `internal/child_process` or `zlib`. */
const ID = /^[A-Za-z0-9_\-./]+$/;
const MAX_ID_LENGTH = 256;
/** How far after V8's data the vector may start (Node's own data is ~10 KB on Node 20). */
const MAX_NODE_DATA = 1024 * 1024;

export interface BuiltinCodeCache {
  /** Where the vector's count is: everything before it stays as it is. */
  readonly offset: number;
  readonly entries: readonly BuiltinCodeCacheEntry[];
}

export interface BuiltinCodeCacheEntry {
  readonly id: string;
  /** The whole entry (id and data), as a range of the blob. */
  readonly start: number;
  readonly end: number;
}

/** The blob's builtin code cache, or undefined when the blob is not a Node 20-style snapshot of `runtime`. */
export function readBuiltinCodeCache(blob: Buffer, runtime: { version: string; arch: string; platform: string }): BuiltinCodeCache | undefined {
  const v8End = v8DataEnd(blob, runtime);
  if (v8End === undefined) return undefined;
  // The vector ends the file; Node's data before it is ~10 KB. The first offset from which `count` entries
  // parse and end exactly at the end of the file is the vector.
  for (let offset = v8End; offset + 8 <= blob.length && offset < v8End + MAX_NODE_DATA; offset++) {
    const entries = entriesFrom(blob, offset);
    if (entries !== undefined) return { offset, entries };
  }
  return undefined;
}

/** The blob with only the entries `keep` accepts; the rest of it byte for byte. */
export function withBuiltinCodeCache(blob: Buffer, cache: BuiltinCodeCache, keep: (id: string) => boolean): Buffer {
  const kept = cache.entries.filter((entry) => keep(entry.id));
  const count = Buffer.alloc(8);
  count.writeBigUInt64LE(BigInt(kept.length));
  return Buffer.concat([blob.subarray(0, cache.offset), count, ...kept.map((entry) => blob.subarray(entry.start, entry.end))]);
}

function v8DataEnd(blob: Buffer, runtime: { version: string; arch: string; platform: string }): number | undefined {
  const reader = new Reader(blob, 0);
  if (reader.u32() !== MAGIC) return undefined;
  reader.skip(1); // snapshot type
  if (reader.string() !== runtime.version || reader.string() !== runtime.arch || reader.string() !== runtime.platform) return undefined;
  reader.skip(8); // code-cache tag, flags
  const v8Size = reader.i32();
  if (v8Size === undefined || v8Size <= 0) return undefined;
  const end = reader.position + v8Size;
  return end <= blob.length ? end : undefined;
}

function entriesFrom(blob: Buffer, offset: number): BuiltinCodeCacheEntry[] | undefined {
  const reader = new Reader(blob, offset);
  const count = reader.u64();
  if (count === undefined || count < 1 || count > 10_000) return undefined;
  const entries: BuiltinCodeCacheEntry[] = [];
  for (let i = 0; i < count; i++) {
    const start = reader.position;
    const id = reader.string(MAX_ID_LENGTH);
    if (id === undefined || !ID.test(id)) return undefined;
    const size = reader.u64();
    if (size === undefined || !reader.skip(size)) return undefined;
    entries.push({ id, start, end: reader.position });
  }
  return reader.position === blob.length ? entries : undefined;
}

/** Reads little-endian fields; undefined (and no move) past the end. */
class Reader {
  constructor(
    private readonly blob: Buffer,
    public position: number,
  ) {}

  u32(): number | undefined {
    if (this.position + 4 > this.blob.length) return undefined;
    const value = this.blob.readUInt32LE(this.position);
    this.position += 4;
    return value;
  }

  i32(): number | undefined {
    if (this.position + 4 > this.blob.length) return undefined;
    const value = this.blob.readInt32LE(this.position);
    this.position += 4;
    return value;
  }

  u64(): number | undefined {
    if (this.position + 8 > this.blob.length) return undefined;
    const value = this.blob.readBigUInt64LE(this.position);
    if (value > BigInt(this.blob.length)) return undefined; // no size or count in a blob exceeds its length
    this.position += 8;
    return Number(value);
  }

  skip(bytes: number): boolean {
    if (this.position + bytes > this.blob.length) return false;
    this.position += bytes;
    return true;
  }

  string(maxLength = MAX_ID_LENGTH): string | undefined {
    const length = this.u64();
    if (length === undefined || length > maxLength || !this.skip(length)) return undefined;
    return this.blob.toString('latin1', this.position - length, this.position);
  }
}
