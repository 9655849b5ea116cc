// Issue 9, least privilege and durability: Flume never runs as root; a port below 1024 is bound through
// CAP_NET_BIND_SERVICE and nothing else; the systemd unit is hardened; state and config files have strict
// modes and owners; the file channel is the default and moves onto the channel-data storage when attached.
import { flumeLayout, renderUnit } from '@flume-charms/flume';
import { charmOptions } from './support/charm-options';
import { flumeValue } from './support/expected-keys';
import { hdfsDefaults, renderHdfs } from './support/hdfs-render';
import { startPair, type Pair } from './support/pair';
import { HDFS, HDFS_UNIT, settleClean, SYSLOG, SYSLOG_UNIT, workload } from './support/scenarios';
import { prngFor, SEED } from './support/seed';
import { renderSyslog, syslogDefaults } from './support/syslog-render';
import { builtCharm, standinTarball } from './support/charms';
import { treeSnapshot } from './support/tree';

const HIGH_PORT_SYSLOG = 'syslog-high-port';

/** The `Key=Value` lines of a unit file's [Service] section. */
function serviceSection(unitFile: string): Map<string, string[]> {
  const section = unitFile.split(/^\[/m).find((s) => s.startsWith('Service]')) ?? '';
  const out = new Map<string, string[]>();
  for (const line of section.split('\n').slice(1)) {
    const eq = line.indexOf('=');
    if (eq <= 0 || line.startsWith('#')) continue;
    out.set(line.slice(0, eq), [...(out.get(line.slice(0, eq)) ?? []), line.slice(eq + 1)]);
  }
  return out;
}

/** The hardening every Flume unit must have, whatever its ports. */
function hardeningProblems(unitFile: string, app: string, extraWritable: readonly string[] = []): string[] {
  const s = serviceSection(unitFile);
  const problems: string[] = [];
  const want = (key: string, value: string): void => {
    if (JSON.stringify(s.get(key)) !== JSON.stringify([value])) problems.push(`${key}=${s.get(key)?.join('|') ?? '(missing)'}, want ${value}`);
  };
  want('User', 'flume');
  want('Group', 'flume');
  want('NoNewPrivileges', 'true');
  want('ProtectSystem', 'strict');
  want('PrivateTmp', 'true');
  want('ProtectHome', 'true');
  const writable = (s.get('ReadWritePaths') ?? []).join(' ').split(/\s+/).filter((p) => p !== '');
  const allowed = [`/var/lib/flume/${app}`, `/var/log/flume/${app}`, ...extraWritable];
  for (const p of writable) if (!allowed.some((a) => p === a || p.startsWith(`${a}/`))) problems.push(`ReadWritePaths has ${p}`);
  for (const a of [`/var/lib/flume/${app}`, `/var/log/flume/${app}`, ...extraWritable]) if (!writable.includes(a) && !writable.some((p) => p.startsWith(`${a}/`))) problems.push(`ReadWritePaths lacks ${a}`);
  if ([...s.keys()].some((k) => /^(PermissionsStartOnly|SupplementaryGroups)$/.test(k))) problems.push('privilege-widening directive');
  return problems;
}

function capabilities(unitFile: string): { ambient: string[]; bounding: string[] } {
  const s = serviceSection(unitFile);
  return { ambient: s.get('AmbientCapabilities') ?? [], bounding: s.get('CapabilityBoundingSet') ?? [] };
}

describe(`least privilege of the rendered systemd unit, in-process (seed ${SEED})`, () => {
  test('CAP_NET_BIND_SERVICE exactly when a listen port is below 1024, never any other capability', () => {
    const prng = prngFor('unit-ports');
    const problems: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      const ports = Array.from({ length: prng.int(1, 4) }, () => (prng.chance(0.3) ? prng.int(1, 1023) : prng.int(1024, 65535)));
      const layout = flumeLayout(prng.pick(['flume-syslog', 'flume-hdfs', 'a']), prng.chance(0.3) ? { channelStorage: '/srv/x/channel-data' } : {});
      const unit = renderUnit(layout, { agentName: 'a1', listenPorts: ports });
      const caps = capabilities(unit);
      const privileged = ports.some((p) => p < 1024);
      const expected = privileged ? { ambient: ['CAP_NET_BIND_SERVICE'], bounding: ['CAP_NET_BIND_SERVICE'] } : { ambient: [], bounding: [''] };
      if (JSON.stringify(caps) !== JSON.stringify(expected)) problems.push(`${ports}: ${JSON.stringify(caps)}`);
      problems.push(...hardeningProblems(unit, layout.app, layout.channelRoot.startsWith('/srv') ? [layout.channelRoot] : []).map((p) => `${ports}: ${p}`));
    }
    expect(problems).toEqual([]);
  });
});

describe(`durability: the file channel by default, on the channel-data storage when attached (seed ${SEED})`, () => {
  test('both charms default to channel_type=file', () => {
    for (const charm of ['flume-syslog', 'flume-hdfs'] as const) {
      expect(charmOptions(charm).find((o) => o.name === 'channel_type')?.default).toBe('file');
    }
  });

  test('the rendered channels are file channels under the data dir, or under the storage when attached', async () => {
    const sink = { unit: 'flume-hdfs/0', host: '10.0.0.10', port: 4141, protocol: 'avro' as const, compression: 'none' as const };
    for (const storage of [undefined, '/srv/flume-syslog/channel-data']) {
      const conf = (await renderSyslog(syslogDefaults(), [sink], storage)).flumeConf;
      const root = storage ?? '/var/lib/flume/flume-syslog/channels';
      expect(flumeValue(conf, 'a1.channels.chan-main.type')).toBe('file');
      expect(flumeValue(conf, 'a1.channels.chan-main.checkpointDir')).toBe(`${root}/chan-main/checkpoint`);
      expect(flumeValue(conf, 'a1.channels.chan-main.dataDirs')).toBe(`${root}/chan-main/data`);
      const unit = renderUnit(flumeLayout('flume-syslog', { channelStorage: storage }), { agentName: 'a1', listenPorts: [514] });
      expect(serviceSection(unit).get('ReadWritePaths')?.join(' ').split(' ')).toContain(storage ?? '/var/lib/flume/flume-syslog');
    }
    for (const storage of [undefined, '/srv/flume-hdfs/channel-data']) {
      const conf = (await renderHdfs(hdfsDefaults(), undefined, storage)).flumeConf;
      const root = storage ?? '/var/lib/flume/flume-hdfs/channels';
      expect(flumeValue(conf, 'a1.channels.c1.type')).toBe('file');
      expect(flumeValue(conf, 'a1.channels.c1.checkpointDir')).toBe(`${root}/c1/checkpoint`);
      expect(flumeValue(conf, 'a1.channels.c1.dataDirs')).toBe(`${root}/c1/data`);
    }
  });
});

describe(`least privilege on deployed units, end-to-end (seed ${SEED})`, () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
    // A second agent on an unprivileged port.
    await pair.model.deploy(await builtCharm('flume-syslog'), { name: HIGH_PORT_SYSLOG, config: { source_port: '5140' }, resources: { flume: await standinTarball() } });
    pair.model.relate(`${HIGH_PORT_SYSLOG}:flume-agent`, `${HDFS}:flume-agent`);
    await settleClean(pair.model);
  });
  afterAll(async () => {
    await pair?.model.destroy();
  });

  const unitFileOf = (unit: string): string => {
    const app = unit.split('/')[0] as string;
    return pair.model.unitFile(unit, `/etc/systemd/system/flume-${app}.service`);
  };

  test('every unit file is hardened and runs Flume as flume, never root', () => {
    for (const unit of [HDFS_UNIT, SYSLOG_UNIT, `${HIGH_PORT_SYSLOG}/0`]) {
      expect(workload(pair.model, unit).status).toBe('active');
      expect({ unit, problems: hardeningProblems(unitFileOf(unit), unit.split('/')[0] as string) }).toEqual({ unit, problems: [] });
      expect(unitFileOf(unit)).not.toMatch(/^User=root$/m);
    }
  });

  test('syslog on 514 gets CAP_NET_BIND_SERVICE; syslog on 5140 and the sink on 4141 get no capability', () => {
    expect(capabilities(unitFileOf(SYSLOG_UNIT))).toEqual({ ambient: ['CAP_NET_BIND_SERVICE'], bounding: ['CAP_NET_BIND_SERVICE'] });
    expect(capabilities(unitFileOf(`${HIGH_PORT_SYSLOG}/0`))).toEqual({ ambient: [], bounding: [''] });
    expect(capabilities(unitFileOf(HDFS_UNIT))).toEqual({ ambient: [], bounding: [''] });
  });

  test('config, data, channel and log directories and files have strict modes and owners; state is 0600', () => {
    for (const unit of [HDFS_UNIT, SYSLOG_UNIT]) {
      const app = unit.split('/')[0] as string;
      const tree = treeSnapshot(pair.model.unitPath(unit, '/'));
      const mode = (rel: string): string | undefined => tree[rel]?.split(' ').slice(0, 2).join(' ');
      expect({
        config: mode(`etc/flume/${app}`),
        flumeConf: mode(`etc/flume/${app}/flume.conf`),
        flumeEnv: mode(`etc/flume/${app}/flume-env.sh`),
        log4j2: mode(`etc/flume/${app}/log4j2.xml`),
        data: mode(`var/lib/flume/${app}`),
        channels: mode(`var/lib/flume/${app}/channels`),
        logs: mode(`var/log/flume/${app}`),
      }).toEqual({
        config: 'dir 0750',
        flumeConf: 'file 0640',
        flumeEnv: 'file 0640',
        log4j2: 'file 0640',
        data: 'dir 0700',
        channels: 'dir 0700',
        logs: 'dir 0750',
      });
      // Nothing anywhere under the unit root is world-writable or setuid/setgid.
      const loose = Object.entries(tree).filter(([, e]) => /^(file|dir) /.test(e) && (parseInt(e.split(' ')[1] as string, 8) & 0o6002) !== 0);
      expect(loose).toEqual([]);
      const owners = pair.model.machine(unit).owners;
      const owner = (p: string): string | undefined => {
        const o = owners.get(pair.model.unitPath(unit, p));
        return o && `${o.user}:${o.group}`;
      };
      expect({ config: owner(`/etc/flume/${app}`), data: owner(`/var/lib/flume/${app}`), logs: owner(`/var/log/flume/${app}`) }).toEqual({
        config: 'root:flume',
        data: 'flume:flume',
        logs: 'flume:flume',
      });
      expect(treeSnapshot(pair.model.unitPath(unit, '.'))['.unit-state.json']?.split(' ')[1]).toBe('0600');
    }
  });
});
