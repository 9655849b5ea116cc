// A unit's machine: its fake system state (packages, accounts, owners, services, journal) and, in real mode,
// its network namespace and the services that really run in it.
import { spawn } from 'node:child_process';
import { MachineState, serviceName, type ServiceRunner, type ServiceState } from './machine/machine-state';
import { ServiceSupervisor } from './real-machine/service-supervisor';
import type { UnitNetwork } from './real-machine/model-network';

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What destroy() allows a service for a graceful stop before SIGKILL. */
const TEARDOWN_STOP_SECONDS = 5;

export class UnitMachine implements ServiceRunner {
  readonly state: MachineState;
  private readonly supervisors = new Map<string, ServiceSupervisor>();

  constructor(
    rootfs: string,
    /** Real mode only: the unit's network namespace. */
    readonly network: UnitNetwork | undefined,
  ) {
    this.state = new MachineState(rootfs);
    if (network) this.state.runner = this;
  }

  get real(): boolean {
    return this.network !== undefined;
  }

  /** The argv prefix that runs a command inside the unit's network namespace ([] in recording mode). */
  get enterPrefix(): string[] {
    return this.network ? ['nsenter', `--net=/run/netns/${this.network.netns}`, '--'] : [];
  }

  start(service: ServiceState, unitFile: string): void {
    if (!this.network) return;
    let supervisor = this.supervisors.get(service.name);
    if (!supervisor) {
      supervisor = new ServiceSupervisor(this.state, service, this.network.netns);
      this.supervisors.set(service.name, supervisor);
    }
    supervisor.start(unitFile);
  }

  async stop(service: ServiceState): Promise<void> {
    await this.supervisors.get(service.name)?.stop();
  }

  /** Signals a service's main process; false when it is not running. */
  signalService(name: string, signal: NodeJS.Signals): boolean {
    return this.supervisors.get(serviceName(name))?.signal(signal) ?? false;
  }

  /** Runs a command in the unit's network namespace (on the host in recording mode). */
  exec(argv: readonly string[], timeoutMs = 60_000): Promise<ExecResult> {
    const full = [...this.enterPrefix, ...argv];
    const [command, ...args] = full as [string, ...string[]];
    return new Promise((resolve) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        resolve({ code: 127, stdout, stderr: `${stderr}${error.message}\n` });
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code: code ?? 128 + (signal ? 9 : 0), stdout, stderr });
      });
    });
  }

  /** Stops every service (SIGTERM to each group, SIGKILL after a few seconds). */
  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.supervisors.values()].map((s) => s.stop(TEARDOWN_STOP_SECONDS)));
  }

  /** Exit-time cleanup: SIGKILL to every service group, synchronously. */
  killAll(): void {
    for (const supervisor of this.supervisors.values()) {
      const pid = supervisor.pid;
      if (pid === undefined) continue;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}
