// A small, typed wrapper over the `juju` CLI for integration tests, in the style of jubilant:
// one method per CLI command, JSON status, and wait() on a predicate. It never talks to the API
// directly, so it works with whatever controller the `juju` on PATH is logged in to.
// The charms declare `assumes: juju >= 3.4` (the first Juju that deploys ubuntu@24.04), so this wrapper speaks
// the 3.x CLI only: `integrate`, `exec` for commands in a hook context, `run` for actions.
import { execa } from 'execa';

export interface UnitStatus {
  readonly 'workload-status'?: { readonly current?: string; readonly message?: string };
  readonly 'juju-status'?: { readonly current?: string; readonly message?: string };
  readonly 'public-address'?: string;
}
export interface AppStatus {
  readonly units?: Readonly<Record<string, UnitStatus>>;
  readonly 'application-status'?: { readonly current?: string; readonly message?: string };
}
export interface Status {
  readonly applications: Readonly<Record<string, AppStatus>>;
}

export interface DeployOptions {
  readonly app?: string;
  readonly units?: number;
  readonly config?: Readonly<Record<string, string | number | boolean>>;
  readonly resources?: Readonly<Record<string, string>>;
}

/** The oldest Juju the charms accept (charmcraft.yaml `assumes`). */
export const MIN_JUJU: readonly [number, number] = [3, 4];

/** Whether a `juju version` string such as `3.6.1-ubuntu-amd64` is at least MIN_JUJU. */
export function supportedJuju(version: string): boolean {
  const [major, minor] = version.split(/[.-]/).map((part) => Number.parseInt(part, 10));
  if (major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor)) return false;
  return major > MIN_JUJU[0] || (major === MIN_JUJU[0] && minor >= MIN_JUJU[1]);
}

/** Returns the `juju` version, or undefined when the CLI is not on PATH. */
export async function jujuVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await execa('juju', ['version'], { timeout: 20_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

export class Juju {
  constructor(readonly model: string) {}

  /** Runs `juju ARGS` against this model and returns stdout. */
  async cli(args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<string> {
    const { stdout } = await execa('juju', [...args], {
      env: { JUJU_MODEL: this.model },
      input: options.input,
      timeout: options.timeoutMs ?? 600_000,
    });
    return stdout;
  }

  static async addModel(name: string): Promise<Juju> {
    const version = (await jujuVersion()) ?? 'none';
    if (!supportedJuju(version)) throw new Error(`juju ${version}: the charms need Juju >= ${MIN_JUJU.join('.')}`);
    await execa('juju', ['add-model', name], { timeout: 600_000 });
    return new Juju(name);
  }

  async destroyModel(): Promise<void> {
    const args = ['destroy-model', this.model, '--destroy-storage', '--force', '--no-wait', '--no-prompt'];
    await execa('juju', args, { timeout: 600_000 });
  }

  async deploy(charm: string, options: DeployOptions = {}): Promise<void> {
    const args = ['deploy', charm];
    if (options.app) args.push(options.app);
    if (options.units) args.push('-n', String(options.units));
    for (const [key, value] of Object.entries(options.config ?? {})) args.push('--config', `${key}=${value}`);
    for (const [name, path] of Object.entries(options.resources ?? {})) args.push('--resource', `${name}=${path}`);
    await this.cli(args);
  }

  async integrate(a: string, b: string): Promise<void> {
    await this.cli(['integrate', a, b]);
  }

  /** `juju exec --unit UNIT -- COMMAND`: runs in a hook context, so hook tools such as network-get work. */
  async exec(unit: string, command: readonly string[]): Promise<string> {
    return (await this.cli(['exec', '--unit', unit, '--', ...command])).trim();
  }

  /** The address remote units reach this unit at over ENDPOINT (differs from public-address on public clouds). */
  async ingressAddress(unit: string, endpoint: string): Promise<string> {
    return this.exec(unit, ['network-get', endpoint, '--ingress-address']);
  }

  /** `juju run UNIT ACTION KEY=VALUE...` (3.x: waits and prints the results as YAML/JSON). */
  async runAction(unit: string, action: string, params: Readonly<Record<string, string>> = {}): Promise<unknown> {
    const args = ['run', unit, action, '--format=json', ...Object.entries(params).map(([k, v]) => `${k}=${v}`)];
    return JSON.parse(await this.cli(args)) as unknown;
  }

  async config(app: string, values: Readonly<Record<string, string | number | boolean>>): Promise<void> {
    await this.cli(['config', app, ...Object.entries(values).map(([k, v]) => `${k}=${v}`)]);
  }

  async status(): Promise<Status> {
    return JSON.parse(await this.cli(['status', '--format=json'])) as Status;
  }

  /** `juju ssh UNIT -- COMMAND`, returning stdout. */
  async ssh(unit: string, command: string): Promise<string> {
    return this.cli(['ssh', unit, '--', command]);
  }

  /** Polls status until `ready` holds; throws with the last status when `error` holds or time runs out. */
  async wait(
    ready: (status: Status) => boolean,
    options: { error?: (status: Status) => boolean; timeoutMs?: number; delayMs?: number } = {},
  ): Promise<Status> {
    const deadline = Date.now() + (options.timeoutMs ?? 20 * 60_000);
    let last: Status | undefined;
    while (Date.now() < deadline) {
      last = await this.status();
      if (options.error?.(last)) throw new Error(`error state reached:\n${JSON.stringify(last, null, 2)}`);
      if (ready(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 5_000));
    }
    throw new Error(`timed out waiting; last status:\n${JSON.stringify(last, null, 2)}`);
  }
}

function units(status: Status, apps: readonly string[]): UnitStatus[] {
  return apps.flatMap((app) => Object.values(status.applications[app]?.units ?? {}));
}

/** Every unit of every named app is active and idle-agnostic (workload status only). */
export function allActive(status: Status, ...apps: string[]): boolean {
  const all = units(status, apps);
  return all.length > 0 && all.every((u) => u['workload-status']?.current === 'active');
}

/**
 * Some unit of the named apps is in error. Only error is fatal while settling: a fresh deploy passes through
 * blocked (flume-syslog before `juju integrate`, flume-hdfs before its config) on its way to active.
 */
export function anyError(status: Status, ...apps: string[]): boolean {
  return units(status, apps).some((u) => u['workload-status']?.current === 'error' || u['juju-status']?.current === 'error');
}
