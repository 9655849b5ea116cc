// Real Flume judges the checker. Thousands of seeded configs (the shapes the charms render, valid and broken
// in the ways test/helpers/flume-conf-generator.ts lists), plus the charms' golden files, go through Flume 1.11's
// own configuration provider (test/oracle/FlumeOracle.java) and through predictFlumeLoad/checkFlumeConfig.
// Any disagreement about which components survive fails, and so does the checker refusing a config that
// Flume runs whole, unless the error says why Flume keeping it is still wrong (an ignored setting, a failure
// at start). Replay with CHECKER_ORACLE_SEED=<seed>; CHECKER_ORACLE_CASES sets the count;
// CHECKER_ORACLE_DUMP=<file> writes every disagreement there.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeChecker, type JudgedConfig } from '../../../tests/support/checker-judge';
import { findFlumeOracle } from '../../../tests/support/flume-oracle';
import { createPrng, intFromEnv } from '../../../tests/support/prng';
import { issueServerCertificate, keytoolTruststore, makeCa, pkcs12Keystore } from '../../../tests/support/tls-material';
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

/**
 * The golden files name the unit's key- and truststores, which a charm writes before it renders (the checker
 * judges text only). Flume's Thrift source opens its keystore when it is configured, so the oracle gets real
 * stores, made with the golden files' passwords, at the same properties.
 */
async function withStores(cases: readonly JudgedConfig[], dir: string): Promise<JudgedConfig[]> {
  const ca = await makeCa(dir, 'oracle-ca');
  const server = await issueServerCertificate(ca, dir, 'oracle-server', { commonName: 'oracle', sanIps: ['127.0.0.1'] });
  const stores = new Map<string, string>();
  const store = async (kind: 'keystore' | 'truststore', password: string): Promise<string> => {
    const key = `${kind} ${password}`;
    const known = stores.get(key);
    if (known !== undefined) return known;
    const path = join(dir, `${kind}-${stores.size}.p12`);
    await (kind === 'keystore' ? pkcs12Keystore(path, server, [ca], password) : keytoolTruststore(path, [ca], password));
    stores.set(key, path);
    return path;
  };
  const result: JudgedConfig[] = [];
  for (const c of cases) {
    let text = c.text;
    for (const kind of ['keystore', 'truststore'] as const) {
      const password = new RegExp(`^(\\S+)\\.${kind}-password = (\\S+)$`, 'gm');
      for (const [, component, secret] of [...c.text.matchAll(password)]) {
        const path = await store(kind, secret as string);
        text = text.replace(new RegExp(`^${(component as string).replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\.${kind} = .*$`, 'm'), `${component}.${kind} = ${path}`);
      }
    }
    result.push({ ...c, text });
  }
  return result;
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
    const stores = mkdtempSync(join(tmpdir(), 'checker-oracle-stores-'));
    let golden: JudgedConfig[];
    try {
      golden = await withStores(goldenCases(), stores);
    } catch (error) {
      rmSync(stores, { recursive: true, force: true });
      throw error;
    }
    const outcome = await judgeChecker(found.oracle, [...golden, ...generated]).finally(() => rmSync(stores, { recursive: true, force: true }));
    const { judged, whole, unavailable, failures } = outcome;
    if (process.env.CHECKER_ORACLE_DUMP) writeFileSync(process.env.CHECKER_ORACLE_DUMP, failures.join('\n'));
    console.log(`checker-oracle: ${judged} configs judged by Flume (${whole} run whole), ${unavailable} skipped (class not available in this Flume build: HDFS sink), ${failures.length} disagreements`);
    // Both kinds must be well represented, or the test proves little.
    expect(whole).toBeGreaterThan(judged / 5);
    expect(judged - whole).toBeGreaterThan(judged / 5);
    expect(failures.slice(0, 8)).toEqual([]);
  });
});
