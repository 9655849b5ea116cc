// The agent-side TLS failure lines of Flume 1.11 as docs/tls.md records them (measured with real Flume).
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

function avroFailure(port: string, root: string[]): string[] {
  return [
    'org.apache.flume.EventDeliveryException: Failed to send events',
    '\tat org.apache.flume.sink.AbstractRpcSink.process(AbstractRpcSink.java:398)',
    `Caused by: org.apache.flume.EventDeliveryException: NettyAvroRpcClient { host: localhost, port: ${port} }: Failed to send batch`,
    `Caused by: org.apache.flume.EventDeliveryException: NettyAvroRpcClient { host: localhost, port: ${port} }: Exception thrown from remote handler`,
    ...root,
    '\t... 3 more',
  ];
}

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

  test('A4: the sink closes the connection (a plaintext source)', () => {
    const log = [HEADER, ...avroFailure('4141', ['Caused by: java.io.IOException: NettyTransceiver closed'])];
    expect(tlsFailures(log, [K1]).get(K1.name)?.kind).toBe('plaintext-peer');
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

  test('two sinks on one port (units of one application): the thread\'s last client decides', () => {
    const thread = 'SinkRunner-PollingRunner-LoadBalancingSinkProcessor';
    const log = [building(K1, thread), building(K2, thread), LB_HEADER, ...avroFailure('4141', NOT_TRUSTED)];
    expect([...tlsFailures(log, [K1, K2]).keys()]).toEqual([K2.name]);
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

  test('not a TLS failure: a refused connection, or a sink that is not a TLS target, gives nothing', () => {
    const refused = [HEADER, 'org.apache.flume.EventDeliveryException: Failed to send events', 'Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /10.0.0.7:4141'];
    expect(tlsFailures(refused, [K1]).size).toBe(0);
    expect(tlsFailures([HEADER, ...avroFailure('4141', NOT_TRUSTED)], [THRIFT]).size).toBe(0);
    expect(tlsFailures([], [K1]).size).toBe(0);
  });

  test('the latest block wins: a sink that later fails differently is reported by its last failure', () => {
    const log = [HEADER, ...avroFailure('4141', NOT_TRUSTED), HEADER, ...avroFailure('4141', ['Caused by: java.io.IOException: NettyTransceiver closed'])];
    expect(tlsFailures(log, [K1]).get(K1.name)?.kind).toBe('plaintext-peer');
  });

  test('a reason never carries raw log text beyond the short cause', () => {
    const hostile = `java.io.IOException: ${'x'.repeat(500)}\u2028agent.sinks = evil`;
    const log = [at('16:14:41,851', 'ERROR', 'avro 1', 'x:1', 'Cannot create SSL channel'), hostile, HEADER, 'Caused by: java.nio.channels.ClosedChannelException', 'NettyAvroRpcClient { host: h, port: 4141 }'];
    const reason = tlsFailures(log, [K1]).get(K1.name)?.reason ?? '';
    expect(reason.length).toBeLessThan(160);
    expect(reason).not.toMatch(/[\n\u2028]/);
  });
});
