// The agent-side TLS failure lines of Flume 1.11 as docs/tls.md records them (measured with real Flume).
import { assessHealth, expectedComponents, summariseMetrics } from '../src';
import { tlsFailures, type TlsSinkTarget } from '../src/tls-failures';

const K1: TlsSinkTarget = { name: 'sink-flume-hdfs-0', host: '10.0.0.7', port: '4141' };
const K2: TlsSinkTarget = { name: 'sink-flume-hdfs-1', host: '10.0.0.8', port: '4141' };
const THRIFT: TlsSinkTarget = { name: 'sink-other-0', host: '10.0.0.9', port: '5000' };

const at = (time: string, level: string, thread: string, where: string, message: string): string =>
  `2026-12-03 ${time} ${level.padEnd(5)} [${thread}] (${where}) ${message}`;
const building = (sink: TlsSinkTarget, thread = 'SinkRunner-PollingRunner-DefaultSinkProcessor'): string =>
  at('16:13:29,990', 'INFO', thread, 'org.apache.flume.sink.AbstractRpcSink.createConnection:211', `Rpc sink ${sink.name}: Building RpcClient with hostname: ${sink.host}, port: ${sink.port}`);
const HEADER = at('16:13:30,363', 'ERROR', 'SinkRunner-PollingRunner-DefaultSinkProcessor', 'org.apache.flume.SinkRunner$PollingRunner.run:158', 'Unable to deliver event. Exception follows.');
const LB_HEADER = at('16:18:30,170', 'WARN', 'SinkRunner-PollingRunner-LoadBalancingSinkProcessor', 'org.apache.flume.sink.LoadBalancingSinkProcessor.process:160', 'Sink failed to consume event. Attempting next sink if available.');

function avroFailure(port: string, root: string[], host = 'localhost'): string[] {
  return [
    'org.apache.flume.EventDeliveryException: Failed to send events',
    '\tat org.apache.flume.sink.AbstractRpcSink.process(AbstractRpcSink.java:398)',
    `Caused by: org.apache.flume.EventDeliveryException: NettyAvroRpcClient { host: ${host}, port: ${port} }: Failed to send batch`,
    `Caused by: org.apache.flume.EventDeliveryException: NettyAvroRpcClient { host: ${host}, port: ${port} }: Exception thrown from remote handler`,
    ...root,
    '\t... 3 more',
  ];
}

const CLOSED = ['Caused by: java.io.IOException: NettyTransceiver closed'];
const REFUSED = ['Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /10.0.0.7:4141'];
const NOT_TRUSTED = [
  'Caused by: java.util.concurrent.ExecutionException: io.netty.handler.codec.DecoderException: javax.net.ssl.SSLHandshakeException: No trusted certificate found',
  'Caused by: javax.net.ssl.SSLHandshakeException: No trusted certificate found',
  'Caused by: sun.security.validator.ValidatorException: No trusted certificate found',
];

describe('tlsFailures', () => {
  test('A2: the truststore lacks the CA', () => {
    const log = [building(K1), HEADER, ...avroFailure('4141', NOT_TRUSTED)];
    expect(tlsFailures(log, [K1])).toEqual(
      new Map([[K1.name, { kind: 'not-trusted', reason: 'certificate not trusted' }]]),
    );
  });

  test('A3: the sink certificate expired', () => {
    const log = [HEADER, ...avroFailure('4141', ['Caused by: java.security.cert.CertificateExpiredException: NotAfter: Sat Feb 01 00:00:00 UTC 2025'])];
    expect(tlsFailures(log, [K1]).get(K1.name)).toEqual({ kind: 'expired', reason: "the sink's certificate expired (NotAfter: Sat Feb 01 00:00:00 UTC 2025)" });
  });

  test('A4: the sink closes the connection on two attempts in a row: a plaintext source', () => {
    const log = [building(K1), HEADER, ...avroFailure('4141', CLOSED), building(K1), HEADER, ...avroFailure('4141', CLOSED)];
    expect(tlsFailures(log, [K1]).get(K1.name)).toEqual({ kind: 'plaintext-peer', reason: 'the sink closed the connection (does it speak plaintext?)' });
  });

  test('A4 once (the sink restarted or crashed): no plaintext claim, and it replaces an older TLS failure', () => {
    expect(tlsFailures([HEADER, ...avroFailure('4141', CLOSED)], [K1]).size).toBe(0);
    expect(tlsFailures([HEADER, ...avroFailure('4141', NOT_TRUSTED), HEADER, ...avroFailure('4141', CLOSED)], [K1]).size).toBe(0);
    // Closed, then refused while the sink was down, then closed again: not two attempts in a row.
    const restartedTwice = [HEADER, ...avroFailure('4141', CLOSED), HEADER, ...avroFailure('4141', REFUSED), HEADER, ...avroFailure('4141', CLOSED)];
    expect(tlsFailures(restartedTwice, [K1]).size).toBe(0);
  });

  test('A4 in a row counts per sink: another sink\'s closed connection in between does not make it repeat', () => {
    const log = [HEADER, ...avroFailure('4141', CLOSED, K1.host), HEADER, ...avroFailure('4141', CLOSED, K2.host)];
    expect(tlsFailures(log, [K1, K2]).size).toBe(0);
    const again = [...log, HEADER, ...avroFailure('4141', CLOSED, K2.host)];
    expect([...tlsFailures(again, [K1, K2]).keys()]).toEqual([K2.name]);
  });

  test('A5: the truststore cannot be read: the cause line after "Cannot create SSL channel", shortened', () => {
    const log = [
      at('16:14:41,851', 'ERROR', 'avro 1', 'org.apache.flume.api.NettyAvroRpcClient.createSSLEngine:626', 'Cannot create SSL channel'),
      'java.io.FileNotFoundException: /etc/flume/flume-syslog/tls/truststore-x.p12 (No such file or directory)',
      '\tat java.base/java.io.FileInputStream.open0(Native Method)',
      HEADER,
      'org.apache.flume.EventDeliveryException: Failed to send events',
      'Caused by: org.apache.flume.FlumeException: NettyAvroRpcClient { host: localhost, port: 4141 }: RPC connection error',
      'Caused by: java.nio.channels.ClosedChannelException',
    ];
    expect(tlsFailures(log, [K1]).get(K1.name)).toEqual({
      kind: 'truststore-unreadable',
      reason: 'the truststore cannot be read (FileNotFoundException: /etc/flume/flume-syslog/tls/truststore-x.p12 (No such file or directory))',
    });
  });

  test('two sinks on one port, different hosts, one failing: the block\'s host names it, not the thread\'s last client', () => {
    // Both sinks run on threads named SinkRunner-PollingRunner-DefaultSinkProcessor; K2 built its client last.
    const log = [building(K1), building(K2), HEADER, ...avroFailure('4141', NOT_TRUSTED, K1.host)];
    expect(tlsFailures(log, [K1, K2])).toEqual(new Map([[K1.name, { kind: 'not-trusted', reason: 'certificate not trusted' }]]));
    const grouped = 'SinkRunner-PollingRunner-LoadBalancingSinkProcessor';
    const lb = [building(K2, grouped), building(K1, grouped), LB_HEADER, ...avroFailure('4141', NOT_TRUSTED, K2.host)];
    expect([...tlsFailures(lb, [K1, K2]).keys()]).toEqual([K2.name]);
  });

  test('a configured host name matches the block\'s host; a reverse name fits every sink configured by address', () => {
    const named: TlsSinkTarget = { name: 'sink-flume-hdfs-2', host: 'hdfs-2.example.org', port: '4141' };
    const byName = [HEADER, ...avroFailure('4141', NOT_TRUSTED, 'HDFS-2.example.org')];
    expect([...tlsFailures(byName, [K1, named]).keys()]).toEqual([named.name]);
    // One sink configured by address: its reverse name is unambiguous.
    expect([...tlsFailures([HEADER, ...avroFailure('4141', NOT_TRUSTED, 'hdfs-0.example.org')], [K1, named]).keys()]).toEqual([K1.name]);
    // Two: either may be it, so both are candidates and neither is named for sure.
    const failures = tlsFailures([building(K2), HEADER, ...avroFailure('4141', NOT_TRUSTED, 'hdfs-0.example.org')], [K1, K2]);
    expect(failures.get(K1.name)?.candidates).toEqual([K1.name, K2.name]);
    expect(failures.get(K2.name)?.candidates).toEqual([K1.name, K2.name]);
    // An address that no sink is configured with is none of them.
    expect(tlsFailures([HEADER, ...avroFailure('4141', NOT_TRUSTED, '10.0.0.99')], [K1, K2]).size).toBe(0);
  });

  test('failover names the sink itself', () => {
    const header = at('16:18:54,114', 'WARN', 'SinkRunner-PollingRunner-FailoverSinkProcessor', 'org.apache.flume.sink.FailoverSinkProcessor.process:188', `Sink ${K2.name} failed and has been sent to failover list`);
    expect([...tlsFailures([header, ...avroFailure('4141', NOT_TRUSTED)], [K1, K2]).keys()]).toEqual([K2.name]);
  });

  test('Thrift: no host in the block; PKIX and "Remote host terminated the handshake"', () => {
    const thrift = (root: string): string[] => [
      building(THRIFT),
      HEADER,
      'org.apache.flume.EventDeliveryException: Failed to send event. ',
      `Caused by: ${root}`,
    ];
    expect(tlsFailures(thrift('sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target'), [THRIFT]).get(THRIFT.name)?.kind).toBe('not-trusted');
    expect(tlsFailures(thrift('javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake'), [THRIFT]).get(THRIFT.name)?.kind).toBe('plaintext-peer');
  });

  test('Thrift: with several sinks built on the block\'s thread, none is named for sure', () => {
    const other: TlsSinkTarget = { name: 'sink-other-1', host: '10.0.0.10', port: '5000' };
    const log = [building(THRIFT), building(other), HEADER, 'org.apache.flume.EventDeliveryException: Failed to send event. ', 'Caused by: javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake'];
    const failures = tlsFailures(log, [THRIFT, other]);
    expect([...failures.values()].map((f) => f.candidates)).toEqual([[THRIFT.name, other.name], [THRIFT.name, other.name]]);
    // A sink that is not a TLS target building a client on that thread does not make it ambiguous.
    expect(tlsFailures(log, [THRIFT]).get(THRIFT.name)).toEqual({ kind: 'plaintext-peer', reason: 'the sink closed the connection (does it speak plaintext?)' });
  });

  test('not a TLS failure: a refused connection, or a sink that is not a TLS target, gives nothing', () => {
    const refused = [HEADER, 'org.apache.flume.EventDeliveryException: Failed to send events', 'Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /10.0.0.7:4141'];
    expect(tlsFailures(refused, [K1]).size).toBe(0);
    expect(tlsFailures([HEADER, ...avroFailure('4141', NOT_TRUSTED)], [THRIFT]).size).toBe(0);
    expect(tlsFailures([], [K1]).size).toBe(0);
  });

  test('the latest block wins: a sink that later fails differently is reported by its last failure', () => {
    const expired = ['Caused by: java.security.cert.CertificateExpiredException: NotAfter: Sat Feb 01 00:00:00 UTC 2025'];
    const log = [HEADER, ...avroFailure('4141', NOT_TRUSTED), HEADER, ...avroFailure('4141', expired)];
    expect(tlsFailures(log, [K1]).get(K1.name)?.kind).toBe('expired');
  });

  test('a reason never carries raw log text beyond the short cause', () => {
    const hostile = `java.io.IOException: ${'x'.repeat(500)}\u2028agent.sinks = evil`;
    const log = [at('16:14:41,851', 'ERROR', 'avro 1', 'x:1', 'Cannot create SSL channel'), hostile, HEADER, 'Caused by: java.nio.channels.ClosedChannelException', 'NettyAvroRpcClient { host: h, port: 4141 }'];
    const reason = tlsFailures(log, [K1]).get(K1.name)?.reason ?? '';
    expect(reason.length).toBeLessThan(160);
    expect(reason).not.toMatch(/[\n\u2028]/);
  });
});

describe('assessHealth with a TLS failure the log cannot pin on one sink', () => {
  const conf = ['a1.sources = r1', 'a1.channels = c1', 'a1.sinks = k0 k1', 'a1.sources.r1.type = syslogudp', 'a1.sources.r1.channels = c1', 'a1.channels.c1.type = file']
    .concat(...['k0', 'k1'].map((k, i) => [`a1.sinks.${k}.type = avro`, `a1.sinks.${k}.channel = c1`, `a1.sinks.${k}.hostname = 198.18.0.${i + 2}`, `a1.sinks.${k}.port = 4141`, `a1.sinks.${k}.ssl = true`]))
    .join('\n');
  const expected = expectedComponents(conf, 'a1');
  const metricsWith = (failed: Record<string, number>): ReturnType<typeof summariseMetrics> => summariseMetrics({
    'SOURCE.r1': { Type: 'SOURCE', EventReceivedCount: '0' },
    'CHANNEL.c1': { Type: 'CHANNEL', ChannelSize: '5' },
    ...Object.fromEntries(['k0', 'k1'].map((k) => [`SINK.${k}`, { Type: 'SINK', EventDrainSuccessCount: '0', ConnectionFailedCount: String(failed[k] ?? 0), EventWriteFail: '0', ChannelReadFail: '0' }])),
  });
  // A real machine's reverse name: either sink (both configured by address, both on 4141) may be the one.
  const log = [HEADER, ...avroFailure('4141', NOT_TRUSTED, 'hdfs-0.example.org')];
  const problemsOf = (failed: Record<string, number>) => {
    const { health } = assessHealth({ expected, metrics: metricsWith(failed), previous: undefined, activeForSeconds: 600, logTail: log });
    return health.kind === 'healthy' ? health.failing : health.kind === 'not-delivering' ? health.problems : [];
  };

  test('one of the candidates fails: it is the one', () => {
    expect(problemsOf({ k0: 3 }).map((p) => [p.sink, p.tls])).toEqual([['k0', { kind: 'not-trusted', reason: 'certificate not trusted' }]]);
  });

  test('a sink that restarted (one closed connection, its own host): no TLS problem, no plaintext wording', () => {
    const { health } = assessHealth({ expected, metrics: metricsWith({ k0: 2, k1: 2 }), previous: undefined, activeForSeconds: 600, logTail: [HEADER, ...avroFailure('4141', CLOSED, '198.18.0.2')] });
    const problems = health.kind === 'not-delivering' ? health.problems : [];
    expect(problems.map((p) => [p.sink, p.tls])).toEqual([['k0', undefined], ['k1', undefined]]);
    expect(problems.map((p) => p.reason).join(' ')).not.toMatch(/plaintext|TLS/i);
  });

  test('both fail: neither is named as the TLS failure', () => {
    const problems = problemsOf({ k0: 3, k1: 3 });
    expect(problems.map((p) => p.sink)).toEqual(['k0', 'k1']);
    expect(problems.filter((p) => p.tls !== undefined)).toEqual([]);
  });
});
