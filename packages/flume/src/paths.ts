import * as path from 'node:path';

/**
 * Where everything of one Flume application lives. Every path is namespaced by the Juju application
 * name, so a sink and an agent can share one machine without touching each other's files.
 * These are real machine paths; wrap them in machinePath() before touching the file system.
 *
 *   /opt/flume/APP/apache-flume-VERSION-bin   the extracted distribution (root-owned, read-only for flume)
 *   /opt/flume/APP/current -> apache-flume-VERSION-bin   stable symlink, switched atomically
 *   /etc/flume/APP/{flume.conf,flume-env.sh,log4j2.xml}   root:flume 0750 / 0640
 *   /var/lib/flume/APP/channels/CHANNEL/{checkpoint,data}   file channel state (flume 0700)
 *   /var/lib/flume/APP/events                      local event files of a file_roll sink (flume 0700)
 *   /var/log/flume/APP/flume.log                   flume 0750
 *   /etc/systemd/system/flume-APP.service
 */
export interface FlumeLayout {
  readonly app: string;
  /** systemd unit name, `flume-APP.service`. */
  readonly serviceName: string;
  readonly unitFile: string;
  /** Per-application install root; nothing of an install is written outside it. */
  readonly installDir: string;
  /** The stable symlink that FLUME_HOME and the unit use. */
  readonly flumeHome: string;
  readonly configDir: string;
  readonly flumeConf: string;
  readonly flumeEnv: string;
  readonly log4j2: string;
  readonly dataDir: string;
  /** Root of the file channels' checkpoint and data: under dataDir, or the channel-data storage. */
  readonly channelRoot: string;
  /**
   * Where a file_roll sink writes (sink_type=file). Flume's RollingFileSink never creates its directory, so
   * the layout does: without it every batch fails and events pile up in the channel.
   */
  readonly eventsDir: string;
  readonly logDir: string;
  readonly logFile: string;
}

/** Juju application names: lowercase letters, digits and single hyphens, starting with a letter. */
const APP_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** Flume component names we accept in paths (channel directories). */
const COMPONENT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;

export function isValidAppName(app: string): boolean {
  return APP_NAME.test(app) && app.length <= 63;
}

export interface LayoutOptions {
  /** Location of the attached `channel-data` storage; the file channel then lives on it. */
  channelStorage?: string | undefined;
}

export function flumeLayout(app: string, options: LayoutOptions = {}): FlumeLayout {
  if (!isValidAppName(app)) throw new Error(`invalid application name: ${JSON.stringify(app)}`);
  const configDir = `/etc/flume/${app}`;
  const dataDir = `/var/lib/flume/${app}`;
  const logDir = `/var/log/flume/${app}`;
  const installDir = `/opt/flume/${app}`;
  return {
    app,
    serviceName: `flume-${app}.service`,
    unitFile: `/etc/systemd/system/flume-${app}.service`,
    installDir,
    flumeHome: `${installDir}/current`,
    configDir,
    flumeConf: `${configDir}/flume.conf`,
    flumeEnv: `${configDir}/flume-env.sh`,
    log4j2: `${configDir}/log4j2.xml`,
    dataDir,
    channelRoot: options.channelStorage ? checkedStoragePath(options.channelStorage) : `${dataDir}/channels`,
    eventsDir: `${dataDir}/events`,
    logDir,
    logFile: `${logDir}/flume.log`,
  };
}

/** The versioned directory a Flume VERSION is extracted into. */
export function versionDir(layout: FlumeLayout, version: string): string {
  return `${layout.installDir}/apache-flume-${version}-bin`;
}

/** checkpointDir and dataDirs of one file channel; each channel needs its own (they lock them). */
export function fileChannelDirs(layout: FlumeLayout, channel: string): { checkpointDir: string; dataDir: string } {
  if (!COMPONENT_NAME.test(channel)) throw new Error(`invalid channel name: ${JSON.stringify(channel)}`);
  return {
    checkpointDir: `${layout.channelRoot}/${channel}/checkpoint`,
    dataDir: `${layout.channelRoot}/${channel}/data`,
  };
}

/** Storage locations come from Juju; they end up in the unit file and flume.conf, so keep them plain. */
function checkedStoragePath(location: string): string {
  const normal = path.posix.normalize(location).replace(/\/+$/, '');
  if (!path.posix.isAbsolute(location) || normal === '' || normal !== location.replace(/\/+$/, '')) {
    throw new Error(`invalid channel-data storage location: ${JSON.stringify(location)}`);
  }
  if (!/^[A-Za-z0-9_./@+-]+$/.test(normal)) {
    throw new Error(`channel-data storage location has unsupported characters: ${JSON.stringify(location)}`);
  }
  return normal;
}
