// A deflate source fed uncompressed batches (a Python-original agent ignores compression-type): Flume's metrics
// show nothing, so the sink reads its log in update-status and warns once per new refusal.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateRefusals } from '../src/handlers/deflate-mismatch';
import { APP, configure, runningSink, track, UNIT } from './support/scenario';

const LOG = '/var/log/flume/flume-hdfs/flume.log';
// As Flume 1.11.0 logged it, for an avro-client sending uncompressed to `compression-type = deflate`.
const refusal = (time: string): string =>
  `03 Dec 2026 ${time} WARN  [nioEventLoopGroup-3-1] (org.apache.avro.ipc.netty.NettyServer$NettyServerAvroHandler.exceptionCaught:175)  - Unexpected exception from downstream.\n` +
  'io.netty.handler.codec.compression.DecompressionException: decompression failure (-3): unknown compression method\n' +
  '\tat io.netty.handler.codec.compression.JdkZlibDecoder.decode(JdkZlibDecoder.java:275)\n';

describe('deflateRefusals', () => {
  it('names each refusal by the time of its log line', () => {
    const lines = `${refusal('13:47:28,739')}03 Dec 2026 13:47:29,000 INFO  [main] unrelated\n${refusal('13:47:28,918')}`.split('\n');
    expect(deflateRefusals(lines)).toEqual(['03 Dec 2026 13:47:28,739', '03 Dec 2026 13:47:28,918']);
    expect(deflateRefusals(['03 Dec 2026 13:47:29,000 INFO  [main] started'])).toEqual([]);
  });
});

describe('a deflate sink refusing uncompressed batches', () => {
  it('warns in update-status, once per new refusal, naming the fix; silent with compression_type=none', async () => {
    const model = track(await runningSink());
    await configure(model, { compression_type: 'deflate' });
    const logFile = model.unitPath(UNIT, LOG);
    mkdirSync(dirname(logFile), { recursive: true });
    appendFileSync(logFile, refusal('13:47:28,739') + refusal('13:47:28,918'));
    const warnings = (): string[] => model.logs.filter((l) => l.unit === UNIT && l.level === 'WARNING' && /uncompressed/.test(l.message)).map((l) => l.message);

    model.updateStatus(APP);
    await model.settle();
    expect(warnings()).toEqual([expect.stringContaining('refuses them (2 in the Flume log, last at 03 Dec 2026 13:47:28,918)')]);
    expect(warnings()[0]).toContain('set compression_type=none, or upgrade the agent');
    model.updateStatus(APP);
    await model.settle();
    expect(warnings()).toHaveLength(1);

    appendFileSync(logFile, refusal('13:52:00,001'));
    model.updateStatus(APP);
    await model.settle();
    expect(warnings()).toHaveLength(2);
    expect(warnings()[1]).toContain('(1 in the Flume log, last at 03 Dec 2026 13:52:00,001)');

    await configure(model, { compression_type: 'none' });
    appendFileSync(logFile, refusal('13:53:00,001'));
    model.updateStatus(APP);
    await model.settle();
    expect(warnings()).toHaveLength(2);
  });
});
