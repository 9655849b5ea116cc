import { isValidPort } from './java-opts';
import type { FlumeLayout } from './paths';
import { FLUME_GROUP, FLUME_USER } from './user';

export interface UnitOptions {
  /** The Flume agent name (`-n`), the prefix of every key in flume.conf. */
  agentName: string;
  /** TCP/UDP ports the sources listen on; one below 1024 grants CAP_NET_BIND_SERVICE. */
  listenPorts: readonly number[];
  /** More writable paths (e.g. a local file_roll directory outside the data dir). */
  extraWritablePaths?: readonly string[];
}

const AGENT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;
const PLAIN_PATH = /^\/[A-Za-z0-9_./@+-]*$/;

/**
 * The systemd unit of one Flume application. Flume runs as `flume`, never as root; the only capability it
 * can ever hold is CAP_NET_BIND_SERVICE, and only when a port below 1024 is configured. The file system is
 * read-only for it except its data, channel and log directories.
 */
export function renderUnit(layout: FlumeLayout, options: UnitOptions): string {
  if (!AGENT_NAME.test(options.agentName)) throw new Error(`invalid agent name: ${JSON.stringify(options.agentName)}`);
  for (const port of options.listenPorts) {
    if (!isValidPort(port)) throw new Error(`invalid port: ${port}`);
  }
  const writable = [layout.dataDir, layout.channelRoot, layout.logDir, ...(options.extraWritablePaths ?? [])];
  for (const p of writable) {
    if (!PLAIN_PATH.test(p)) throw new Error(`unsupported writable path: ${JSON.stringify(p)}`);
  }
  const privileged = options.listenPorts.some((port) => port < 1024);
  const uniqueWritable = [...new Set(writable)];
  const lines = [
    '# Managed by the Juju charm; local changes are overwritten.',
    '[Unit]',
    `Description=Apache Flume agent ${options.agentName} (Juju application ${layout.app})`,
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `User=${FLUME_USER}`,
    `Group=${FLUME_GROUP}`,
    `Environment=FLUME_HOME=${layout.flumeHome}`,
    `WorkingDirectory=${layout.dataDir}`,
    `ExecStart=${layout.flumeHome}/bin/flume-ng agent -n ${options.agentName} -c ${layout.configDir} -f ${layout.flumeConf} --no-reload-conf`,
    'Restart=on-failure',
    'RestartSec=5',
    // The JVM exits 143 on SIGTERM: a requested stop, not a failure.
    'SuccessExitStatus=143',
    'TimeoutStopSec=60',
    'UMask=0027',
    'LimitNOFILE=65536',
    ...(privileged
      ? ['AmbientCapabilities=CAP_NET_BIND_SERVICE', 'CapabilityBoundingSet=CAP_NET_BIND_SERVICE']
      : ['CapabilityBoundingSet=']),
    'NoNewPrivileges=true',
    'ProtectSystem=strict',
    `ReadWritePaths=${uniqueWritable.join(' ')}`,
    'PrivateTmp=true',
    'ProtectHome=true',
    'PrivateDevices=true',
    'ProtectKernelTunables=true',
    'ProtectKernelModules=true',
    'ProtectControlGroups=true',
    'RestrictSUIDSGID=true',
    'LockPersonality=true',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ];
  return lines.join('\n');
}
