// The requirer endpoint in a bundled charm (test/charms/tls-requirer-test) on the juju-sim Model, against the
// simulator's tls-certificates provider test charm: real processes, real hook tools, Juju's commit rules.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleTestCharm, Model, tlsCertificatesProviderCharm } from '@flume-charms/juju-sim';
import { certificateMatchesKey, checkCertificateBundle } from '../src';

const PROVIDER = 'ca';
const REQUIRER = 'req';

let requirerCharm: string;
let scratch: string;
beforeAll(async () => {
  requirerCharm = await bundleTestCharm(join(__dirname, 'charms', 'tls-requirer-test'));
  scratch = mkdtempSync(join(tmpdir(), 'tls-sim-test-'));
});
afterAll(async () => {
  await rm(requirerCharm, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

let model: Model;
beforeEach(async () => {
  model = await Model.create({ concurrency: 2 });
});
afterEach(async () => {
  await model.destroy();
});

async function settle(): Promise<void> {
  const result = await model.settle({ maxHooks: 400 });
  const failed = model.hookRuns.filter((run) => !run.ok).map((run) => `${run.unit} ${run.hook}: ${run.stderr}`);
  expect({ errors: result.errors, failed }).toEqual({ errors: [], failed: [] });
}

type Stored = { kind: string; certificate?: string; caBundle?: string; revoked?: boolean; reason?: string };
function unitState(unit: string): { flags: string[]; kv: Record<string, unknown> } {
  return JSON.parse(model.unitFile(unit, '.unit-state.json')) as { flags: string[]; kv: Record<string, unknown> };
}
function storedAnswer(unit: string): Stored {
  const assignments = unitState(unit).kv['endpoint.certificates.assignments'] as { byRelation: Record<string, Stored> } | undefined;
  const [answer] = Object.values(assignments?.byRelation ?? {});
  return answer ?? { kind: 'none' };
}

/** `openssl verify` of the unit's certificate against the CA bundle it would publish as `tls-ca`. */
function opensslVerifies(certificate: string, caBundle: string): boolean {
  const dir = mkdtempSync(join(scratch, 'verify-'));
  writeFileSync(join(dir, 'ca.pem'), caBundle);
  writeFileSync(join(dir, 'cert.pem'), certificate);
  try {
    execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), join(dir, 'cert.pem')], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function deployAndRelate(providerConfig: Record<string, string | number | boolean> = {}): Promise<number> {
  await model.deploy(tlsCertificatesProviderCharm(), { name: PROVIDER, units: 1, config: providerConfig });
  await model.deploy(requirerCharm, { name: REQUIRER, units: 2 });
  await settle();
  expect(model.unitStatus(`${REQUIRER}/0`).workload).toEqual({ status: 'blocked', message: 'Missing a certificates relation' });
  const relation = model.relate(`${REQUIRER}:certificates`, `${PROVIDER}:certificates`);
  await settle();
  return relation;
}

test('each unit gets a certificate for its own key, signed by the bundle it would publish', async () => {
  const relation = await deployAndRelate();
  for (const unit of [`${REQUIRER}/0`, `${REQUIRER}/1`]) {
    const requests = JSON.parse(model.relationData(relation, unit)['certificate_signing_requests'] ?? '[]') as Array<{ ca: boolean }>;
    expect(requests).toEqual([{ certificate_signing_request: expect.stringContaining('BEGIN CERTIFICATE REQUEST'), ca: false }]);
    expect(unitState(unit).flags).toEqual(expect.arrayContaining(['certificates.connected', 'certificates.available']));
    expect(model.unitStatus(unit).workload).toMatchObject({ status: 'active', message: expect.stringMatching(/^Certificate [0-9A-F:]{8} until /) });
    const answer = storedAnswer(unit);
    expect(answer.kind).toBe('assigned');
    expect(certificateMatchesKey(answer.certificate as string, model.unitFile(unit, 'tls/unit.key'))).toBe(true);
    expect(opensslVerifies(answer.certificate as string, answer.caBundle as string)).toBe(true);
    expect(answer.caBundle).not.toContain((answer.certificate as string).split('\n')[1]); // the chain's copy of the leaf is left out
  }
});

test('an intermediate CA: the bundle holds the intermediate and the root, and still verifies', async () => {
  await deployAndRelate({ 'intermediate-ca': true, 'chain-includes-certificate': false });
  const answer = storedAnswer(`${REQUIRER}/0`);
  expect(answer.kind).toBe('assigned');
  const bundle = checkCertificateBundle(answer.caBundle as string);
  expect(bundle.kind === 'valid' ? bundle.certificates.length : bundle.reason).toBe(2);
  expect(opensslVerifies(answer.certificate as string, answer.caBundle as string)).toBe(true);
});

test('revocation, certificates issued already due (no renewal loop), and removal', async () => {
  const relation = await deployAndRelate();
  const revoked = await model.runAction(`${PROVIDER}/0`, 'revoke', { unit: `${REQUIRER}/0` });
  expect(revoked.status).toBe('completed');
  await settle();
  expect(model.unitStatus(`${REQUIRER}/0`).workload).toMatchObject({ status: 'blocked', message: expect.stringMatching(/revoked$/) });
  expect(unitState(`${REQUIRER}/0`).flags).not.toContain('certificates.available');
  expect(model.unitStatus(`${REQUIRER}/1`).workload.status).toBe('active');

  // Backdated past 2/3 of the validity: the certificates renew-all brings are due when they arrive. Asking again
  // would only bring another like them: the unit keeps its request (no renewal loop) and the model settles.
  const csrBefore = model.relationData(relation, `${REQUIRER}/1`)['certificate_signing_requests'];
  const fingerprintBefore = storedAnswer(`${REQUIRER}/1`).certificate;
  model.config(PROVIDER, { 'backdate-minutes': 1000 });
  expect(await model.runAction(`${PROVIDER}/0`, 'renew-all')).toMatchObject({ status: 'completed' });
  await settle();
  model.updateStatus(REQUIRER);
  await settle();
  expect(storedAnswer(`${REQUIRER}/1`).certificate).not.toBe(fingerprintBefore);
  expect(model.relationData(relation, `${REQUIRER}/1`)['certificate_signing_requests']).toBe(csrBefore);
  expect(model.unitStatus(`${REQUIRER}/1`).workload.status).toBe('active');

  model.removeRelation(relation);
  await settle();
  expect(model.unitStatus(`${REQUIRER}/1`).workload).toEqual({ status: 'blocked', message: 'Missing a certificates relation' });
  expect(unitState(`${REQUIRER}/1`).flags.filter((f) => f.startsWith('certificates.'))).toEqual([]);
});
