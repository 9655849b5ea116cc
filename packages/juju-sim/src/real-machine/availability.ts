// Whether this host can give each unit a real machine: root, network namespaces, overlayfs, setpriv.
import { readFileSync } from 'node:fs';
import { host } from './host-command';

export type Availability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

let cached: Availability | undefined;

function check(): Availability {
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not running as root (network namespaces and mounts need it)' };
  for (const [tool, argv] of [
    ['ip', ['ip', 'netns', 'list']],
    ['nsenter', ['nsenter', '--version']],
    ['unshare', ['unshare', '--version']],
    ['setpriv', ['setpriv', '--version']],
    ['mount', ['mount', '--version']],
  ] as const) {
    const result = host(argv);
    if (result.code !== 0) return { ok: false, reason: `\`${argv.join(' ')}\` does not work (${tool}: ${result.stderr.trim() || `exit ${result.code}`})` };
  }
  let filesystems = '';
  try {
    filesystems = readFileSync('/proc/filesystems', 'utf8');
  } catch {
    // treated as missing below
  }
  if (!/\boverlay\b/.test(filesystems)) return { ok: false, reason: 'the kernel has no overlayfs' };
  const probe = `jsim-probe-${process.pid}`;
  const added = host(['ip', 'netns', 'add', probe]);
  host(['ip', 'netns', 'del', probe]);
  if (added.code !== 0) return { ok: false, reason: `cannot create a network namespace (${added.stderr.trim()})` };
  return { ok: true };
}

/** Whether `Model.create({ machines: 'real' })` gets real machines here; the reason when not (for skip messages). */
export async function realMachinesAvailable(): Promise<Availability> {
  cached ??= check();
  return cached;
}

export function realMachinesAvailableSync(): Availability {
  cached ??= check();
  return cached;
}
