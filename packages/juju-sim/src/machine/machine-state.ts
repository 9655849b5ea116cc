// One unit's fake machine: installed packages, accounts, file owners, systemd services and their journal.

export interface Account {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  readonly shell: string;
  readonly system: boolean;
}

export interface Group {
  readonly name: string;
  readonly gid: number;
  readonly members: string[];
}

export type ActiveState = 'active' | 'inactive' | 'failed' | 'activating' | 'deactivating';

export interface ServiceState {
  readonly name: string;
  enabled: boolean;
  activeState: ActiveState;
  /** auto-restart: waiting RestartSec before Restart= starts it again (ActiveState activating). */
  subState: 'running' | 'dead' | 'failed' | 'auto-restart' | 'stop-sigterm';
  /** systemd's Result: exit-code (unclean exit status), signal (unclean signal), timeout (stop needed SIGKILL). */
  result: 'success' | 'exit-code' | 'signal' | 'timeout';
  /** The running main process (0 when none); recording mode reports a made-up pid while active. */
  mainPid: number;
  /** Exit status of the last main process, or the number of the signal that killed it. */
  execMainStatus: number;
  /** Times the service was started (start, restart, reload-or-restart, enable --now). */
  starts: number;
  /** Explicit restarts (restart and reload-or-restart of a running service). */
  restarts: number;
  /** systemd's NRestarts: automatic restarts by Restart=; a test raises it with crashService(). */
  nRestarts: number;
  /** Unit file text systemd last loaded (daemon-reload or first start), to warn about unreloaded changes. */
  loadedUnitFile: string | undefined;
}

export interface FileOwner {
  readonly user: string;
  readonly group: string;
  /** chown -R: the owner applies to everything below the path too. */
  readonly recursive: boolean;
}

export interface ServiceFault {
  readonly reason: string;
}

/**
 * Runs services for real (real-machine mode); without one, systemctl only records. `start` returns once the
 * main process is forked (Type=simple); `stop` once the whole process group is gone.
 */
export interface ServiceRunner {
  start(service: ServiceState, unitFile: string): void;
  stop(service: ServiceState): Promise<void>;
}

export class MachineState {
  /** Set in real-machine mode. */
  runner: ServiceRunner | undefined = undefined;
  readonly packages = new Map<string, string>();
  readonly users = new Map<string, Account>([
    ['root', { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash', system: true }],
    ['nobody', { name: 'nobody', uid: 65534, gid: 65534, home: '/nonexistent', shell: '/usr/sbin/nologin', system: true }],
  ]);
  readonly groups = new Map<string, Group>([
    ['root', { name: 'root', gid: 0, members: [] }],
    ['nogroup', { name: 'nogroup', gid: 65534, members: [] }],
  ]);
  /** Absolute host path -> owner, as set by chown. */
  readonly owners = new Map<string, FileOwner>();
  readonly services = new Map<string, ServiceState>();
  /** Injected service failures: the next start fails with this reason. */
  readonly serviceFaults = new Map<string, ServiceFault>();
  readonly journal = new Map<string, string[]>();
  private nextSystemId = 998;
  private nextUserId = 1000;

  constructor(readonly rootfs: string) {}

  allocateId(system: boolean): number {
    return system ? this.nextSystemId-- : this.nextUserId++;
  }

  log(service: string, line: string): void {
    const lines = this.journal.get(service) ?? [];
    lines.push(line);
    // A chatty service must not grow the simulator without bound; journald rotates too.
    if (lines.length > MAX_JOURNAL_LINES) lines.splice(0, lines.length - MAX_JOURNAL_LINES);
    this.journal.set(service, lines);
  }
}

const MAX_JOURNAL_LINES = 20_000;

/** systemd accepts "flume" and "flume.service" for the same unit. */
export function serviceName(name: string): string {
  return name.endsWith('.service') ? name.slice(0, -'.service'.length) : name;
}
