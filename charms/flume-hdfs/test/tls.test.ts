// TLS on the source (issue 16), in the simulator: the real flume-hdfs bundle beside juju-sim's
// tls-certificates provider test charm (openssl-signed certificates), or a fake provider that publishes garbage.
import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkFlumeConfig } from '@flume-charms/flume';
import { tlsCertificatesProviderCharm, type Model } from '@flume-charms/juju-sim';
import { AGENT_NAME } from '../src/render';
import { APP, CONF_DIR, deploySink, flumeConf, relateAgent, relateHadoop, release, runningSink, SERVICE, track, UNIT, workload } from './support/scenario';

const PROVIDER = 'tls-provider';
const FAKE_PROVIDER = path.join(__dirname, 'charms', 'fake-certificates-provider');
const TLS_DIR = `${CONF_DIR}/tls`;
const KEYSTORE = `${TLS_DIR}/keystore.p12`;
const PASSWORD_FILE = `${TLS_DIR}/keystore.pass`;
const KEY = `${TLS_DIR}/unit.key`;

interface IssuedEntry {
  readonly ca: string;
  readonly chain: readonly string[];
  readonly certificate_signing_request: string;
  readonly certificate: string;
  readonly revoked?: boolean;
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'flume-hdfs-tls-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function settled(model: Model): Promise<void> {
  expect((await model.settle()).errors).toEqual([]);
}

/** Deploys a provider app and relates it to flume-hdfs:certificates; returns the relation id. */
async function relateProvider(model: Model, options: { charm?: string; name?: string; config?: Record<string, string | number | boolean> } = {}): Promise<number> {
  const name = options.name ?? PROVIDER;
  await model.deploy(options.charm ?? tlsCertificatesProviderCharm(), { name, config: options.config ?? {} });
  const id = model.relate(`${APP}:certificates`, `${name}:certificates`);
  await settled(model);
  return id;
}

function csrs(model: Model, relation: number): string[] {
  const raw = model.relationData(relation, UNIT)['certificate_signing_requests'];
  return raw === undefined ? [] : (JSON.parse(raw) as Array<{ certificate_signing_request: string }>).map((r) => r.certificate_signing_request);
}

function issued(model: Model, relation: number, name = PROVIDER): IssuedEntry[] {
  const raw = model.relationData(relation, name)['certificates'];
  return raw === undefined ? [] : (JSON.parse(raw) as IssuedEntry[]);
}

/** The provider's entry for the unit's current CSR. */
function currentEntry(model: Model, relation: number): IssuedEntry {
  const [csr] = csrs(model, relation);
  const entry = issued(model, relation).find((e) => e.certificate_signing_request === csr);
  if (!entry) throw new Error('the provider has no certificate for the current CSR');
  return entry;
}

function csrText(csr: string): string {
  const file = path.join(scratch, `csr-${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(file, `${csr}\n`);
  return execFileSync('openssl', ['req', '-in', file, '-noout', '-text'], { encoding: 'utf8' });
}

/** keytool's listing of the unit's keystore, opened with the password the unit generated. */
function keystoreListing(model: Model): string {
  const password = model.unitFile(UNIT, PASSWORD_FILE).trim();
  const result = spawnSync('keytool', ['-list', '-v', '-storetype', 'PKCS12', '-keystore', model.unitPath(UNIT, KEYSTORE), '-storepass:env', 'KS_PASS'], {
    env: { ...process.env, KS_PASS: password },
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  return result.stdout;
}

function agentDatabag(model: Model, agentRelation: number): Record<string, string> {
  return model.relationData(agentRelation, UNIT);
}

const restarts = (model: Model): number => model.service(UNIT, SERVICE)?.restarts ?? 0;
const sslLines = (conf: string): string[] => conf.split('\n').filter((l) => /^a1\.sources\.r1\.(ssl|keystore)/.test(l));
const pem = (text: string): string => text.replace(/\r/g, '').trim();

/** A running sink (HDFS ready, agent related) with a certificate from the provider test charm. */
async function tlsSink(providerConfig: Record<string, string | number | boolean> = {}): Promise<{ model: Model; certs: number; agents: number }> {
  const model = track(await runningSink());
  const agents = model.relationIds(APP).find((id) => 'port' in model.relationData(id, UNIT)) as number;
  const certs = await relateProvider(model, { config: providerConfig });
  return { model, certs, agents };
}

describe('certificates relation: the first certificate', () => {
  it('without the relation nothing changes: no TLS directory, no tls-ca, no ssl in flume.conf', async () => {
    const model = track(await runningSink());
    expect(existsSync(model.unitPath(UNIT, TLS_DIR))).toBe(false);
    expect(sslLines(flumeConf(model))).toEqual([]);
    for (const id of model.relationIds(APP)) expect(model.relationData(id, UNIT)['tls-ca']).toBeUndefined();
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });

  it('relate -> key (root 0600) and a CSR for the ingress address and hostname; certificate -> keystore, ssl, one restart, tls-ca', async () => {
    const model = track(await runningSink());
    const agents = model.relationIds(APP)[model.relationIds(APP).length - 1] as number;
    const before = restarts(model);
    const certs = await relateProvider(model);

    // The key stays on the unit, owner-only; the CSR names what agents dial.
    expect(statSync(model.unitPath(UNIT, KEY)).mode & 0o777).toBe(0o600);
    const requests = csrs(model, certs);
    expect(requests).toHaveLength(1);
    const text = csrText(requests[0] as string);
    expect(text).toContain(`IP Address:${model.unitAddress(UNIT)}`);
    expect(text).toContain(`DNS:${hostname()}`);
    expect(text).toContain('CN = flume-hdfs-0');
    for (const id of model.relationIds()) {
      for (const value of Object.values(model.relationData(id, UNIT))) expect(value).not.toContain('PRIVATE KEY');
    }

    // The keystore Java loads: our key with the provider's certificate for our CSR.
    const entry = currentEntry(model, certs);
    const listing = keystoreListing(model);
    expect(listing).toContain('Entry type: PrivateKeyEntry');
    expect(listing).toContain(`SHA256: ${new X509Certificate(entry.certificate).fingerprint256}`);
    expect(statSync(model.unitPath(UNIT, KEYSTORE)).mode & 0o777).toBe(0o640);
    expect(statSync(model.unitPath(UNIT, PASSWORD_FILE)).mode & 0o777).toBe(0o600);

    // flume.conf serves TLS with that keystore and password, and passes the checker.
    const password = model.unitFile(UNIT, PASSWORD_FILE).trim();
    expect(sslLines(flumeConf(model))).toEqual([
      'a1.sources.r1.ssl = true',
      `a1.sources.r1.keystore = ${KEYSTORE}`,
      `a1.sources.r1.keystore-password = ${password}`,
      'a1.sources.r1.keystore-type = PKCS12',
    ]);
    expect(checkFlumeConfig(flumeConf(model), AGENT_NAME).errors).toEqual([]);
    expect(restarts(model)).toBe(before + 1);

    // Agents learn the CA to trust; the unit is Ready.
    expect(pem(agentDatabag(model, agents)['tls-ca'] ?? '')).toBe(pem(entry.ca));
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });

    // The password is nowhere but in flume.conf and its own file: not in relation data, logs or statuses.
    for (const id of model.relationIds()) for (const value of Object.values(model.relationData(id, UNIT))) expect(value).not.toContain(password);
    expect(JSON.stringify(model.logs)).not.toContain(password);
    expect(JSON.stringify(model.unitStatus(UNIT).history)).not.toContain(password);

    // Quiet hooks change nothing.
    model.updateStatus();
    await settled(model);
    expect(restarts(model)).toBe(before + 1);
    expect(csrs(model, certs)).toEqual(requests);
  });

  it('an agent relating later gets tls-ca too', async () => {
    const { model } = await tlsSink();
    const later = await relateAgent(model, 'late-agent');
    expect(agentDatabag(model, later)['tls-ca']).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it('no certificate yet: the sink keeps serving plaintext and says it waits', async () => {
    const model = track(await runningSink());
    await relateProvider(model, { charm: FAKE_PROVIDER, name: 'fake-ca' });
    expect(workload(model)).toEqual({ status: 'waiting', message: 'Waiting for a certificate from fake-ca' });
    expect(sslLines(flumeConf(model))).toEqual([]);
    expect(existsSync(model.unitPath(UNIT, KEYSTORE))).toBe(false);
  });
});

describe('renewal', () => {
  // Avro's source loads its keystore for every new connection (docs/tls.md): a restart would only make the agents
  // resend what the sink had not acknowledged yet. Thrift's reads it once, at start.
  it.each([
    ['avro', 0],
    ['thrift', 1],
  ] as const)("%s: the provider's renewed certificate (same CSR) replaces the keystore; %i restart(s)", async (protocol, expectedRestarts) => {
    const { model, certs, agents } = await tlsSink();
    if (protocol !== 'avro') {
      model.config(APP, { protocol });
      await settled(model);
    }
    const first = currentEntry(model, certs).certificate;
    const tlsCa = agentDatabag(model, agents)['tls-ca'];
    const conf = flumeConf(model);
    const before = restarts(model);
    expect((await model.runAction(`${PROVIDER}/0`, 'renew-all')).status).toBe('completed');
    await settled(model);
    const renewed = currentEntry(model, certs).certificate;
    expect(renewed).not.toBe(first);
    expect(keystoreListing(model)).toContain(`SHA256: ${new X509Certificate(renewed).fingerprint256}`);
    expect(flumeConf(model)).toBe(conf);
    expect(restarts(model)).toBe(before + expectedRestarts);
    expect(agentDatabag(model, agents)['tls-ca']).toBe(tlsCa);
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });

  it('past the renewal time the unit asks for a new certificate once, and serves it (Avro: without a restart)', async () => {
    const model = track(await runningSink());
    const before = restarts(model);
    // Issued 1000 minutes ago for a day: due for renewal (2/3 of the validity) when issued.
    const certs = await relateProvider(model, { config: { 'backdate-minutes': 1000 } });
    const requested = model.logs.filter((l) => l.unit === UNIT && l.message.includes('requested a certificate for'));
    expect(requested).toHaveLength(2); // the first CSR, then one renewal: not one per hook
    const served = currentEntry(model, certs);
    expect(keystoreListing(model)).toContain(`SHA256: ${new X509Certificate(served.certificate).fingerprint256}`);
    expect(restarts(model)).toBe(before + 1); // TLS turned on; the renewed store is taken per connection
    model.updateStatus();
    await settled(model);
    expect(restarts(model)).toBe(before + 1);
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });
});

describe('unusable certificates: blocked with why, nothing half-written', () => {
  it('expired when issued: blocked with the date; plaintext stays, no keystore, no tls-ca', async () => {
    const model = track(await runningSink());
    const conf = flumeConf(model);
    const before = restarts(model);
    await relateProvider(model, { config: { 'backdate-minutes': 3000 } });
    expect(workload(model).status).toBe('blocked');
    expect(workload(model).message).toMatch(/^TLS certificate expired on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC; waiting for a renewed one from tls-provider$/);
    expect(flumeConf(model)).toBe(conf);
    expect(existsSync(model.unitPath(UNIT, KEYSTORE))).toBe(false);
    expect(restarts(model)).toBe(before);
    for (const id of model.relationIds(APP)) expect(model.relationData(id, UNIT)['tls-ca']).toBeUndefined();
  });

  it('revoked while served: blocked with why; the keystore and flume.conf stay as they were', async () => {
    const { model } = await tlsSink();
    const conf = flumeConf(model);
    const keystore = readFileSync(model.unitPath(UNIT, KEYSTORE));
    const before = restarts(model);
    expect((await model.runAction(`${PROVIDER}/0`, 'revoke', { unit: UNIT })).status).toBe('completed');
    await settled(model);
    expect(workload(model)).toEqual({ status: 'blocked', message: 'TLS certificate revoked by tls-provider; waiting for a new one' });
    expect(flumeConf(model)).toBe(conf);
    expect(readFileSync(model.unitPath(UNIT, KEYSTORE)).equals(keystore)).toBe(true);
    expect(restarts(model)).toBe(before);
  });

  it.each([
    ['not JSON', '{"certificates": ['],
    ['a list of junk', JSON.stringify([1, 'x', null])],
    ['a huge list', JSON.stringify(Array.from({ length: 5000 }, () => ({ ca: 'x', chain: [], certificate_signing_request: 'y', certificate: 'z' })))],
    ['PEM garbage for our CSR', 'OUR_CSR'],
    ['a certificate for another key, for our CSR', 'OTHER_KEY'],
  ])('%s: blocked naming the provider, no keystore, plaintext untouched', async (_name, value) => {
    const model = track(await runningSink());
    const conf = flumeConf(model);
    const before = restarts(model);
    const certs = await relateProvider(model, { charm: FAKE_PROVIDER, name: 'fake-ca' });
    const [csr] = csrs(model, certs);
    let certificates = value;
    if (value === 'OUR_CSR') {
      certificates = JSON.stringify([{ ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', chain: [], certificate_signing_request: csr, certificate: 'a1.sources.r1.ssl = false' }]);
    } else if (value === 'OTHER_KEY') {
      const other = selfSigned('other');
      certificates = JSON.stringify([{ ca: other, chain: [other], certificate_signing_request: csr, certificate: other }]);
    }
    model.config('fake-ca', { certificates });
    await settled(model);
    const status = workload(model);
    expect(status.status).toBe('blocked');
    expect(status.message).toMatch(/^Invalid certificate from fake-ca: .+/);
    expect(status.message).not.toMatch(/\n/);
    expect(flumeConf(model)).toBe(conf);
    expect(existsSync(model.unitPath(UNIT, KEYSTORE))).toBe(false);
    expect(restarts(model)).toBe(before);
  });
});

/** A self-signed certificate (PEM) for a fresh key: valid PEM, but not for the unit's key. */
function selfSigned(name: string): string {
  const key = path.join(scratch, `${name}.key`);
  const cert = path.join(scratch, `${name}.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${name}`], { stdio: 'ignore' });
  return readFileSync(cert, 'utf8').trim();
}

describe('the certificates relation removed', () => {
  it('TLS stays on (blocked, the last certificate serves) until tls_allow_plaintext=true turns it off', async () => {
    const { model, certs, agents } = await tlsSink();
    const conf = flumeConf(model);
    const before = restarts(model);
    model.removeRelation(certs);
    await settled(model);
    expect(workload(model)).toEqual({
      status: 'blocked',
      message: 'certificates relation removed: TLS stays on; relate a tls-certificates provider or set tls_allow_plaintext=true',
    });
    expect(flumeConf(model)).toBe(conf);
    expect(agentDatabag(model, agents)['tls-ca']).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(restarts(model)).toBe(before);

    model.config(APP, { tls_allow_plaintext: true });
    await settled(model);
    expect(sslLines(flumeConf(model))).toEqual([]);
    expect(existsSync(model.unitPath(UNIT, KEYSTORE))).toBe(false);
    expect(existsSync(model.unitPath(UNIT, KEY))).toBe(true); // kept for a later provider
    expect(agentDatabag(model, agents)['tls-ca']).toBeUndefined();
    expect(restarts(model)).toBe(before + 1);
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });

  it('with tls_allow_plaintext=true already set, removing the relation goes back to plaintext at once', async () => {
    const { model, certs, agents } = await tlsSink();
    model.config(APP, { tls_allow_plaintext: true });
    await settled(model);
    model.removeRelation(certs);
    await settled(model);
    expect(sslLines(flumeConf(model))).toEqual([]);
    expect(agentDatabag(model, agents)['tls-ca']).toBeUndefined();
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });
});

describe('failed handshakes on the TLS source (from the Flume log)', () => {
  /** Flume's log time for `date` in the charm's layout (yyyy-MM-dd HH:mm:ss,SSS, the machine's local time). */
  const logTime = (date: Date): string => {
    const p = (n: number, w = 2): string => String(n).padStart(w, '0');
    return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())},${p(date.getMilliseconds(), 3)}`;
  };
  const plaintextAttempt = (time: string, thread: string, peer: string): string[] => [
    `${time} WARN  [${thread}] (org.apache.avro.ipc.netty.NettyServer$NettyServerAvroHandler.exceptionCaught:175) Unexpected exception from downstream.`,
    'io.netty.handler.codec.DecoderException: io.netty.handler.ssl.NotSslRecordException: not an SSL/TLS record: 0000000100000002000000308561676d656e74',
    '\tat io.netty.handler.codec.ByteToMessageDecoder.callDecode(ByteToMessageDecoder.java:499)',
    `${time} INFO  [${thread}] (org.apache.avro.ipc.netty.NettyServer$NettyServerAvroHandler.channelInactive:181) Connection to /${peer}:40312 disconnected.`,
  ];

  it('the unit stays active and counts them; juju-log names the clients, never the bytes they sent', async () => {
    const { model } = await tlsSink();
    const logFile = model.unitPath(UNIT, '/var/log/flume/flume-hdfs/flume.log');
    const t0 = logTime(new Date(Date.now() - 60_000));
    const t1 = logTime(new Date(Date.now() - 55_000));
    writeFileSync(logFile, [...plaintextAttempt(t0, 'nioEventLoopGroup-3-2', '198.18.0.21'), ...plaintextAttempt(t1, 'nioEventLoopGroup-3-3', '198.18.0.21')].join('\n') + '\n', { flag: 'a' });
    model.updateStatus();
    await settled(model);
    expect(workload(model)).toEqual({
      status: 'active',
      message: `Ready; 2 TLS handshakes failed since ${t0.slice(0, 16)} (a client without TLS?)`,
    });
    const warnings = model.logs.filter((l) => l.unit === UNIT && l.level === 'WARNING' && l.message.includes('TLS handshake'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('clients: 198.18.0.21');
    expect(JSON.stringify(model.logs)).not.toContain('8561676d656e74');

    // The next reading adds only what is new.
    const t2 = logTime(new Date(Date.now() - 1000));
    writeFileSync(logFile, plaintextAttempt(t2, 'nioEventLoopGroup-3-4', '198.18.0.22').join('\n') + '\n', { flag: 'a' });
    model.updateStatus();
    await settled(model);
    expect(workload(model).message).toBe(`Ready; 3 TLS handshakes failed since ${t0.slice(0, 16)} (a client without TLS?)`);
  });
});

describe('a hook killed while the certificate is installed', () => {
  /** What a converged TLS sink looks like, independent of this model's CA and the unit's own password. */
  function tlsSnapshot(model: Model, certs: number, agents: number): unknown {
    const password = model.unitFile(UNIT, PASSWORD_FILE).trim();
    const entry = currentEntry(model, certs);
    return {
      conf: flumeConf(model).split(password).join('PASSWORD'),
      keystore: keystoreListing(model).includes(`SHA256: ${new X509Certificate(entry.certificate).fingerprint256}`),
      tlsCa: pem(agentDatabag(model, agents)['tls-ca'] ?? '') === pem(entry.ca),
      csrs: csrs(model, certs).length,
      service: model.service(UNIT, SERVICE)?.activeState,
      status: workload(model),
      strays: existsSync(model.unitPath(UNIT, `${TLS_DIR}/.keystore.p12.tmp`)) || existsSync(model.unitPath(UNIT, `${TLS_DIR}/.keystore.pem.tmp`)),
    };
  }

  async function converge(model: Model): Promise<void> {
    for (let i = 0; i < 10; i += 1) {
      const result = await model.settle();
      if (result.errors.length === 0) break;
      for (const { unit } of result.errors) model.resolve(unit, { retry: true });
    }
    model.updateStatus(APP);
    await settled(model);
  }

  it('at any tool call of certificates-relation-changed: the retry converges to the clean run', async () => {
    const { model: cleanModel, certs, agents } = await tlsSink();
    const clean = tlsSnapshot(cleanModel, certs, agents);
    expect(clean).toMatchObject({ keystore: true, tlsCa: true, csrs: 1, service: 'active', strays: false, status: { status: 'active', message: 'Ready' } });
    // The tool calls of the longest certificates-relation-changed run (the one that installs the certificate).
    const perRun = new Map<string, number>();
    for (const c of cleanModel.toolCalls) {
      if (c.unit === UNIT && c.hook === 'certificates-relation-changed') perRun.set(c.contextId, (perRun.get(c.contextId) ?? 0) + 1);
    }
    const calls = Math.max(0, ...perRun.values());
    expect(calls).toBeGreaterThan(3);
    const trials = process.env.KILL_TRIALS === 'all' ? calls : 4;
    let fired = 0;
    for (let t = 0; t < trials; t += 1) {
      const at = process.env.KILL_TRIALS === 'all' ? t : Math.floor(((t + 0.5) * calls) / trials);
      const model = track(await runningSink());
      const agentRelation = model.relationIds(APP).find((id) => 'port' in model.relationData(id, UNIT)) as number;
      model.faults.killHook(UNIT, { afterToolCalls: at, hook: 'certificates-relation-changed' });
      await model.deploy(tlsCertificatesProviderCharm(), { name: PROVIDER });
      const relation = model.relate(`${APP}:certificates`, `${PROVIDER}:certificates`);
      await converge(model);
      if (model.faults.pending().kills === 0) fired += 1;
      expect({ at, ...(tlsSnapshot(model, relation, agentRelation) as object) }).toEqual({ at, ...(clean as object) });
      await release(model);
    }
    // Which hook installs the certificate (joined or changed) depends on when the provider answers: most kills fire.
    expect(fired).toBeGreaterThanOrEqual(Math.ceil(trials / 2));
  }, 600_000);
});

describe('several units, certificates before agents', () => {
  it('each unit has its own key, password and certificate; Flume starts with TLS at once (no restart)', async () => {
    const model = track(await deploySink());
    await relateHadoop(model);
    await model.addUnit(APP);
    await settled(model);
    const certs = await relateProvider(model);
    const agents = await relateAgent(model);
    const units = model.units(APP);
    expect(units).toHaveLength(2);
    const keys = new Set<string>();
    const passwords = new Set<string>();
    for (const unit of units) {
      keys.add(readFileSync(model.unitPath(unit, KEY), 'utf8'));
      const password = model.unitFile(unit, PASSWORD_FILE).trim();
      passwords.add(password);
      const conf = model.unitFile(unit, `${CONF_DIR}/flume.conf`);
      expect(sslLines(conf)).toContain(`a1.sources.r1.keystore-password = ${password}`);
      expect(model.service(unit, SERVICE)).toMatchObject({ activeState: 'active', restarts: 0 });
      expect(model.relationData(agents, unit)['tls-ca']).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
      expect(workload(model, unit)).toEqual({ status: 'active', message: 'Ready' });
    }
    expect(keys.size).toBe(2);
    expect(passwords.size).toBe(2);
    // One CSR per unit, each answered.
    const requested = units.map((unit) => JSON.parse(model.relationData(certs, unit)['certificate_signing_requests'] ?? '[]') as unknown[]);
    expect(requested.map((r) => r.length)).toEqual([1, 1]);
    expect(issued(model, certs)).toHaveLength(2);

    // remove-unit: the machine may outlive the unit; its key, keystore and password must not.
    const [gone, stays] = units as [string, string];
    model.removeUnit(gone);
    await settled(model);
    expect(model.hookRuns.find((r) => r.unit === gone && r.hook === 'stop')?.ok).toBe(true);
    expect(existsSync(model.unitPath(gone, TLS_DIR))).toBe(false);
    expect(existsSync(model.unitPath(stays, KEY))).toBe(true);
  });
});
