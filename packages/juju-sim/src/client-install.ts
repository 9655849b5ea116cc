// Installs the hook-tool client once per model: a directory with the client and one symlink per tool name.
// The C client is compiled with `cc` at first use and cached by source hash; without a compiler the bash
// client serves instead (slower to start, same protocol).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BASH_CLIENT_SOURCE, C_CLIENT_SOURCE } from './client-sources';

export type ClientKind = 'c' | 'bash';
export type ClientChoice = ClientKind | 'auto';

const run = promisify(execFile);
const CLIENT_FILE = '.jujuc';

async function compiledClient(): Promise<string | undefined> {
  const hash = createHash('sha256').update(C_CLIENT_SOURCE).digest('hex').slice(0, 16);
  const cacheDir = join(process.env['XDG_CACHE_HOME'] ?? tmpdir(), 'juju-sim-cache', `client-${hash}`);
  const binary = join(cacheDir, 'jujuc');
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true });
  const unique = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const source = join(cacheDir, `jujuc-${unique}.c`);
  const output = join(cacheDir, `jujuc-${unique}`);
  writeFileSync(source, C_CLIENT_SOURCE);
  try {
    await run(process.env['CC'] ?? 'cc', ['-O2', '-o', output, source], { timeout: 60_000 });
    renameSync(output, binary); // atomic: parallel test workers may race here
    return binary;
  } catch {
    return undefined;
  } finally {
    rmSync(source, { force: true });
    rmSync(output, { force: true });
  }
}

/** Creates `binDir` with the client and a symlink per tool; returns which client was installed. */
export async function installClient(binDir: string, address: string, toolNames: Iterable<string>, choice: ClientChoice): Promise<ClientKind> {
  mkdirSync(binDir, { recursive: true });
  const target = join(binDir, CLIENT_FILE);
  let kind: ClientKind = 'bash';
  if (choice !== 'bash') {
    const binary = await compiledClient();
    if (binary) {
      copyFileSync(binary, target);
      chmodSync(target, 0o755);
      kind = 'c';
    } else if (choice === 'c') {
      throw new Error('juju-sim: the C hook-tool client could not be compiled (is `cc` installed?)');
    }
  }
  if (kind === 'bash') writeFileSync(target, BASH_CLIENT_SOURCE.replaceAll('__ADDRESS__', address), { mode: 0o755 });
  writeFileSync(join(binDir, '.address'), `${address}\n`);
  for (const name of toolNames) {
    const link = join(binDir, name);
    rmSync(link, { force: true });
    symlinkSync(CLIENT_FILE, link);
  }
  return kind;
}
