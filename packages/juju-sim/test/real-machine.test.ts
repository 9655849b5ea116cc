// Real-machine mode: each unit is a network namespace on the model's bridge, and systemctl runs the unit file
// for real (User=, capabilities, Restart=, process-group stop, journal, read-only machine outside ReadWritePaths).
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Model, realMachinesAvailable } from '../src';
import { TOOLBOX } from './support/probe';
import { runInHook, type CommandOutcome } from './support/toolbox';

const PYTHON = '/usr/bin/python3';

// Answers every connection with $GREETING; prints one line when it listens.
const SERVER = [
  'import os, socket, sys',
  's = socket.socket()',
  's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
  "s.bind(('0.0.0.0', int(sys.argv[1])))",
  's.listen()',
  "print('listening on', sys.argv[1], 'as uid', os.getuid(), flush=True)",
  'while True:',
  '    c, _ = s.accept()',
  "    c.sendall((os.environ.get('GREETING', '') + '\\n').encode())",
  '    c.close()',
  '',
].join('\n');

// Answers every connection with the current content of the file argv[2] (read per connection, as Flume's Avro
// source reads its keystore).
const FILE_SERVER = [
  'import socket, sys',
  's = socket.socket()',
  's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
  "s.bind(('0.0.0.0', int(sys.argv[1])))",
  's.listen()',
  'while True:',
  '    c, _ = s.accept()',
  "    c.sendall(open(sys.argv[2], 'rb').read() + b'\\n')",
  '    c.close()',
  '',
].join('\n');

const CLIENT = "import socket, sys; s = socket.create_connection((sys.argv[1], int(sys.argv[2])), 5); print(s.recv(200).decode().strip())";

// Tries to write where ProtectSystem=strict forbids it and where ReadWritePaths/PrivateTmp allow it.
const WRITER = [
  'import sys',
  "for p in ['/etc/demo/x', '/opt/demo/x', '/var/lib/demo/ok', '/tmp/t', '/root/x', '/proc/sys/kernel/hostname']:",
  '    try:',
  "        open(p, 'w').write('x')",
  "        print(p, 'written', flush=True)",
  '    except OSError as e:',
  "        print(p, 'errno', e.errno, flush=True)",
  '',
].join('\n');

interface UnitFileOptions {
  readonly execStart: string;
  readonly extra?: readonly string[];
}

function unitFile(options: UnitFileOptions): string {
  return ['[Unit]', 'Description=demo', '', '[Service]', 'Type=simple', `ExecStart=${options.execStart}`, ...(options.extra ?? []), '', '[Install]', 'WantedBy=multi-user.target', ''].join('\n');
}

/** Shell commands (run in a hook) that write a file under the unit's rootfs. */
function writeFile(path: string, text: string): string[] {
  return ['bash', '-c', `mkdir -p "$(dirname "$CHARM_ROOTFS${path}")" && printf '%s' "$1" > "$CHARM_ROOTFS${path}"`, 'write', text];
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function ok(outcomes: readonly CommandOutcome[]): void {
  for (const [i, o] of outcomes.entries()) if (o.code !== 0) throw new Error(`command ${i} failed (${o.code}): ${o.stderr}`);
}

/** A process that exists and is not a zombie (a dead child its new parent has not reaped yet). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Live (not zombie) processes of a process group. */
function groupMembers(pgid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,pgid=,stat='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, g, stat]) => Number(g) === pgid && !stat?.startsWith('Z'))
    .map(([p]) => Number(p));
}

const availability = realMachinesAvailable();

describe('real machines', () => {
  let model: Model | undefined;
  let reason = '';

  beforeAll(async () => {
    const available = await availability;
    if (!available.ok) {
      reason = available.reason;
      return;
    }
    model = await Model.create({ machines: 'real' });
    await model.deploy(TOOLBOX, { name: 'box', units: 2 });
    await model.settle();
  }, 60_000);

  afterAll(async () => {
    await model?.destroy();
  }, 60_000);

  const real = (): Model => {
    if (!model) {
      // Only when the host cannot: say why, once per test.
      console.warn(`skipped: real machines unavailable (${reason})`);
    }
    return model as Model;
  };

  /** Writes a service on a unit (the flume account, its files, the unit file) and starts it. */
  async function deployService(unit: string, name: string, file: string, files: Record<string, string> = {}): Promise<CommandOutcome[]> {
    const m = real();
    return runInHook(m, unit, [
      ['bash', '-c', 'getent passwd flume >/dev/null || useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin flume'],
      ...Object.entries(files).map(([path, text]) => writeFile(path, text)),
      writeFile(`/etc/systemd/system/${name}.service`, file),
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', `${name}.service`],
    ]);
  }

  test('the model is in real mode, with unit addresses from 198.18.0.0/15', () => {
    const m = real();
    if (!m) return;
    expect(m.machineMode).toBe('real');
    const [a, b] = [m.unitAddress('box/0'), m.unitAddress('box/1')];
    expect(a).toMatch(/^198\.1[89]\.\d+\.\d+$/);
    expect(b).not.toBe(a);
    expect(m.hostAddress?.split('.').slice(0, 3)).toEqual(a.split('.').slice(0, 3));
  });

  test('two units bind the same port, see their own 127.0.0.1, and reach each other at their addresses', async () => {
    const m = real();
    if (!m) return;
    for (const unit of ['box/0', 'box/1']) {
      ok(
        await deployService(
          unit,
          'greeter',
          unitFile({ execStart: `${PYTHON} /opt/greeter/server.py 4141`, extra: ['User=flume', 'Group=flume', `Environment="GREETING=hello from ${unit}"`, 'Restart=on-failure', 'RestartSec=0.2'] }),
          { '/opt/greeter/server.py': SERVER },
        ),
      );
    }
    const ask = async (from: string, host: string): Promise<string | undefined> => {
      const r = await m.execInUnit(from, [PYTHON, '-c', CLIENT, host, '4141']);
      return r.code === 0 ? r.stdout.trim() : undefined;
    };
    expect(await waitFor('box/0 greeter', () => ask('box/0', '127.0.0.1'))).toBe('hello from box/0');
    expect(await waitFor('box/1 greeter', () => ask('box/1', '127.0.0.1'))).toBe('hello from box/1');
    expect(await ask('box/0', m.unitAddress('box/1'))).toBe('hello from box/1');
    expect(await ask('box/1', m.unitAddress('box/0'))).toBe('hello from box/0');
    // From the host, over the bridge.
    const fromHost = execFileSync(PYTHON, ['-c', CLIENT, m.unitAddress('box/1'), '4141'], { encoding: 'utf8' }).trim();
    expect(fromHost).toBe('hello from box/1');
  }, 60_000);

  test('User= is honoured: the main process runs as the account useradd created', async () => {
    const m = real();
    if (!m) return;
    const service = m.service('box/0', 'greeter');
    expect(service).toMatchObject({ activeState: 'active', subState: 'running' });
    const pid = service?.mainPid ?? 0;
    expect(pid).toBeGreaterThan(0);
    const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    const flume = await runInHook(m, 'box/0', [['getent', 'passwd', 'flume']]);
    expect(uid).toBe(Number(flume[0]?.stdout.split(':')[2]));
    expect(uid).not.toBe(0);
    expect(m.journal('box/0', 'greeter').some((l) => l.includes(`listening on 4141 as uid ${uid}`))).toBe(true);
  });

  test('kill -9 of the main process: Restart=on-failure starts it again', async () => {
    const m = real();
    if (!m) return;
    const before = m.service('box/1', 'greeter');
    expect(m.killService('box/1', 'greeter')).toBe(true);
    const after = await waitFor('the restart', () => {
      const s = m.service('box/1', 'greeter');
      return s && s.nRestarts === 1 && s.activeState === 'active' ? s : undefined;
    });
    expect(after.mainPid).not.toBe(before?.mainPid);
    expect(after.mainPid).toBeGreaterThan(0);
    const journal = m.journal('box/1', 'greeter').join('\n');
    expect(journal).toContain('Main process exited, code=killed, status=9/KILL');
    expect(journal).toContain("Failed with result 'signal'");
    expect(journal).toContain('Scheduled restart job, restart counter is at 1.');
  });

  test('a file the charm replaces by rename while the service runs is seen at once, as on a real machine', async () => {
    const m = real();
    if (!m) return;
    const file = '/etc/livefile/greeting';
    ok(
      await deployService('box/1', 'livefile', unitFile({ execStart: `${PYTHON} /opt/livefile/server.py 4142 ${file}`, extra: ['User=flume', 'Group=flume'] }), {
        '/opt/livefile/server.py': FILE_SERVER,
        [file]: 'first',
      }),
    );
    const ask = async (): Promise<string | undefined> => {
      const r = await m.execInUnit('box/1', [PYTHON, '-c', CLIENT, '127.0.0.1', '4142']);
      return r.code === 0 ? r.stdout.trim() : undefined;
    };
    expect(await waitFor('the file server', ask)).toBe('first');
    const starts = m.service('box/1', 'livefile')?.starts;
    // Written beside it and renamed over it, as writeFileAtomic does: a new inode behind the same name.
    ok(await runInHook(m, 'box/1', [['bash', '-c', `printf second > "$CHARM_ROOTFS${file}.new" && mv "$CHARM_ROOTFS${file}.new" "$CHARM_ROOTFS${file}"`]]));
    expect(await waitFor('the new content', async () => ((await ask()) === 'second' ? 'second' : undefined))).toBe('second');
    expect(m.service('box/1', 'livefile')?.starts).toBe(starts);
    ok(await runInHook(m, 'box/1', [['systemctl', 'stop', 'livefile']]));
  }, 60_000);

  test('a port below 1024 binds only with AmbientCapabilities=CAP_NET_BIND_SERVICE', async () => {
    const m = real();
    if (!m) return;
    const base = { execStart: `${PYTHON} /opt/greeter/server.py 80` };
    ok(await deployService('box/0', 'lowport', unitFile({ ...base, extra: ['User=flume', 'Group=flume', 'Environment=GREETING=low'] })));
    const failed = await waitFor('the unprivileged bind to fail', () => {
      const s = m.service('box/0', 'lowport');
      return s?.activeState === 'failed' ? s : undefined;
    });
    expect(failed).toMatchObject({ result: 'exit-code', execMainStatus: 1, mainPid: 0 });
    expect(m.journal('box/0', 'lowport').join('\n')).toContain('PermissionError');
    const shown = await runInHook(m, 'box/0', [
      ['systemctl', 'is-active', 'lowport'],
      ['systemctl', 'show', 'lowport', '--property=ActiveState,SubState,Result,ExecMainStatus,NRestarts'],
      ['journalctl', '-u', 'lowport', '-n', '3', '--no-pager'],
    ]);
    expect(shown[0]).toMatchObject({ code: 3, stdout: 'failed\n' });
    expect(shown[1]?.stdout).toBe('ActiveState=failed\nSubState=failed\nResult=exit-code\nExecMainStatus=1\nNRestarts=0\n');
    expect(shown[2]?.stdout).toContain("Failed with result 'exit-code'");

    ok(
      await deployService(
        'box/0',
        'lowport',
        unitFile({ ...base, extra: ['User=flume', 'Group=flume', 'Environment=GREETING=low', 'AmbientCapabilities=CAP_NET_BIND_SERVICE', 'CapabilityBoundingSet=CAP_NET_BIND_SERVICE', 'NoNewPrivileges=true'] }),
      ),
    );
    const answer = await waitFor('the privileged bind', async () => {
      const r = await m.execInUnit('box/0', [PYTHON, '-c', CLIENT, '127.0.0.1', '80']);
      return r.code === 0 ? r.stdout.trim() : undefined;
    });
    expect(answer).toBe('low');
  }, 60_000);

  test('a process that exits with a status shows failed with it; Restart=no leaves it so', async () => {
    const m = real();
    if (!m) return;
    ok(await deployService('box/1', 'quitter', unitFile({ execStart: "/bin/sh -c 'echo \"giving up\"; exit 3'" })));
    const s = await waitFor('the exit', () => {
      const state = m.service('box/1', 'quitter');
      return state?.activeState === 'failed' ? state : undefined;
    });
    expect(s).toMatchObject({ subState: 'failed', result: 'exit-code', execMainStatus: 3, nRestarts: 0 });
    const journal = m.journal('box/1', 'quitter');
    expect(journal.some((l) => / sh\[\d+\]: giving up$/.test(l))).toBe(true);
    expect(journal.join('\n')).toContain('Main process exited, code=exited, status=3/');
  });

  test('failService kills the running process, and Restart= finds the fault until it is cleared', async () => {
    const m = real();
    if (!m) return;
    const file = unitFile({ execStart: `${PYTHON} /opt/greeter/server.py 4142`, extra: ['Environment=GREETING=c', 'Restart=on-failure', 'RestartSec=0.2'] });
    ok(await deployService('box/1', 'crasher', file));
    await waitFor('crasher to run', () => (m.service('box/1', 'crasher')?.mainPid ? true : undefined));
    const pid = m.service('box/1', 'crasher')?.mainPid ?? 0;
    m.failService('box/1', 'crasher', 'java.lang.OutOfMemoryError: Java heap space');
    const failed = await waitFor('the failure', () => {
      const s = m.service('box/1', 'crasher');
      return s?.activeState === 'failed' ? s : undefined;
    });
    expect(failed).toMatchObject({ nRestarts: 1, result: 'exit-code', mainPid: 0 });
    expect(alive(pid)).toBe(false);
    expect(m.journal('box/1', 'crasher').join('\n')).toContain('java.lang.OutOfMemoryError: Java heap space');
    m.clearServiceFault('box/1', 'crasher');
    ok(await runInHook(m, 'box/1', [['systemctl', 'restart', 'crasher']]));
    expect(m.service('box/1', 'crasher')).toMatchObject({ activeState: 'active', subState: 'running' });
  });

  test('stop ends the whole process group', async () => {
    const m = real();
    if (!m) return;
    ok(await deployService('box/1', 'family', unitFile({ execStart: "/bin/sh -c 'sleep 600 & sleep 600 & echo started; wait'" })));
    await waitFor('the children', () => (m.journal('box/1', 'family').some((l) => l.endsWith('started')) ? true : undefined));
    const pid = m.service('box/1', 'family')?.mainPid ?? 0;
    expect(pid).toBeGreaterThan(0);
    expect(groupMembers(pid).length).toBe(3);
    ok(await runInHook(m, 'box/1', [['systemctl', 'disable', '--now', 'family']]));
    expect(groupMembers(pid)).toEqual([]);
    expect(m.service('box/1', 'family')).toMatchObject({ activeState: 'inactive', subState: 'dead', result: 'success', mainPid: 0 });
  });

  test('a service that ignores SIGTERM is killed after TimeoutStopSec, with Result=timeout', async () => {
    const m = real();
    if (!m) return;
    ok(await deployService('box/1', 'stubborn', unitFile({ execStart: "/bin/sh -c \"trap '' TERM; echo trapped; while :; do sleep 0.2; done\"", extra: ['TimeoutStopSec=1'] })));
    await waitFor('the trap', () => (m.journal('box/1', 'stubborn').some((l) => l.endsWith('trapped')) ? true : undefined));
    const pid = m.service('box/1', 'stubborn')?.mainPid ?? 0;
    ok(await runInHook(m, 'box/1', [['systemctl', 'stop', 'stubborn']]));
    expect(groupMembers(pid)).toEqual([]);
    expect(m.service('box/1', 'stubborn')).toMatchObject({ activeState: 'failed', result: 'timeout', execMainStatus: 9 });
    expect(m.journal('box/1', 'stubborn').join('\n')).toContain("State 'stop-sigterm' timed out. Killing.");
  });

  test('the machine is read-only outside ReadWritePaths, with a private /tmp, /root hidden and /proc/sys read-only', async () => {
    const m = real();
    if (!m) return;
    ok(
      await runInHook(m, 'box/0', [
        ['bash', '-c', 'mkdir -p "$CHARM_ROOTFS/etc/demo" "$CHARM_ROOTFS/opt/demo" "$CHARM_ROOTFS/var/lib/demo"'],
      ]),
    );
    ok(
      await deployService('box/0', 'writer', unitFile({ execStart: `${PYTHON} /opt/demo/writer.py`, extra: ['ReadWritePaths=/var/lib/demo', 'PrivateTmp=true', 'ProtectHome=true', 'ProtectKernelTunables=true', 'ProtectControlGroups=true'] }), {
        '/opt/demo/writer.py': WRITER,
      }),
    );
    await waitFor('the writer', () => (m.service('box/0', 'writer')?.activeState === 'inactive' ? true : undefined));
    const lines = m.journal('box/0', 'writer').filter((l) => l.includes(' python3['));
    const said = (path: string): string | undefined => lines.find((l) => l.includes(` ${path} `))?.replace(/^.*?\]: /, '');
    expect(said('/etc/demo/x')).toBe('/etc/demo/x errno 30');
    expect(said('/opt/demo/x')).toBe('/opt/demo/x errno 30');
    expect(said('/var/lib/demo/ok')).toBe('/var/lib/demo/ok written');
    expect(said('/tmp/t')).toBe('/tmp/t written');
    expect(said('/root/x')).toBe('/root/x errno 30');
    expect(said('/proc/sys/kernel/hostname')).toBe('/proc/sys/kernel/hostname errno 30');
    expect(existsSync(m.unitPath('box/0', '/var/lib/demo/ok'))).toBe(true);
    expect(existsSync(m.unitPath('box/0', '/etc/demo/x'))).toBe(false);
    expect(existsSync(m.unitPath('box/0', '/tmp/t'))).toBe(false);
    expect(existsSync('/tmp/t')).toBe(false);
  });

  test('a removed unit takes its machine with it: services stopped, namespace gone', async () => {
    const m = real();
    if (!m) return;
    const [unit] = await m.addUnit('box');
    await m.settle();
    ok(await deployService(unit as string, 'sleeper', unitFile({ execStart: '/bin/sleep 600' })));
    const pid = m.service(unit as string, 'sleeper')?.mainPid ?? 0;
    expect(alive(pid)).toBe(true);
    const address = m.unitAddress(unit as string);
    // The namespace is named after the unit's host number, the last octet of its address.
    const own = new RegExp(`^jsim-${process.pid}-\\d+-${address.split('.')[3]} `, 'm');
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).toMatch(own);
    m.removeUnit(unit as string);
    await m.settle();
    await waitFor('the machine to go', () => (!alive(pid) && !own.test(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })) ? true : undefined));
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).toContain(`jsim-${process.pid}-`);
  }, 60_000);

  test('destroy leaves no process, namespace, link, mount, lock or directory behind', async () => {
    const m = real();
    if (!m) return;
    const pids = ['box/0', 'box/1'].map((u) => m.service(u, 'greeter')?.mainPid ?? 0);
    expect(pids.every((p) => p > 0)).toBe(true);
    const dir = m.dir;
    const bridgeIndex = Number(m.hostAddress?.split('.')[2]) + (m.hostAddress?.startsWith('198.19.') ? 256 : 0);
    await m.destroy();
    model = undefined;
    expect(pids.filter(alive)).toEqual([]);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(`jsim-${process.pid}-`);
    expect(execFileSync('ip', ['link'], { encoding: 'utf8' })).not.toMatch(new RegExp(`jsim-br${bridgeIndex}\\b|jsim${bridgeIndex}v`));
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(dir);
    expect(existsSync(`/run/juju-sim/net/${bridgeIndex}`)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  }, 60_000);
});

interface ChildReport {
  readonly pid: number;
  readonly dir: string;
  readonly hostAddress: string;
  readonly servicePid: number;
}

/** Runs support/real-model-child.ts; resolves with what it created once it has printed it. */
function startChild(mode: 'exit' | 'wait'): Promise<{ report: ChildReport; kill: () => void; exited: Promise<void> }> {
  const tsx = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [join(__dirname, 'support', 'real-model-child.ts'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!out.includes('\n')) return;
      const report = JSON.parse(out.split('\n')[0] as string) as ChildReport;
      // tsx runs the script in a node process of its own: that one (report.pid) is the simulator.
      resolve({ report, kill: () => process.kill(report.pid, 'SIGKILL'), exited });
    });
    child.on('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`child exited ${code} before reporting`));
    });
  });
}

function leftovers(report: ChildReport): string[] {
  const index = Number(report.hostAddress.split('.')[2]) + (report.hostAddress.startsWith('198.19.') ? 256 : 0);
  const found: string[] = [];
  if (alive(report.servicePid)) found.push(`service process ${report.servicePid}`);
  if (execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).includes(`jsim-${report.pid}-`)) found.push('namespace');
  if (new RegExp(`jsim-br${index}\\b|jsim${index}v`).test(execFileSync('ip', ['link'], { encoding: 'utf8' }))) found.push('link');
  if (existsSync(report.dir)) found.push(`dir ${report.dir}`);
  if (existsSync(`/run/juju-sim/net/${index}`) && readFileSync(`/run/juju-sim/net/${index}/owner`, 'utf8').includes(`"pid":${report.pid},`)) found.push('lock');
  return found;
}

describe('a simulator that never called destroy()', () => {
  let skip = '';
  beforeAll(async () => {
    const available = await availability;
    if (!available.ok) skip = available.reason;
  });

  test('exiting: the exit handler removes its machines', async () => {
    if (skip) return console.warn(`skipped: real machines unavailable (${skip})`);
    const child = await startChild('exit');
    await child.exited;
    expect(child.report.servicePid).toBeGreaterThan(0);
    expect(leftovers(child.report)).toEqual([]);
  }, 60_000);

  test('SIGKILLed: the next Model.create removes what it left', async () => {
    if (skip) return console.warn(`skipped: real machines unavailable (${skip})`);
    const child = await startChild('wait');
    child.kill();
    await child.exited;
    expect(alive(child.report.servicePid)).toBe(true);
    expect(leftovers(child.report).length).toBeGreaterThan(0);
    const next = await Model.create({ machines: 'real' });
    try {
      await waitFor('the stale sweep', () => (leftovers(child.report).length === 0 ? true : undefined), 10_000).catch(() => undefined);
    } finally {
      await next.destroy();
    }
    expect(leftovers(child.report)).toEqual([]);
  }, 60_000);
});

