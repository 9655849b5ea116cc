// The charm's own flags (DESIGN.md naming). The endpoints set theirs: hadoop.joined, hadoop.installed,
// hadoop.ready, hadoop.hdfs.ready, hadoop.invalid, endpoint.hadoop.changed; flume-agent.connected and
// flume-agent.available; certificates.connected, certificates.available, certificates.certificate.changed.
export const FLAG = {
  /** Java, the flume user, the layout and the Flume tarball are in place. */
  installed: 'flume.installed',
  /** Flume is meant to run and was started; cleared by stop-flume and when the sink loses its target. */
  started: 'flume.started',
  /** The config failed validation (blocked "Invalid config: ..."). */
  configInvalid: 'flume-hdfs.config.invalid',
  /** sink_type=file: no Hadoop relation needed. */
  sinkFile: 'flume-hdfs.sink.file',
  /** Events have somewhere to go: HDFS is ready, or sink_type=file. */
  sinkReady: 'flume-hdfs.sink.ready',
  /** The rendered files are current for the config, relation data and charm version. */
  configured: 'flume-hdfs.configured',
  /** The rendered flume.conf failed the checker; the previous files are kept. */
  confRejected: 'flume-hdfs.conf.rejected',
  /** upgrade-charm found the attached resource missing or bad; the installed Flume keeps running. */
  resourceBad: 'flume-hdfs.resource.bad',
  /** stop-flume stopped Flume; only start-flume or restart-flume start it again. */
  stoppedByAction: 'flume-hdfs.stopped',
  /** The `stop` hook ran: the unit is being removed, Flume and its systemd unit are gone. */
  removing: 'flume-hdfs.removing',
  /** A CSR for this unit's current addresses is in the certificates databag (cleared to request anew). */
  tlsRequested: 'flume-hdfs.tls.requested',
  /** The provider's offer for the current CSR was looked at since the certificates data last changed. */
  tlsOfferSeen: 'flume-hdfs.tls.offer-seen',
  /** The source serves TLS with the keystore's certificate (sticky: see handlers/tls.ts). */
  tlsServed: 'flume-hdfs.tls.served',
  certificatesConnected: 'certificates.connected',
  certificatesAvailable: 'certificates.available',
  /** Set by the endpoint when the usable certificate for the current request changed (new, renewed, revoked). */
  certificateChanged: 'certificates.certificate.changed',
  hadoopJoined: 'hadoop.joined',
  hadoopReady: 'hadoop.ready',
  hdfsReady: 'hadoop.hdfs.ready',
  hadoopInvalid: 'hadoop.invalid',
  hadoopChanged: 'endpoint.hadoop.changed',
  agentConnected: 'flume-agent.connected',
  agentAvailable: 'flume-agent.available',
} as const;

/** Flags under which no "normal" status applies: each has its own blocked status. */
export const BLOCKING = [FLAG.configInvalid, FLAG.resourceBad, FLAG.hadoopInvalid, FLAG.removing] as const;
