// The TLS part of the unit's status (tls-state.ts tlsNotice) and failed handshakes read from the Flume log
// (packages/flume tls-handshake-log.ts), as Flume 1.11.0 writes them (docs/tls.md S1-S3, Thrift).
import { findHandshakeFailures } from '@flume-charms/flume';
import { tlsNotice, type CertificateOffer, type ServedTls } from '../src/tls-state';

const NOW = new Date('2026-12-03T12:00:00Z');
const SERVED: ServedTls = {
  fingerprint: 'AA:BB',
  caBundle: '-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n',
  notAfter: '2026-12-10T12:00:00.000Z',
  renewAt: '2026-12-08T12:00:00.000Z',
  provider: 'self-signed-certificates',
};
const offer = (o: CertificateOffer): CertificateOffer => o;

describe('tlsNotice', () => {
  it('says nothing without a certificates relation and without TLS (plaintext, as before)', () => {
    expect(tlsNotice({ served: undefined, offer: undefined, related: false, now: NOW })).toBeUndefined();
  });

  it('waits for the first certificate, naming the provider', () => {
    expect(tlsNotice({ served: undefined, offer: offer({ kind: 'none', provider: 'vault' }), related: true, now: NOW })).toEqual({
      status: 'waiting',
      message: 'Waiting for a certificate from vault',
    });
  });

  it('is silent while a served certificate is valid, also while its renewal is awaited', () => {
    expect(tlsNotice({ served: SERVED, offer: offer({ kind: 'installed', provider: 'p' }), related: true, now: NOW })).toBeUndefined();
    expect(tlsNotice({ served: SERVED, offer: offer({ kind: 'none', provider: 'p' }), related: true, now: new Date('2026-12-09T00:00:00Z') })).toBeUndefined();
  });

  it('blocks when the served certificate expired, with the date', () => {
    expect(tlsNotice({ served: SERVED, offer: offer({ kind: 'none', provider: 'p' }), related: true, now: new Date('2026-12-10T12:00:00Z') })).toEqual({
      status: 'blocked',
      message: 'TLS certificate expired on 2026-12-10 12:00 UTC; waiting for a renewed one from p',
    });
  });

  it.each([
    [offer({ kind: 'invalid', provider: 'p', reason: 'certificate: not PEM' }), 'Invalid certificate from p: certificate: not PEM'],
    [offer({ kind: 'revoked', provider: 'p' }), 'TLS certificate revoked by p; waiting for a new one'],
    [offer({ kind: 'expired', provider: 'p', notAfter: '2026-12-01T00:00:00.000Z' }), 'TLS certificate expired on 2026-12-01 00:00 UTC; waiting for a renewed one from p'],
  ])('blocks on an unusable offer, served or not: %j', (o, message) => {
    for (const served of [undefined, SERVED]) {
      expect(tlsNotice({ served, offer: o, related: true, now: NOW })).toEqual({ status: 'blocked', message });
    }
  });

  it('blocks when the relation is gone but TLS still serves (sticky)', () => {
    expect(tlsNotice({ served: SERVED, offer: undefined, related: false, now: NOW })).toEqual({
      status: 'blocked',
      message: 'certificates relation removed: TLS stays on; relate a tls-certificates provider or set tls_allow_plaintext=true',
    });
  });
});

// Real lines (docs/tls.md), stack frames shortened.
const AVRO_PLAINTEXT = [
  '2026-12-03 16:13:01,186 WARN  [nioEventLoopGroup-3-3] (org.apache.avro.ipc.netty.NettyServer$NettyServerAvroHandler.exceptionCaught:175) Unexpected exception from downstream.',
  'io.netty.handler.codec.DecoderException: io.netty.handler.ssl.NotSslRecordException: not an SSL/TLS record: 00000001000000020000003086aa',
  '\tat io.netty.handler.codec.ByteToMessageDecoder.callDecode(ByteToMessageDecoder.java:499)',
  'Caused by: io.netty.handler.ssl.NotSslRecordException: not an SSL/TLS record: 00000001000000020000003086aa',
  '\t... 17 more',
  '2026-12-03 16:13:01,194 INFO  [nioEventLoopGroup-3-3] (org.apache.avro.ipc.netty.NettyServer$NettyServerAvroHandler.channelInactive:181) Connection to /198.18.0.7:53494 disconnected.',
];
const AVRO_UNTRUSTED = [
  '2026-12-03 16:19:55,909 WARN  [nioEventLoopGroup-3-7] (org.apache.avro.ipc.netty.NettyServer$NettyServerAvroHandler.exceptionCaught:175) Unexpected exception from downstream.',
  'io.netty.handler.codec.DecoderException: javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown',
  'Caused by: javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown',
  '2026-12-03 16:19:55,911 INFO  [nioEventLoopGroup-3-7] (org.apache.avro.ipc.netty.NettyServer$NettyServerAvroHandler.channelInactive:181) Connection to /198.18.0.8:42834 disconnected.',
];
const THRIFT_PLAINTEXT = [
  '2026-12-03 16:20:49,226 ERROR [TThreadPoolServer WorkerProcess-1] (org.apache.thrift.server.TThreadPoolServer$WorkerProcess.run:260) Thrift Error occurred during processing of message.',
  'org.apache.thrift.transport.TTransportException: javax.net.ssl.SSLException: Unsupported or unrecognized SSL message',
  'Caused by: javax.net.ssl.SSLException: Unsupported or unrecognized SSL message',
];
const HEALTHY_DISCONNECT =
  '2026-12-03 16:21:00,000 INFO  [nioEventLoopGroup-3-9] (org.apache.avro.ipc.netty.NettyServer$NettyServerAvroHandler.channelInactive:181) Connection to /198.18.0.9:40000 disconnected.';

describe('findHandshakeFailures', () => {
  it('counts each failed handshake once, with its kind and (Avro) its peer', () => {
    expect(findHandshakeFailures([...AVRO_PLAINTEXT, ...AVRO_UNTRUSTED, ...THRIFT_PLAINTEXT, HEALTHY_DISCONNECT])).toEqual([
      { time: '2026-12-03T16:13:01.186', kind: 'plaintext', peer: '198.18.0.7' },
      { time: '2026-12-03T16:19:55.909', kind: 'untrusted', peer: '198.18.0.8' },
      { time: '2026-12-03T16:20:49.226', kind: 'plaintext' },
    ]);
  });

  it("reads Flume's stock date format too", () => {
    const stock = AVRO_UNTRUSTED.map((l) => l.replace('2026-12-03 ', '03 Dec 2026 '));
    expect(findHandshakeFailures(stock).map((f) => f.time)).toEqual(['2026-12-03T16:19:55.909']);
  });

  it('a connect-and-close without a handshake (a port probe) is no failure', () => {
    expect(
      findHandshakeFailures([
        '2026-12-03 17:00:40,923 ERROR [TThreadPoolServer WorkerProcess-0] (org.apache.thrift.server.TThreadPoolServer$WorkerProcess.run:260) Thrift Error occurred during processing of message.',
        'org.apache.thrift.transport.TTransportException: javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake',
        'Caused by: javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake',
        'Caused by: java.io.EOFException: SSL peer shut down incorrectly',
      ]),
    ).toEqual([]);
  });

  it('a healthy disconnect, other warnings and an empty log are no failures', () => {
    const other = [
      '2026-12-03 16:22:00,000 WARN  [nioEventLoopGroup-3-2] (org.apache.avro.ipc.netty.NettyServer$NettyServerAvroHandler.exceptionCaught:175) Unexpected exception from downstream.',
      'java.io.IOException: Connection reset by peer',
      HEALTHY_DISCONNECT,
    ];
    expect(findHandshakeFailures(other)).toEqual([]);
    expect(findHandshakeFailures([])).toEqual([]);
  });

  it('a log tail that starts inside a record counts nothing it cannot date', () => {
    expect(findHandshakeFailures(AVRO_PLAINTEXT.slice(1))).toEqual([]);
  });
});
