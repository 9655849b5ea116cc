// How a real-machine unit starts a service: from its unit file, one command line that enters the unit's
// network namespace (nsenter), gets a private mount namespace (unshare) in which the unit's rootfs lies over
// the host read-only with ReadWritePaths= writable and a fresh /tmp, then drops to User=/Group= with the
// granted capabilities only (setpriv) and execs ExecStart=. Every step execs, so the pid nsenter gets is the
// service's main pid, and the whole tree is one process group (the stand-in for systemd's cgroup).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { constants } from 'node:os';
import type { MachineState } from '../machine/machine-state';
import { lastValue, listValue, parseEnvironment, parseEnvironmentFile, parseExecStart, parseSeconds, parseServiceSection } from '../machine/unit-file';

export interface LaunchSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** systemd's SyslogIdentifier default: the basename of ExecStart's program. */
  readonly identifier: string;
}

export type RestartPolicy = 'no' | 'always' | 'on-success' | 'on-failure' | 'on-abnormal' | 'on-abort';

export interface ServicePolicy {
  readonly restart: RestartPolicy;
  readonly restartSec: number;
  readonly timeoutStopSec: number;
  /** SuccessExitStatus=: exit statuses and signal names that count as a clean exit. */
  readonly successStatuses: ReadonlySet<number>;
  readonly successSignals: ReadonlySet<string>;
  /** ExecStart=-…: any exit status counts as clean. */
  readonly ignoreFailure: boolean;
}

export interface ServicePlan {
  readonly launch: LaunchSpec;
  readonly policy: ServicePolicy;
}

const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Top-level directories that are never overlaid: the kernel's, and /tmp (PrivateTmp gets a fresh one). */
const NOT_OVERLAID = new Set(['proc', 'sys', 'dev', 'run', 'tmp']);
const RESTART_POLICIES: readonly RestartPolicy[] = ['no', 'always', 'on-success', 'on-failure', 'on-abnormal', 'on-abort'];

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'yes', 'true', 'on'].includes(value.toLowerCase());
}

/** `CAP_NET_BIND_SERVICE` -> `net_bind_service` (setpriv's spelling). */
function capName(cap: string): string {
  return cap.toLowerCase().replace(/^cap_/, '');
}

/** A machine path as the service sees it: the unit's rootfs first, then the host. */
function machineFile(machine: MachineState, path: string): string | undefined {
  const inRoot = join(machine.rootfs, path);
  if (existsSync(inRoot)) return inRoot;
  return existsSync(path) ? path : undefined;
}

function environment(machine: MachineState, directives: ReturnType<typeof parseServiceSection>, account: { name: string; home: string; shell: string } | undefined): Record<string, string> {
  const env: Record<string, string> = { PATH: SYSTEM_PATH, LANG: process.env['LANG'] ?? 'C.UTF-8' };
  if (account) Object.assign(env, { USER: account.name, LOGNAME: account.name, HOME: account.home, SHELL: account.shell });
  for (const [k, v] of parseEnvironment(directives.values.get('Environment') ?? [])) env[k] = v;
  // systemd: settings from EnvironmentFile= override Environment=.
  for (const raw of directives.values.get('EnvironmentFile') ?? []) {
    const optional = raw.startsWith('-');
    const path = optional ? raw.slice(1) : raw;
    const file = machineFile(machine, path);
    if (!file) {
      if (optional) continue;
      throw new LaunchError(`Failed to load environment files: No such file or directory (${path})`, 'resources');
    }
    for (const [k, v] of parseEnvironmentFile(readFileSync(file, 'utf8'))) env[k] = v;
  }
  return env;
}

export class LaunchError extends Error {
  constructor(
    message: string,
    /** systemd's Result for a unit that could not even be started. */
    readonly result: 'resources' | 'exit-code',
    /** The exit status systemd reports for it (217/USER, 226/NAMESPACE, ...). */
    readonly status = 0,
  ) {
    super(message);
  }
}

/** The subdirectories of a unit's top-level directory that the host lacks (e.g. /etc/flume, /opt/flume). */
function unitOnlyDirectories(lower: string, target: string): string[] {
  return readdirSync(lower)
    .sort()
    .filter((name) => !/[\n]/.test(name) && statSync(join(lower, name)).isDirectory() && !existsSync(join(target, name)))
    .map((name) => `${target}/${name}`);
}

/** The overlay and bind mounts that make the unit's rootfs the service's view of the machine. */
function mountScript(machine: MachineState, readWritePaths: readonly string[]): string[] {
  const lines: string[] = [];
  const live: string[] = [];
  const fail = (code: number, message: string): string => `{ echo ${shellQuote(message)} >&2; exit ${code}; }`;
  const rootfs = machine.rootfs;
  if (/[,:]/.test(rootfs)) throw new LaunchError(`juju-sim: the unit rootfs ${rootfs} has a ',' or ':' that overlayfs cannot take`, 'resources');
  for (const entry of readdirSync(rootfs).sort()) {
    if (NOT_OVERLAID.has(entry) || /[,:]/.test(entry)) continue;
    const lower = join(rootfs, entry);
    const target = `/${entry}`;
    if (!statSync(lower).isDirectory()) continue;
    // A directory the host does not have cannot be a mount point without changing the host: not visible.
    if (!existsSync(target) || !statSync(target).isDirectory()) continue;
    lines.push(`mount -t overlay overlay -o ${shellQuote(`ro,lowerdir=${lower}:${target}`)} ${shellQuote(target)} || ${fail(226, `Failed to set up mount namespacing: ${target}`)}`);
    live.push(...unitOnlyDirectories(lower, target));
  }
  // An overlay does not promise to show changes made to its lower layer after the mount (a keystore replaced by
  // rename kept its old content): the directories only the unit has are bound over it, read-only, so the service
  // sees the charm's later writes at once, as on a real machine.
  for (const dir of live) {
    lines.push(`mount --bind ${shellQuote(join(rootfs, dir))} ${shellQuote(dir)} && mount -o remount,bind,ro ${shellQuote(dir)} || ${fail(226, `Failed to set up mount namespacing: ${dir}`)}`);
  }
  const sorted = [...readWritePaths].sort((a, b) => a.split('/').length - b.split('/').length);
  for (const raw of sorted) {
    const optional = raw.startsWith('-');
    const path = optional ? raw.slice(1) : raw;
    const source = join(rootfs, path);
    if (!path.startsWith('/') || !existsSync(source)) {
      if (optional) continue;
      throw new LaunchError(`Failed to set up mount namespacing: ${path}: No such file or directory`, 'exit-code', 226);
    }
    lines.push(`mount --bind ${shellQuote(source)} ${shellQuote(path)} || ${fail(226, `Failed to set up mount namespacing: ${path}`)}`);
  }
  return lines;
}

/**
 * The sandboxing directives that are mounts, applied in the service's mount namespace as systemd does
 * (systemd.exec): ProtectHome=true hides /home, /root and /run/user behind empty read-only tmpfs;
 * ProtectKernelTunables=true makes /proc/sys and /sys read-only; ProtectControlGroups=true /sys/fs/cgroup.
 */
function hardening(d: ReturnType<typeof parseServiceSection>): string[] {
  const lines: string[] = [];
  const failed = (what: string): string => `{ echo ${shellQuote(`Failed to set up mount namespacing: ${what}`)} >&2; exit 226; }`;
  if (isTrue(lastValue(d, 'ProtectHome'))) {
    for (const dir of ['/home', '/root', '/run/user']) {
      if (existsSync(dir)) lines.push(`mount -t tmpfs -o ro,mode=0755,nosuid,nodev tmpfs ${dir} || ${failed(dir)}`);
    }
  }
  const readOnly = (dir: string): string => `mount --bind ${dir} ${dir} && mount -o remount,bind,ro ${dir} || ${failed(dir)}`;
  if (isTrue(lastValue(d, 'ProtectKernelTunables'))) lines.push(readOnly('/proc/sys'), readOnly('/sys'));
  if (isTrue(lastValue(d, 'ProtectControlGroups')) && existsSync('/sys/fs/cgroup')) lines.push(readOnly('/sys/fs/cgroup'));
  return lines;
}

/** Reads the unit file and plans the launch. Throws LaunchError when systemd would refuse to start it. */
export function planService(machine: MachineState, unitFile: string, netns: string): ServicePlan {
  const d = parseServiceSection(unitFile);
  const execStart = lastValue(d, 'ExecStart');
  if (!execStart) throw new LaunchError('Service has no ExecStart= setting. Refusing.', 'resources');
  const exec = parseExecStart(execStart);
  const program = exec.argv[0];
  if (!program) throw new LaunchError('ExecStart= is empty. Refusing.', 'resources');

  const userName = lastValue(d, 'User');
  const account = userName ? (machine.users.get(userName) ?? [...machine.users.values()].find((u) => String(u.uid) === userName)) : undefined;
  if (userName && !account) throw new LaunchError(`Failed to determine user credentials: No such process (User=${userName})`, 'exit-code', 217);
  const groupName = lastValue(d, 'Group');
  const group = groupName ? (machine.groups.get(groupName) ?? [...machine.groups.values()].find((g) => String(g.gid) === groupName)) : undefined;
  if (groupName && !group) throw new LaunchError(`Failed to determine group credentials: No such process (Group=${groupName})`, 'exit-code', 216);

  const script = ['set -u', ...mountScript(machine, listValue(d, 'ReadWritePaths'))];
  if (lastValue(d, 'PrivateTmp') === undefined || isTrue(lastValue(d, 'PrivateTmp'))) {
    script.push(`mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp || { echo 'Failed to set up /tmp' >&2; exit 226; }`);
  }
  script.push(...hardening(d));
  const nofile = lastValue(d, 'LimitNOFILE');
  if (nofile && /^\d+$/.test(nofile)) script.push(`ulimit -n ${nofile} 2>/dev/null || true`);
  const umask = lastValue(d, 'UMask') ?? '0022';
  if (/^[0-7]{1,4}$/.test(umask)) script.push(`umask ${umask}`);
  const workingDirectory = lastValue(d, 'WorkingDirectory');
  if (workingDirectory) {
    const optional = workingDirectory.startsWith('-');
    const dir = optional ? workingDirectory.slice(1) : workingDirectory;
    script.push(`cd ${shellQuote(dir === '~' ? (account?.home ?? '/root') : dir)} ${optional ? '2>/dev/null || cd /' : `|| { echo 'Changing to the requested working directory failed' >&2; exit 200; }`}`);
  } else script.push('cd /');

  const setpriv: string[] = [];
  if (account) {
    const gid = group?.gid ?? account.gid;
    const supplementary = [...machine.groups.values()].filter((g) => g.members.includes(account.name)).map((g) => g.gid);
    setpriv.push(`--reuid=${account.uid}`, `--regid=${gid}`, supplementary.length ? `--groups=${supplementary.join(',')}` : '--clear-groups');
  }
  const ambient = listValue(d, 'AmbientCapabilities').map(capName);
  if (ambient.length) {
    const caps = ['-all', ...ambient.map((c) => `+${c}`)].join(',');
    setpriv.push(`--inh-caps=${caps}`, `--ambient-caps=${caps}`);
  }
  const bounding = d.values.get('CapabilityBoundingSet');
  if (bounding !== undefined) {
    const words = listValue(d, 'CapabilityBoundingSet');
    const inverted = words[0]?.startsWith('~') ?? false;
    const caps = words.map((w) => capName(w.replace(/^~/, '')));
    setpriv.push(`--bounding-set=${inverted ? caps.map((c) => `-${c}`).join(',') : ['-all', ...caps.map((c) => `+${c}`)].join(',')}`);
  }
  if (isTrue(lastValue(d, 'NoNewPrivileges'))) setpriv.push('--no-new-privs');
  const finalArgv = setpriv.length ? ['setpriv', ...setpriv, '--', ...exec.argv] : exec.argv;
  script.push(`exec ${finalArgv.map(shellQuote).join(' ')}`);

  const restartText = lastValue(d, 'Restart') ?? 'no';
  const restart = (RESTART_POLICIES as readonly string[]).includes(restartText) ? (restartText as RestartPolicy) : 'no';
  const successStatuses = new Set<number>([0]);
  const successSignals = new Set<string>();
  for (const word of listValue(d, 'SuccessExitStatus')) {
    if (/^\d+$/.test(word)) successStatuses.add(Number(word));
    else if (word.startsWith('SIG') && word in constants.signals) successSignals.add(word);
  }
  return {
    launch: {
      command: 'nsenter',
      args: [`--net=/run/netns/${netns}`, '--', 'unshare', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', script.join('\n')],
      env: environment(machine, d, account),
      identifier: basename(program),
    },
    policy: {
      restart,
      restartSec: parseSeconds(lastValue(d, 'RestartSec'), 0.1),
      timeoutStopSec: parseSeconds(lastValue(d, 'TimeoutStopSec') ?? lastValue(d, 'TimeoutSec'), 90),
      successStatuses,
      successSignals,
      ignoreFailure: exec.ignoreFailure,
    },
  };
}
