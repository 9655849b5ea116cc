import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// A throwaway machine for tests: CHARM_ROOTFS is a temp dir, and small recording fakes of apt-get,
// dpkg-query, getent, useradd, chown, systemctl and journalctl come first on PATH. Each fake appends its
// argv (one line, space-joined) to calls.log. State lives in files under state/:
//   pkg-NAME (dpkg: installed), passwd-NAME / group-NAME (getent), service-NAME (systemctl: active|failed),
//   enabled-NAME, fail-once-TOOL-SUBCOMMAND (the next such call exits 1), journal (journalctl output).

const FAKES: Record<string, string> = {
  'apt-get': `
[ -f "$STATE/fail-once-apt-get-$1" ] && { rm -f "$STATE/fail-once-apt-get-$1"; echo "E: Unable to locate package" >&2; exit 100; }
[ "$1" = install ] && touch "$STATE/pkg-$3"
exit 0`,
  'dpkg-query': `
for last; do :; done
if [ -f "$STATE/pkg-$last" ]; then printf 'install ok installed'; exit 0; fi
echo "dpkg-query: no packages found matching $last" >&2; exit 1`,
  getent: `
[ -f "$STATE/$1-$2" ] && { echo "$2:x:999:999::/nonexistent:/usr/sbin/nologin"; exit 0; }
exit 2`,
  useradd: `
for last; do :; done
touch "$STATE/passwd-$last"
case " $* " in *" --user-group "*) touch "$STATE/group-$last";; esac
exit 0`,
  chown: `
[ -e "$2" ] || { echo "chown: cannot access '$2'" >&2; exit 1; }
[ -f "$STATE/fail-once-chown-" ] && { rm -f "$STATE/fail-once-chown-"; echo "chown: failed" >&2; exit 1; }
exit 0`,
  systemctl: `
[ -f "$STATE/fail-once-systemctl-$1" ] && { rm -f "$STATE/fail-once-systemctl-$1"; echo "Failed to $1" >&2; exit 1; }
for last; do :; done
case "$1" in
  daemon-reload) exit 0;;
  enable) touch "$STATE/enabled-$last"; echo active > "$STATE/service-$last";;
  disable) rm -f "$STATE/enabled-$last" "$STATE/service-$last";;
  start|restart) echo active > "$STATE/service-$last";;
  stop) rm -f "$STATE/service-$last";;
  is-enabled) [ -f "$STATE/enabled-$last" ] && { echo enabled; exit 0; }; echo disabled; exit 1;;
  is-active)
    if [ -f "$STATE/service-$last" ]; then s=$(cat "$STATE/service-$last"); else s=inactive; fi
    echo "$s"; [ "$s" = active ] && exit 0; exit 3;;
  show)
    if [ -f "$STATE/service-$2" ]; then s=$(cat "$STATE/service-$2"); else s=inactive; fi
    case "$s" in
      failed) printf 'ActiveState=failed\\nSubState=failed\\nResult=exit-code\\nExecMainStatus=1\\nNRestarts=5\\n';;
      active) printf 'ActiveState=active\\nSubState=running\\nResult=success\\nExecMainStatus=0\\nNRestarts=0\\n';;
      *) printf 'ActiveState=inactive\\nSubState=dead\\nResult=success\\nExecMainStatus=0\\nNRestarts=0\\n';;
    esac;;
esac
exit 0`,
  journalctl: `
[ -f "$STATE/journal" ] && cat "$STATE/journal"
exit 0`,
};

export interface FakeMachine {
  /** CHARM_ROOTFS. */
  readonly root: string;
  readonly state: string;
  /** Recorded command lines, in order. */
  calls(): string[];
  /** Calls of one tool, without the tool name. */
  callsOf(tool: string): string[];
  clearCalls(): void;
  setState(name: string, content?: string): void;
  hasState(name: string): boolean;
  /** Absolute path inside the fake machine. */
  path(p: string): string;
  dispose(): void;
}

export function createFakeMachine(): FakeMachine {
  const base = mkdtempSync(path.join(tmpdir(), 'flume-machine-'));
  const root = path.join(base, 'root');
  const bin = path.join(base, 'bin');
  const state = path.join(base, 'state');
  const log = path.join(base, 'calls.log');
  for (const dir of [root, bin, state]) mkdirSync(dir, { recursive: true });
  writeFileSync(log, '');
  for (const [tool, body] of Object.entries(FAKES)) {
    const file = path.join(bin, tool);
    writeFileSync(file, `#!/bin/sh\nSTATE='${state}'\necho "${tool} $*" >> '${log}'\n${body}\n`);
    chmodSync(file, 0o755);
  }
  const saved = { PATH: process.env.PATH, CHARM_ROOTFS: process.env.CHARM_ROOTFS };
  process.env.PATH = `${bin}:${process.env.PATH ?? ''}`;
  process.env.CHARM_ROOTFS = root;
  const calls = (): string[] => readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
  return {
    root,
    state,
    calls,
    callsOf: (tool) => calls().filter((l) => l.startsWith(`${tool} `)).map((l) => l.slice(tool.length + 1)),
    clearCalls: () => writeFileSync(log, ''),
    setState: (name, content = '') => writeFileSync(path.join(state, name), content),
    hasState: (name) => existsSync(path.join(state, name)),
    path: (p) => path.join(root, p),
    dispose: () => {
      process.env.PATH = saved.PATH;
      if (saved.CHARM_ROOTFS === undefined) delete process.env.CHARM_ROOTFS;
      else process.env.CHARM_ROOTFS = saved.CHARM_ROOTFS;
      rmSync(base, { recursive: true, force: true });
    },
  };
}
