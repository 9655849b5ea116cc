// systemctl: per-unit service state, driven by unit files under $CHARM_ROOTFS/etc/systemd/system. In recording
// mode it only records; with a ServiceRunner (real-machine mode) start and stop run the service for real.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, type MachineCommand, type MachineInvocation } from './machine-command';
import { serviceName, type MachineState, type ServiceState } from './machine-state';
import { ok, type ToolResult } from '../hook-tools/tool-result';

const SHOW_PROPERTIES = ['Id', 'LoadState', 'ActiveState', 'SubState', 'Result', 'NRestarts', 'UnitFileState', 'MainPID', 'ExecMainStatus'] as const;

function unitFilePath(machine: MachineState, name: string): string {
  return join(machine.rootfs, 'etc/systemd/system', `${name}.service`);
}

function readUnitFile(machine: MachineState, name: string): string | undefined {
  const path = unitFilePath(machine, name);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The service, created on first reference when its unit file exists (systemd loads new units on demand). */
function loadService(machine: MachineState, name: string): ServiceState | undefined {
  const existing = machine.services.get(name);
  if (existing) return existing;
  const text = readUnitFile(machine, name);
  if (text === undefined) return undefined;
  const service: ServiceState = {
    name,
    enabled: false,
    activeState: 'inactive',
    subState: 'dead',
    result: 'success',
    starts: 0,
    restarts: 0,
    nRestarts: 0,
    mainPid: 0,
    execMainStatus: 0,
    loadedUnitFile: text,
  };
  machine.services.set(name, service);
  return service;
}

function staleWarning(machine: MachineState, service: ServiceState): string {
  const current = readUnitFile(machine, service.name);
  if (current === undefined || current === service.loadedUnitFile) return '';
  return `Warning: The unit file, source configuration file or drop-ins of ${service.name}.service changed on disk. Run 'systemctl daemon-reload' to reload units.\n`;
}

function start(call: MachineInvocation, name: string, verb: string): ToolResult {
  const { machine } = call;
  const service = loadService(machine, name);
  const onDisk = readUnitFile(machine, name);
  if (!service || onDisk === undefined) return fail(5, `Failed to ${verb} ${name}.service: Unit ${name}.service not found.`);
  const warning = staleWarning(machine, service);
  // systemd: `start` (and `enable --now`) of a unit that is already active does nothing; the running process
  // keeps the configuration it started with. Only restart replaces it.
  if (verb === 'start' && service.activeState === 'active') return { code: 0, stdout: '', stderr: warning };
  service.starts++;
  if (machine.runner) {
    // systemd runs the unit as it last loaded it: a changed file needs daemon-reload first.
    machine.runner.start(service, service.loadedUnitFile ?? onDisk);
    return { code: 0, stdout: '', stderr: warning };
  }
  machine.log(name, `systemd[1]: Starting ${name}.service...`);
  const fault = machine.serviceFaults.get(name);
  if (fault) {
    service.activeState = 'failed';
    service.subState = 'failed';
    service.result = 'exit-code';
    machine.log(name, `${name}[${1000 + service.starts}]: ${fault.reason}`);
    machine.log(name, `systemd[1]: ${name}.service: Failed with result 'exit-code'.`);
    machine.log(name, `systemd[1]: Failed to start ${name}.service.`);
    return fail(
      1,
      `${warning}Job for ${name}.service failed because the control process exited with error code.\nSee "systemctl status ${name}.service" and "journalctl -xeu ${name}.service" for details.`,
    );
  }
  service.activeState = 'active';
  service.subState = 'running';
  service.result = 'success';
  service.mainPid = 1000 + service.starts;
  machine.log(name, `systemd[1]: Started ${name}.service.`);
  return { code: 0, stdout: '', stderr: warning };
}

async function stop(call: MachineInvocation, name: string): Promise<ToolResult> {
  const service = loadService(call.machine, name);
  if (!service) return fail(5, `Failed to stop ${name}.service: Unit ${name}.service not loaded.`);
  if (call.machine.runner) {
    await call.machine.runner.stop(service);
    return ok();
  }
  if (service.activeState === 'active') call.machine.log(name, `systemd[1]: Stopped ${name}.service.`);
  service.activeState = 'inactive';
  service.subState = 'dead';
  service.mainPid = 0;
  return ok();
}

async function restart(call: MachineInvocation, name: string): Promise<ToolResult> {
  const wasActive = call.machine.services.get(name)?.activeState === 'active';
  if (call.machine.runner) {
    const service = loadService(call.machine, name);
    if (service) await call.machine.runner.stop(service);
  } else if (wasActive) call.machine.log(name, `systemd[1]: Stopping ${name}.service...`);
  const result = start(call, name, 'restart');
  const service = call.machine.services.get(name);
  if (service && wasActive) service.restarts++;
  return result;
}

function enable(call: MachineInvocation, name: string): ToolResult {
  const service = loadService(call.machine, name);
  if (!service) return fail(1, `Failed to enable unit: Unit file ${name}.service does not exist.`);
  const stderr = service.enabled
    ? ''
    : `Created symlink /etc/systemd/system/multi-user.target.wants/${name}.service → /etc/systemd/system/${name}.service.\n`;
  service.enabled = true;
  return { code: 0, stdout: '', stderr };
}

function disable(call: MachineInvocation, name: string): ToolResult {
  const service = loadService(call.machine, name);
  if (!service) return fail(1, `Failed to disable unit: Unit file ${name}.service does not exist.`);
  const stderr = service.enabled ? `Removed "/etc/systemd/system/multi-user.target.wants/${name}.service".\n` : '';
  service.enabled = false;
  return { code: 0, stdout: '', stderr };
}

function property(machine: MachineState, name: string, key: (typeof SHOW_PROPERTIES)[number]): string {
  const service = loadService(machine, name);
  switch (key) {
    case 'Id':
      return `${name}.service`;
    case 'LoadState':
      return service ? 'loaded' : 'not-found';
    case 'ActiveState':
      return service?.activeState ?? 'inactive';
    case 'SubState':
      return service?.subState ?? 'dead';
    case 'Result':
      return service?.result ?? 'success';
    case 'NRestarts':
      return String(service?.nRestarts ?? 0);
    case 'UnitFileState':
      return service ? (service.enabled ? 'enabled' : 'disabled') : '';
    case 'MainPID':
      return String(service?.mainPid ?? 0);
    case 'ExecMainStatus':
      return String(service?.execMainStatus ?? 0);
  }
}

function show(call: MachineInvocation, names: readonly string[], properties: readonly string[], valueOnly: boolean): ToolResult {
  const wanted = properties.length ? properties : SHOW_PROPERTIES;
  const blocks = names.map((name) =>
    wanted
      .filter((p): p is (typeof SHOW_PROPERTIES)[number] => (SHOW_PROPERTIES as readonly string[]).includes(p))
      .map((p) => (valueOnly ? property(call.machine, name, p) : `${p}=${property(call.machine, name, p)}`))
      .join('\n'),
  );
  return ok(blocks.map((b) => `${b}\n`).join('\n'));
}

function status(call: MachineInvocation, name: string): ToolResult {
  const service = loadService(call.machine, name);
  if (!service) return fail(4, `Unit ${name}.service could not be found.`);
  const lines = [
    `● ${name}.service`,
    `     Loaded: loaded (/etc/systemd/system/${name}.service; ${service.enabled ? 'enabled' : 'disabled'})`,
    `     Active: ${service.activeState} (${service.subState})`,
    '',
    ...(call.machine.journal.get(name) ?? []).slice(-10),
  ];
  return { code: service.activeState === 'active' ? 0 : 3, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

const GLOBAL_FLAGS = new Set(['--no-pager', '--no-block', '--system', '--no-ask-password', '--no-legend', '--full', '-l']);

export const systemctl: MachineCommand = async (call) => {
  let quiet = false;
  let now = false;
  let valueOnly = false;
  const properties: string[] = [];
  const words: string[] = [];
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-q' || arg === '--quiet') quiet = true;
    else if (arg === '--now') now = true;
    else if (arg === '--value') valueOnly = true;
    else if (arg.startsWith('--property=')) properties.push(...arg.slice('--property='.length).split(','));
    else if (arg === '-p' || arg === '--property') properties.push(...(args[++i] ?? '').split(','));
    else if (GLOBAL_FLAGS.has(arg)) continue;
    else if (arg.startsWith('-')) return fail(1, `systemctl: unrecognized option '${arg}'`);
    else words.push(arg);
  }
  const [verb, ...rawNames] = words;
  const names = rawNames.map(serviceName);
  if (verb === undefined) return fail(1, 'juju-sim systemctl: list-units is not simulated');
  if (verb === 'daemon-reload') {
    for (const service of call.machine.services.values()) service.loadedUnitFile = readUnitFile(call.machine, service.name);
    return ok();
  }
  if (names.length === 0) return fail(1, `Too few arguments.`);
  const each = async (fn: (name: string) => ToolResult | Promise<ToolResult>): Promise<ToolResult> => {
    let stdout = '';
    let stderr = '';
    for (const name of names) {
      const r = await fn(name);
      stdout += r.stdout;
      stderr += r.stderr;
      if (r.code !== 0) return { code: r.code, stdout, stderr };
    }
    return { code: 0, stdout, stderr };
  };
  switch (verb) {
    case 'start':
      return each((n) => start(call, n, 'start'));
    case 'stop':
      return each((n) => stop(call, n));
    case 'restart':
    case 'reload-or-restart':
    case 'try-restart':
      return each((n) => restart(call, n));
    case 'enable':
      return each((n) => {
        const r = enable(call, n);
        return r.code === 0 && now ? merge(r, start(call, n, 'start')) : r;
      });
    case 'disable':
      return each((n) => {
        const r = disable(call, n);
        return r.code === 0 && now ? stop(call, n).then((s) => merge(r, s)) : r;
      });
    case 'is-active': {
      const states = names.map((n) => property(call.machine, n, 'ActiveState'));
      const code = states.includes('active') ? 0 : 3;
      return { code, stdout: quiet ? '' : states.map((s) => `${s}\n`).join(''), stderr: '' };
    }
    case 'is-failed': {
      const states = names.map((n) => property(call.machine, n, 'ActiveState'));
      return { code: states.includes('failed') ? 0 : 1, stdout: quiet ? '' : states.map((s) => `${s}\n`).join(''), stderr: '' };
    }
    case 'is-enabled': {
      let stdout = '';
      let code = 1;
      for (const n of names) {
        const service = loadService(call.machine, n);
        if (!service) return fail(1, `Failed to get unit file state for ${n}.service: No such file or directory`, stdout);
        if (service.enabled) code = 0;
        if (!quiet) stdout += service.enabled ? 'enabled\n' : 'disabled\n';
      }
      return { code, stdout, stderr: '' };
    }
    case 'show':
      return show(call, names, properties, valueOnly);
    case 'status':
      return status(call, names[0] as string);
    default:
      return fail(1, `Unknown command verb ${verb}.`);
  }
};

function merge(a: ToolResult, b: ToolResult): ToolResult {
  return { code: b.code, stdout: a.stdout + b.stdout, stderr: a.stderr + b.stderr };
}
