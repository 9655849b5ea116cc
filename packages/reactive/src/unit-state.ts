// Flags and the key-value store of one unit, persisted in $JUJU_CHARM_DIR/.unit-state.json.
// Loaded at hook start, changed in memory, written once after the last hook-tool call of a successful hook.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UnitStateError } from './errors';
import type { Json } from './json';

export const UNIT_STATE_FILE = '.unit-state.json';

/** The kv API; `namespace()` gives the same API over keys under a prefix. */
export interface KeyValue {
  get<T extends Json = Json>(key: string): T | undefined;
  set(key: string, value: Json): void;
  unset(key: string): void;
  has(key: string): boolean;
  /** Keys (without this view's prefix) that start with `prefix`. */
  keys(prefix?: string): string[];
  namespace(prefix: string): KeyValue;
}

// Values are copied in and out so a caller cannot change stored state by mutating an object.
const copy = <T extends Json>(value: T): T => (typeof value === 'object' && value !== null ? (structuredClone(value) as T) : value);

export class KeyValueStore implements KeyValue {
  constructor(private readonly data: Map<string, Json> = new Map()) {}

  get<T extends Json = Json>(key: string): T | undefined {
    const value = this.data.get(key);
    return value === undefined ? undefined : (copy(value) as T);
  }
  set(key: string, value: Json): void {
    this.data.set(key, copy(value));
  }
  unset(key: string): void {
    this.data.delete(key);
  }
  has(key: string): boolean {
    return this.data.has(key);
  }
  keys(prefix = ''): string[] {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  namespace(prefix: string): KeyValue {
    return new NamespacedKeyValue(this, prefix);
  }
  toJSON(): { [key: string]: Json } {
    return Object.fromEntries([...this.data.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

class NamespacedKeyValue implements KeyValue {
  constructor(private readonly store: KeyValue, private readonly prefix: string) {}
  get<T extends Json = Json>(key: string): T | undefined {
    return this.store.get<T>(this.prefix + key);
  }
  set(key: string, value: Json): void {
    this.store.set(this.prefix + key, value);
  }
  unset(key: string): void {
    this.store.unset(this.prefix + key);
  }
  has(key: string): boolean {
    return this.store.has(this.prefix + key);
  }
  keys(prefix = ''): string[] {
    return this.store.keys(this.prefix + prefix).map((k) => k.slice(this.prefix.length));
  }
  namespace(prefix: string): KeyValue {
    return new NamespacedKeyValue(this.store, this.prefix + prefix);
  }
}

interface StoredUnitState {
  readonly version: 1;
  readonly flags: string[];
  readonly kv: { [key: string]: Json };
}

export class UnitState {
  private constructor(
    readonly path: string,
    readonly flags: Set<string>,
    readonly kv: KeyValueStore,
    private readonly loadedText: string | undefined,
  ) {}

  /** A fresh, empty state (first hook of a unit, or tests). */
  static empty(charmDir: string): UnitState {
    return new UnitState(join(charmDir, UNIT_STATE_FILE), new Set(), new KeyValueStore(), undefined);
  }

  /** Load the state; a missing file is an empty state, an unreadable one a UnitStateError (never silently reset). */
  static load(charmDir: string): UnitState {
    const path = join(charmDir, UNIT_STATE_FILE);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return UnitState.empty(charmDir);
      throw new UnitStateError(`cannot read ${path}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new UnitStateError(`${path} is not valid JSON; refusing to overwrite it`);
    }
    if (!isStoredUnitState(parsed)) throw new UnitStateError(`${path} does not hold {version: 1, flags, kv}`);
    return new UnitState(path, new Set(parsed.flags), new KeyValueStore(new Map(Object.entries(parsed.kv))), text);
  }

  serialize(): string {
    const stored: StoredUnitState = { version: 1, flags: [...this.flags].sort(), kv: this.kv.toJSON() };
    return `${JSON.stringify(stored, null, 1)}\n`;
  }

  /** Write atomically (temp file, fsync, rename; mode 0600). Skipped when nothing changed. Returns whether it wrote. */
  write(): boolean {
    const text = this.serialize();
    if (text === this.loadedText) return false;
    const temp = `${this.path}.${process.pid}.tmp`;
    try {
      const fd = openSync(temp, 'w', 0o600);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    return true;
  }
}

function isStoredUnitState(value: unknown): value is StoredUnitState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.version === 1 &&
    Array.isArray(v.flags) &&
    v.flags.every((f) => typeof f === 'string') &&
    typeof v.kv === 'object' &&
    v.kv !== null &&
    !Array.isArray(v.kv)
  );
}
