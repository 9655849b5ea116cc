// Real Flume judges the checker. Thousands of seeded configs (the shapes the charms render, valid and broken
// in the ways test/helpers/flume-conf-generator.ts lists), plus the charms' golden files, go through Flume 1.11's
// own configuration provider (test/oracle/FlumeOracle.java) and through predictFlumeLoad/checkFlumeConfig.
// Any disagreement about which components survive fails, and so does the checker refusing a config that
// Flume runs whole, unless the error says why Flume keeping it is still wrong (an ignored setting, a failure
// at start). Replay with CHECKER_ORACLE_SEED=<seed>; CHECKER_ORACLE_CASES sets the count;
// CHECKER_ORACLE_DUMP=<file> writes every disagreement there.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { judgeChecker, type JudgedConfig } from '../../../tests/support/checker-judge';
import { findFlumeOracle } from '../../../tests/support/flume-oracle';
import { createPrng, intFromEnv } from '../../../tests/support/prng';
import { generateFlumeConf, GENERATED_AGENT } from './helpers/flume-conf-generator';

const SEED = intFromEnv('CHECKER_ORACLE_SEED', 1313);
const CASES = intFromEnv('CHECKER_ORACLE_CASES', 6000);
const GOLDEN_DIRS = ['charms/flume-hdfs/test/golden', 'charms/flume-syslog/test/golden'].map((d) => join(__dirname, '../../..', d));

const found = findFlumeOracle();
if (!found.ok) console.log(`checker-oracle: SKIPPED, real Flume cannot run here: ${found.reason}`);
const describeWithFlume = (name: string, body: () => void): void =>
  found.ok ? describe(name, body) : describe.skip(`${name} (skipped: ${found.reason})`, body);

function goldenCases(): JudgedConfig[] {
  return GOLDEN_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.conf'))
      .map((f) => ({ label: `golden ${f}`, text: readFileSync(join(dir, f), 'utf8'), agent: GENERATED_AGENT })),
  );
}

describeWithFlume('the checker agrees with real Flume about which components survive', () => {
  jest.setTimeout(240_000);

  test('the oracle reports survivors, a class this build lacks, and a load Flume gives up on', async () => {
    if (!found.ok) return;
    const [golden] = goldenCases().filter((c) => c.label.endsWith('one-sink.conf'));
    const hdfs = goldenCases().find((c) => c.label.endsWith('hdfs-default.conf'))!;
    const verdicts = await found.oracle.judge([golden!, hdfs, { ...golden!, text: golden!.text.replace(/(\.sinks\.[^.=\s]+\.type = )avro/, '$1avroo') }]);
    expect(verdicts[0]).toMatchObject({ kind: 'loaded', survivors: { sources: ['syslog'] } });
    expect(verdicts[1]).toMatchObject({ kind: 'class-not-available', className: 'org.apache.flume.sink.hdfs.HDFSEventSink' });
    expect(verdicts[2]).toMatchObject({ kind: 'fatal', reason: expect.stringContaining('Unable to load sink type: avroo') });
  });

  test(`golden files and ${CASES} generated configs (seed ${SEED})`, async () => {
    if (!found.ok) return;
    const prng = createPrng(SEED);
    const generated = Array.from({ length: CASES }, (_, i) => ({
      label: `generated #${i} (seed ${SEED})`,
      text: generateFlumeConf(prng.fork(String(i))),
      agent: GENERATED_AGENT,
    }));
    const { judged, whole, unavailable, failures } = await judgeChecker(found.oracle, [...goldenCases(), ...generated]);
    if (process.env.CHECKER_ORACLE_DUMP) writeFileSync(process.env.CHECKER_ORACLE_DUMP, failures.join('\n'));
    console.log(`checker-oracle: ${judged} configs judged by Flume (${whole} run whole), ${unavailable} skipped (class not available in this Flume build: HDFS sink), ${failures.length} disagreements`);
    // Both kinds must be well represented, or the test proves little.
    expect(whole).toBeGreaterThan(judged / 5);
    expect(judged - whole).toBeGreaterThan(judged / 5);
    expect(failures.slice(0, 8)).toEqual([]);
  });
});
