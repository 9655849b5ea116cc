// One service of a real-machine unit, supervised as systemd would: the main process forked by start, its
// output into the unit's journal, Restart= after an unclean exit, stop by SIGTERM to the whole process group
// and SIGKILL after TimeoutStopSec=. The fields systemctl reports live in the shared ServiceState.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { MachineState, ServiceState } from '../machine/machine-state';
import { LaunchError, planService, type ServicePlan } from './service-launch';

/** Signals after which systemd counts an exit as clean (systemd.service, SuccessExitStatus=). */
const CLEAN_SIGNALS = new Set(['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGPIPE']);
const STATUS_NAMES: Readonly<Record<number, string>> = { 0: 'SUCCESS', 1: 'FAILURE', 2: 'INVALIDARGUMENT', 200: 'CHDIR', 217: 'USER', 226: 'NAMESPACE' };

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

export class ServiceSupervisor {
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private stopTimedOut = false;
  private plan: ServicePlan | undefined;

  constructor(
    private readonly machine: MachineState,
    readonly state: ServiceState,
    private readonly netns: string,
  ) {}

  private update(patch: Partial<Omit<ServiceState, 'name'>>): void {
    Object.assign(this.state, patch);
  }

  private log(line: string): void {
    this.machine.log(this.state.name, line);
  }

  private systemd(line: string): void {
    this.log(`systemd[1]: ${line}`);
  }

  /** Forks the main process (Type=simple: start succeeds once it is forked, whatever it does next). */
  start(unitFile: string): void {
    this.cancelRestart();
    this.systemd(`Starting ${this.state.name}.service...`);
    try {
      this.plan = planService(this.machine, unitFile, this.netns);
    } catch (error) {
      if (!(error instanceof LaunchError)) throw error;
      this.log(`${this.state.name}: ${error.message}`);
      this.fail(error.result, error.status);
      this.systemd(`Failed to start ${this.state.name}.service.`);
      return;
    }
    this.fork(this.plan);
    this.systemd(`Started ${this.state.name}.service.`);
  }

  private fork(plan: ServicePlan): void {
    const { launch } = plan;
    const child = spawn(launch.command, [...launch.args], { env: launch.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], cwd: '/' });
    this.child = child;
    this.stopping = false;
    this.stopTimedOut = false;
    const pid = child.pid ?? 0;
    this.update({ activeState: 'active', subState: 'running', result: 'success', mainPid: pid, execMainStatus: 0 });
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.log(`${launch.identifier}[${pid}]: ${line}`);
      });
      stream?.on('end', () => {
        if (partial) this.log(`${launch.identifier}[${pid}]: ${partial}`);
      });
    }
    this.exited = new Promise<void>((resolve) => {
      child.on('error', (error) => {
        this.log(`${this.state.name}: ${error.message}`);
        this.onExit(child, 203, null);
        resolve();
      });
      child.on('exit', (code, signal) => {
        this.onExit(child, code, signal);
        resolve();
      });
    });
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    const pid = child.pid ?? 0;
    // systemd's KillMode=control-group: whatever the main process left behind goes with it.
    if (pid) killGroup(pid, 'SIGKILL');
    const plan = this.plan;
    const status = signal ? signalNumber(signal) : (code ?? 0);
    this.state.execMainStatus = status;
    this.state.mainPid = 0;
    const clean = signal
      ? CLEAN_SIGNALS.has(signal) || (plan?.policy.successSignals.has(signal) ?? false)
      : (plan?.policy.ignoreFailure ?? false) || (plan?.policy.successStatuses.has(code ?? 0) ?? code === 0);
    this.systemd(
      signal
        ? `${this.state.name}.service: Main process exited, code=killed, status=${status}/${signal.replace(/^SIG/, '')}`
        : `${this.state.name}.service: Main process exited, code=exited, status=${status}/${STATUS_NAMES[status] ?? String(status)}`,
    );
    if (this.stopping) {
      const result = this.stopTimedOut ? 'timeout' : clean ? 'success' : signal ? 'signal' : 'exit-code';
      if (result === 'success') {
        this.update({ activeState: 'inactive', subState: 'dead', result });
        this.systemd(`${this.state.name}.service: Deactivated successfully.`);
      } else this.fail(result, status);
      this.systemd(`Stopped ${this.state.name}.service.`);
      return;
    }
    const result = clean ? 'success' : signal ? 'signal' : 'exit-code';
    if (plan && this.shouldRestart(plan, clean, signal)) {
      this.update({ activeState: 'activating', subState: 'auto-restart', result });
      if (result !== 'success') this.systemd(`${this.state.name}.service: Failed with result '${result}'.`);
      this.restartTimer = setTimeout(() => this.autoRestart(plan), plan.policy.restartSec * 1000);
      return;
    }
    if (result === 'success') {
      this.update({ activeState: 'inactive', subState: 'dead', result });
      this.systemd(`${this.state.name}.service: Deactivated successfully.`);
    } else this.fail(result, status);
  }

  private shouldRestart(plan: ServicePlan, clean: boolean, signal: NodeJS.Signals | null): boolean {
    switch (plan.policy.restart) {
      case 'always':
        return true;
      case 'on-success':
        return clean;
      case 'on-failure':
        return !clean;
      case 'on-abnormal':
      case 'on-abort':
        return signal !== null && !clean;
      default:
        return false;
    }
  }

  private autoRestart(plan: ServicePlan): void {
    this.restartTimer = undefined;
    this.state.nRestarts++;
    this.systemd(`${this.state.name}.service: Scheduled restart job, restart counter is at ${this.state.nRestarts}.`);
    this.systemd(`Stopped ${this.state.name}.service.`);
    this.systemd(`Starting ${this.state.name}.service...`);
    // A fault injected with Model.failService makes every start fail, the automatic ones too.
    const fault = this.machine.serviceFaults.get(this.state.name);
    if (fault) {
      this.log(`${this.state.name}: ${fault.reason}`);
      this.fail('exit-code', 1);
      this.systemd(`Failed to start ${this.state.name}.service.`);
      return;
    }
    this.fork(plan);
    this.systemd(`Started ${this.state.name}.service.`);
  }

  private fail(result: 'exit-code' | 'signal' | 'timeout' | 'resources', status: number): void {
    this.update({ activeState: 'failed', subState: 'failed', result: result === 'resources' ? 'exit-code' : result, execMainStatus: status, mainPid: 0 });
    this.systemd(`${this.state.name}.service: Failed with result '${result}'.`);
  }

  private cancelRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }

  /** SIGTERM to the process group, SIGKILL after TimeoutStopSec= (or `timeoutCapSec`); resolves when it is gone. */
  async stop(timeoutCapSec = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.restartTimer) {
      this.cancelRestart();
      this.update({ activeState: 'inactive', subState: 'dead' });
      this.systemd(`Stopped ${this.state.name}.service.`);
      return;
    }
    const child = this.child;
    if (!child?.pid) return;
    this.stopping = true;
    this.systemd(`Stopping ${this.state.name}.service...`);
    this.update({ activeState: 'deactivating', subState: 'stop-sigterm' });
    killGroup(child.pid, 'SIGTERM');
    const seconds = Math.min(this.plan?.policy.timeoutStopSec ?? 90, timeoutCapSec);
    const timer = setTimeout(() => {
      this.stopTimedOut = seconds === (this.plan?.policy.timeoutStopSec ?? 90);
      if (this.stopTimedOut) this.systemd(`${this.state.name}.service: State 'stop-sigterm' timed out. Killing.`);
      if (child.pid) killGroup(child.pid, 'SIGKILL');
    }, seconds * 1000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Sends a signal to the main process only (`kill -9 PID`); Restart= then decides, as with systemd. */
  signal(signal: NodeJS.Signals): boolean {
    const pid = this.child?.pid;
    if (!pid) return false;
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** The pid of the running main process, for exit-time cleanup. */
  get pid(): number | undefined {
    return this.child?.pid;
  }
}
