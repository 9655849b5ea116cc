import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readCommand, runCommand } from './commands';
import type { CheckError } from './checker';
import type { ExtraConfigFile } from './config-files';
import { isErrno, readFileIfExists, writeFileAtomic } from './files';
import { machinePath } from './machine-path';
import { forgetHookMetrics } from './metrics';
import type { FlumeLayout } from './paths';
import { addPending, clearPending, readPending } from './pending-actions';
import type { RenderedFiles } from './render';
import type { UnitOptions } from './unit-file';

// The Flume systemd service. Commands used (exactly):
//   systemctl daemon-reload                    only when the unit file changed
//   systemctl enable --now flume-APP.service   start (and start at boot)
//   systemctl restart flume-APP.service        only when config, environment or unit changed
//   systemctl disable --now flume-APP.service  stop (and not at boot)
//   systemctl is-active flume-APP.service      exit 0 active, 3 otherwise; stdout is the state
//   systemctl is-enabled flume-APP.service
//   systemctl show flume-APP.service --property=ActiveState,SubState,Result,ExecMainStatus,NRestarts
//   journalctl -u flume-APP.service -n 20 --no-pager

const SYSTEMCTL_TIMEOUT = { timeoutMs: 120_000 };

export type ServiceAction = 'started' | 'restarted' | 'stopped' | 'none';

export interface ApplyServiceInput {
  /** The unit to install (renderUnit). */
  unit: string;
  /** Whether flume.conf, flume-env.sh or log4j2.xml changed (writeConfigFiles tells, and also records it). */
  configChanged: boolean;
  desired: 'running' | 'stopped';
}

export interface ApplyServiceResult {
  readonly unitChanged: boolean;
  readonly action: ServiceAction;
}

/**
 * Brings the service to `desired` with the least disruption: writes the unit atomically (daemon-reload only
 * when it changed), starts a stopped service, restarts a running one only when something it reads changed
 * (this call's configChanged, or a change an interrupted earlier hook recorded but did not carry out).
 */
export async function applyService(layout: FlumeLayout, input: ApplyServiceInput): Promise<ApplyServiceResult> {
  const unitPath = machinePath(layout.unitFile);
  const unitChanged = (await readFileIfExists(unitPath)) !== input.unit;
  // Recorded before the change, carried out below, cleared at the end: retries converge (pending-actions.ts).
  if (unitChanged) await addPending(layout, ['daemon-reload', 'restart']);
  if (input.configChanged) await addPending(layout, ['restart']);
  await fs.mkdir(path.dirname(unitPath), { recursive: true, mode: 0o755 });
  await writeFileAtomic(unitPath, input.unit, { mode: 0o644 });
  const pending = await readPending(layout);
  if (pending.has('daemon-reload')) await runCommand('systemctl', ['daemon-reload'], SYSTEMCTL_TIMEOUT);

  let action: ServiceAction = 'none';
  const active = await isActive(layout);
  if (input.desired === 'stopped') {
    if (active || (await isEnabled(layout))) {
      await stopService(layout);
      action = 'stopped';
    }
  } else if (!active) {
    await startService(layout);
    action = 'started';
  } else if (pending.has('restart')) {
    await restartService(layout);
    action = 'restarted';
  }
  if (pending.size > 0) await clearPending(layout);
  return { unitChanged, action };
}

export interface ApplyInput {
  rendered: RenderedFiles;
  /** Further files of the config directory that Flume reads (e.g. hdfs-site.xml); a change restarts it too. */
  extraFiles?: readonly ExtraConfigFile[];
  agentName: string;
  unit: UnitOptions;
  desired: 'running' | 'stopped';
}

export type ApplyResult =
  | ({ readonly ok: true; readonly configChanged: boolean } & ApplyServiceResult)
  | { readonly ok: false; readonly errors: readonly CheckError[] };

/**
 * One call for a charm handler: check the rendered flume.conf (invalid: nothing is written, the running
 * service is untouched, `errors[0]` is the blocked message), write the files (the extra ones too), then
 * applyService().
 */
export async function apply(layout: FlumeLayout, input: ApplyInput): Promise<ApplyResult> {
  // Loaded by the hooks that write files: update-status starts without them (docs/startup-snapshot.md).
  const [{ renderUnit }, { writeConfigFiles }] = await Promise.all([import('./unit-file'), import('./config-files')]);
  const unit = renderUnit(layout, input.unit);
  const written = await writeConfigFiles(layout, input.rendered, input.agentName, input.extraFiles);
  if (!written.ok) return written;
  const { flumeConf, flumeEnv, log4j2, extraFiles } = written.changed;
  const configChanged = flumeConf || flumeEnv || log4j2 || extraFiles;
  const result = await applyService(layout, { unit, configChanged, desired: input.desired });
  return { ok: true, configChanged, ...result };
}

/**
 * Unit removal (the `stop` hook, issue 14 item 5): Flume stops, does not start at boot, and its systemd unit is
 * gone, so nothing of the unit runs on a machine that outlives it (`--to`, manual machines). Idempotent: a retry
 * after a kill at any step finishes the job (daemon-reload always runs).
 */
export async function removeService(layout: FlumeLayout): Promise<void> {
  const unitPath = machinePath(layout.unitFile);
  if ((await readFileIfExists(unitPath)) !== undefined) {
    await stopService(layout);
    await fs.rm(unitPath, { force: true });
  }
  await runCommand('systemctl', ['daemon-reload'], SYSTEMCTL_TIMEOUT);
  await clearPending(layout);
}

export async function startService(layout: FlumeLayout): Promise<void> {
  forgetHookMetrics();
  await runCommand('systemctl', ['enable', '--now', layout.serviceName], SYSTEMCTL_TIMEOUT);
}

export async function restartService(layout: FlumeLayout): Promise<void> {
  forgetHookMetrics();
  await runCommand('systemctl', ['restart', layout.serviceName], SYSTEMCTL_TIMEOUT);
}

export async function stopService(layout: FlumeLayout): Promise<void> {
  forgetHookMetrics();
  await runCommand('systemctl', ['disable', '--now', layout.serviceName], SYSTEMCTL_TIMEOUT);
}

// `systemctl is-active` exits 0 when active and 3 when inactive or failed (4: no such unit). Any other code
// means systemctl itself failed: that must fail the hook, not read as "stopped" — otherwise a pending restart
// is dropped while the old config keeps running.
export async function isActive(layout: FlumeLayout): Promise<boolean> {
  const result = await runCommand('systemctl', ['is-active', layout.serviceName], { okExitCodes: [0, 3, 4] });
  return result.exitCode === 0;
}

async function isEnabled(layout: FlumeLayout): Promise<boolean> {
  const result = await runCommand('systemctl', ['is-enabled', layout.serviceName], { okExitCodes: [0, 1, 2, 3, 4] });
  return result.exitCode === 0;
}

export type ServiceState = 'active' | 'activating' | 'deactivating' | 'reloading' | 'inactive' | 'failed' | 'unknown';

export interface ServiceStatus {
  readonly state: ServiceState;
  readonly subState?: string;
  /** systemd's Result: success, exit-code, signal, start-limit-hit, ... */
  readonly result?: string;
  readonly restarts?: number;
  /** Why the service is not running, from the Flume log or the journal; undefined when it is fine. */
  readonly reason?: string;
  readonly journal: readonly string[];
  readonly logTail: readonly string[];
  /** Seconds since systemd last reported it active (ActiveEnterTimestampMonotonic); undefined when unknown. */
  readonly activeForSeconds?: number;
}

const STATES: readonly ServiceState[] = ['active', 'activating', 'deactivating', 'reloading', 'inactive', 'failed'];

/**
 * What systemd says about the service; when it is not active or keeps restarting, the reason from the last
 * lines of the journal and of the Flume log.
 */
export async function serviceStatus(layout: FlumeLayout, options: { logLines?: number } = {}): Promise<ServiceStatus> {
  // One process: `show` reports ActiveState too, so no separate `is-active` (a hook pays per spawn).
  const show = await readCommand(
    'systemctl',
    ['show', layout.serviceName, '--property=ActiveState,SubState,Result,ExecMainStatus,NRestarts,ActiveEnterTimestampMonotonic'],
    { okExitCodes: [0, 1] },
  );
  const props = parseShow(show.stdout);
  const stateText = props.ActiveState ?? '';
  const state: ServiceState = (STATES as readonly string[]).includes(stateText) ? (stateText as ServiceState) : 'unknown';
  const restarts = props.NRestarts !== undefined && /^\d+$/.test(props.NRestarts) ? Number(props.NRestarts) : undefined;
  // A service that systemd brought back (Restart=on-failure after a crash or kill -9) and that is running now is
  // running: whether it works is for the health check from Flume's metrics to say. NRestarts only counts up, so
  // judging by it would leave a recovered unit blocked forever. A crash loop shows as activating/auto-restart or
  // failed, which are not active.
  const troubled = state !== 'active';
  if (!troubled) {
    const activeForSeconds = await secondsSince(props.ActiveEnterTimestampMonotonic);
    return { state, subState: props.SubState, result: props.Result, restarts, journal: [], logTail: [], ...(activeForSeconds === undefined ? {} : { activeForSeconds }) };
  }
  const journal = await journalTail(layout);
  const logTail = await fileTail(machinePath(layout.logFile), options.logLines ?? 20);
  return {
    state,
    subState: props.SubState,
    result: props.Result,
    restarts,
    reason: failureReason(logTail, journal, props),
    journal,
    logTail,
  };
}

/** Seconds between a CLOCK_MONOTONIC timestamp in microseconds (systemd's) and now (/proc/uptime, the same clock). */
async function secondsSince(monotonicMicros: string | undefined): Promise<number | undefined> {
  if (monotonicMicros === undefined || !/^[1-9][0-9]*$/.test(monotonicMicros)) return undefined;
  try {
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]); // sync: see readFileIfExists
    return Number.isFinite(uptime) ? Math.max(0, uptime - Number(monotonicMicros) / 1e6) : undefined;
  } catch {
    return undefined;
  }
}

export function parseShow(text: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1).trim();
  }
  return out;
}

async function journalTail(layout: FlumeLayout): Promise<string[]> {
  try {
    const result = await runCommand('journalctl', ['-u', layout.serviceName, '-n', '20', '--no-pager'], { timeoutMs: 30_000 });
    return result.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('-- '));
  } catch {
    return []; // the journal is a hint; its absence must not hide the state
  }
}

/** The last `lines` lines of a file, reading at most the last 64 KiB. */
export async function fileTail(file: string, lines: number): Promise<string[]> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8').split('\n').filter((l) => l.trim() !== '').slice(-lines);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  } finally {
    await handle?.close();
  }
}

// A line of the journal that systemd itself wrote about the unit ("systemd[1]: flume-APP.service: Failed with
// result 'exit-code'."): true, but it only says THAT the service failed, not why.
const SYSTEMD_LINE = /\bsystemd\[\d+\]:/;
const TELLING = /\b(ERROR|FATAL)\b|Exception|Caused by|Error:|failed|cannot|not found|denied/i;

/**
 * The most telling line, in this order: the last error in the Flume log; the last line the service itself
 * wrote to the journal (an error-looking one first, e.g. the JVM's exception); systemd's own summary of
 * the unit; systemd's Result.
 */
export function failureReason(
  logTail: readonly string[],
  journal: readonly string[],
  props: Record<string, string | undefined> = {},
): string {
  const lastTelling = (lines: readonly string[]): string | undefined => [...lines].reverse().find((l) => TELLING.test(l));
  const own = journal.filter((l) => !SYSTEMD_LINE.test(l));
  const systemd = journal.filter((l) => SYSTEMD_LINE.test(l));
  const line =
    lastTelling(logTail) ??
    lastTelling(own) ??
    own[own.length - 1] ??
    lastTelling(systemd) ??
    systemd[systemd.length - 1] ??
    logTail[logTail.length - 1];
  if (line) return clean(line);
  return props.Result && props.Result !== 'success' ? `systemd result: ${props.Result}` : 'service is not running';
}

function clean(line: string): string {
  const text = line.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
