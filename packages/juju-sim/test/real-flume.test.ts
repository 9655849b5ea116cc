// Smoke test of real-machine mode with the real charms and a real Apache Flume: the sink's JVM listens on
// 4141 in its own namespace, and a syslog line sent to the agent's address lands in the sink's files.
import { createSocket } from 'node:dgram';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildCharm } from '@flume-charms/charm-build';
import { Model } from '../src';
import { realMachinesAvailableSync } from '../src/real-machine/availability';

const REPO = resolve(__dirname, '../../..');
const SINK = 'flume-hdfs';
const AGENT = 'flume-syslog';

/** Why the test cannot run here, or undefined: FLUME_TARBALL, else ../shared/flume beside the repo; java; real machines. */
function missing(): string | undefined {
  const tarball = process.env['FLUME_TARBALL'] ?? resolve(REPO, '..', 'shared', 'flume', 'apache-flume-1.11.0-bin.tar.gz');
  if (!existsSync(tarball) || !statSync(tarball).isFile()) return `no Flume tarball (set FLUME_TARBALL; looked at ${tarball})`;
  if (spawnSync('java', ['-version']).status !== 0) return 'no java on PATH';
  const machines = realMachinesAvailableSync();
  return machines.ok ? undefined : `real machines unavailable: ${machines.reason}`;
}

const why = missing();
const tarball = process.env['FLUME_TARBALL'] ?? resolve(REPO, '..', 'shared', 'flume', 'apache-flume-1.11.0-bin.tar.gz');
if (why) console.warn(`real-flume.test.ts skipped: ${why}`);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

(why ? describe.skip : describe)(`real Flume in real machines${why ? ` (skipped: ${why})` : ''}`, () => {
  let model: Model | undefined;
  let buildDir = '';

  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), 'juju-sim-flume-build-'));
    const tree = async (name: string): Promise<string> => (await buildCharm({ charmDir: join(REPO, 'charms', name), outDir: join(buildDir, name) })).charmTree;
    const [sink, agent] = await Promise.all([tree(SINK), tree(AGENT)]);
    model = await Model.create({ machines: 'real' });
    await model.deploy(sink, { config: { sink_type: 'file' }, resources: { flume: tarball } });
    await model.deploy(agent, { resources: { flume: tarball } });
    model.relate(AGENT, SINK);
    const settled = await model.settle();
    expect(settled.errors).toEqual([]);
  }, 180_000);

  afterAll(async () => {
    await model?.destroy();
    await rm(buildDir, { recursive: true, force: true });
  }, 60_000);

  test('flume-hdfs sink_type=file is active and its JVM listens on 4141 in its own namespace', async () => {
    const m = model as Model;
    expect(m.machineMode).toBe('real');
    expect(m.unitStatus(`${SINK}/0`).workload).toEqual({ status: 'active', message: 'Ready' });
    const service = m.service(`${SINK}/0`, `flume-${SINK}`);
    expect(service).toMatchObject({ activeState: 'active', subState: 'running' });
    const listeners = await waitFor(
      'the JVM to listen on 4141',
      async () => {
        const ss = await m.execInUnit(`${SINK}/0`, ['ss', '-Hltnp', 'sport = :4141']);
        return ss.stdout.includes('java') ? ss.stdout : undefined;
      },
      90_000,
    );
    expect(listeners).toContain(`pid=${service?.mainPid}`);
    // Another unit's namespace has no such listener: 4141 is the sink's own.
    const elsewhere = await m.execInUnit(`${AGENT}/0`, ['ss', '-Hltn', 'sport = :4141']);
    expect(elsewhere.stdout.trim()).toBe('');
  }, 120_000);

  test('a syslog line sent to the agent address arrives in the sink files', async () => {
    const m = model as Model;
    const id = `h1-smoke-${process.pid}-${Date.now()}`;
    const socket = createSocket('udp4');
    const events = m.unitPath(`${SINK}/0`, `/var/lib/flume/${SINK}/events`);
    try {
      // UDP: resend until the agent's source is up and the line shows up (duplicates are harmless here).
      await waitFor(
        'the line in the sink files',
        async () => {
          await new Promise<void>((r) => socket.send(`<13>Dec  3 12:00:00 host smoke: ${id}`, 514, m.unitAddress(`${AGENT}/0`), () => r()));
          return filesUnder(events).some((f) => readFileSync(f, 'utf8').includes(id)) ? true : undefined;
        },
        120_000,
      );
    } finally {
      socket.close();
    }
  }, 150_000);
});
