// The real-Juju version of the pair scenario: deploy both .charm files with a real Flume
// tarball, integrate, wait for active, check the rendered files, and follow one syslog line
// from the agent to the sink's files. It needs a controller, so it runs only where `juju` is on
// PATH and FLUME_TARBALL names apache-flume-<version>-bin.tar.gz (`make integration`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { allActive, anyError, Juju, MIN_JUJU, supportedJuju } from './juju-cli';

const ROOT = resolve(__dirname, '../..');
const tarball = process.env.FLUME_TARBALL;
const charms = ['flume-hdfs', 'flume-syslog'].map((name) => resolve(ROOT, `${name}.charm`));

// Decided before the suite is declared, so that jest reports the tests as skipped, not passed.
function skipReason(): string | undefined {
  const version = spawnSync('juju', ['version'], { timeout: 20_000, encoding: 'utf8' });
  if (version.status !== 0) return 'juju is not on PATH';
  if (!supportedJuju(version.stdout.trim())) return `juju ${version.stdout.trim()} is older than ${MIN_JUJU.join('.')} (charmcraft.yaml assumes)`;
  if (!tarball || !existsSync(tarball)) return 'FLUME_TARBALL does not name a Flume tarball';
  const missing = charms.filter((c) => !existsSync(c));
  if (missing.length > 0) return `run \`make charms\` first (missing ${missing.join(', ')})`;
  return undefined;
}

const reason = skipReason();
if (reason) console.warn(`real-Juju tests skipped: ${reason}`);
const suite = reason ? describe.skip : describe;

suite(`real Juju: flume-syslog -> flume-hdfs${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let juju: Juju;
  const token = `flume-it-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    juju = await Juju.addModel(`flume-it-${Date.now().toString(36)}`);
  }, 15 * 60_000);

  afterAll(async () => {
    if (!process.env.KEEP_MODEL) await juju.destroyModel();
  }, 15 * 60_000);

  test('deploys, integrates and settles active', async () => {
    await juju.deploy(charms[0]!, { config: { sink_type: 'file' }, resources: { flume: tarball! } });
    await juju.deploy(charms[1]!, { config: { source_type: 'syslogtcp', source_port: '5140' }, resources: { flume: tarball! } });
    await juju.integrate('flume-syslog:flume-agent', 'flume-hdfs:flume-agent');
    await juju.wait((s) => allActive(s, 'flume-hdfs', 'flume-syslog'), {
      error: (s) => anyError(s, 'flume-hdfs', 'flume-syslog'),
    });
  }, 30 * 60_000);

  test('renders the agent config pointing at the sink', async () => {
    // The address the agent must send to is the sink's ingress-address on the relation, not its public-address.
    const sinkAddress = await juju.ingressAddress('flume-hdfs/0', 'flume-agent');
    expect(sinkAddress).not.toBe('');
    const agentConf = await juju.ssh('flume-syslog/0', 'sudo cat /etc/flume/flume-syslog/flume.conf');
    expect(agentConf).toMatch(/\.type = avro/);
    expect(agentConf).toMatch(/\.port = 4141/);
    expect(agentConf).toContain(`.hostname = ${sinkAddress}`);
    const sinkConf = await juju.ssh('flume-hdfs/0', 'sudo cat /etc/flume/flume-hdfs/flume.conf');
    expect(sinkConf).toMatch(/\.type = file_roll/);
    expect(await juju.ssh('flume-hdfs/0', 'systemctl is-active flume-flume-hdfs.service')).toBe('active');
  }, 10 * 60_000);

  test('a syslog line reaches the sink', async () => {
    await juju.ssh('flume-syslog/0', `logger --tcp -n 127.0.0.1 -P 5140 ${token}`);
    const deadline = Date.now() + 5 * 60_000;
    let found = '';
    while (Date.now() < deadline && !found.includes(token)) {
      await new Promise((r) => setTimeout(r, 10_000));
      found = await juju.ssh('flume-hdfs/0', `sudo grep -rl ${token} /var/lib/flume/flume-hdfs/events || true`);
    }
    expect(found).toContain('/var/lib/flume/flume-hdfs/events');
  }, 10 * 60_000);
});
