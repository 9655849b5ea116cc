// The tls-certificates provider test charm against the requirer test charm: certificates that openssl verifies, SANs
// copied, renewal, revocation, withdrawal, garbage, scaling, CA rotation and an intermediate CA.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Model, realMachinesAvailable, tlsCertificatesProviderCharm, tlsCertificatesRequirerCharm } from '../src';

const PROVIDER = 'tls-certificates-provider';
const REQUIRER = 'req';

interface IssuedEntry {
  readonly ca: string;
  readonly chain: readonly string[];
  readonly certificate_signing_request: string;
  readonly certificate: string;
  readonly revoked?: boolean;
  readonly recommended_expiry_notification_time?: number;
}

interface CsrRequest {
  readonly certificate_signing_request: string;
  readonly ca: boolean;
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tls-provider-test-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** `openssl verify` for `purpose`: its exit status and output, with the CA bundle trusted and `untrusted` as intermediates. */
function verify(certificate: string, trusted: string, untrusted?: string, purpose = 'sslserver'): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(scratch, 'verify-'));
  writeFileSync(join(dir, 'cert.pem'), `${certificate}\n`);
  writeFileSync(join(dir, 'ca.pem'), `${trusted}\n`);
  const args = ['verify', '-purpose', purpose, '-CAfile', join(dir, 'ca.pem')];
  if (untrusted !== undefined) {
    writeFileSync(join(dir, 'untrusted.pem'), `${untrusted}\n`);
    args.push('-untrusted', join(dir, 'untrusted.pem'));
  }
  try {
    return { ok: true, output: execFileSync('openssl', [...args, join(dir, 'cert.pem')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function issued(model: Model, relation: number): IssuedEntry[] {
  const raw = model.relationData(relation, PROVIDER)['certificates'];
  return raw === undefined ? [] : (JSON.parse(raw) as IssuedEntry[]);
}

function requests(model: Model, relation: number, unit: string): CsrRequest[] {
  const raw = model.relationData(relation, unit)['certificate_signing_requests'];
  return raw === undefined ? [] : (JSON.parse(raw) as CsrRequest[]);
}

function entryFor(model: Model, relation: number, csr: string): IssuedEntry | undefined {
  return issued(model, relation).find((e) => e.certificate_signing_request === csr);
}

/** The same CSR with one bit of its signature (the DER's last bytes) flipped: well-formed, but it does not verify. */
function withFlippedSignatureByte(csrPem: string): string {
  const der = Buffer.from(csrPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
  der[der.length - 10] = (der[der.length - 10] ?? 0) ^ 1;
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----`;
}

async function settled(model: Model): Promise<void> {
  const result = await model.settle();
  expect(result.errors).toEqual([]);
}

describe('tls-certificates provider test charm (root CA, chain [certificate, ca])', () => {
  let model: Model;
  let relation: number;

  beforeAll(async () => {
    model = await Model.create();
    await model.deploy(tlsCertificatesProviderCharm(), { name: PROVIDER, units: 2 });
    await model.deploy(tlsCertificatesRequirerCharm(), { name: REQUIRER, units: 1, config: { 'sans-ip': '198.18.7.1,2001:db8::7' } });
    relation = model.relate(`${REQUIRER}:certificates`, `${PROVIDER}:certificates`);
    await settled(model);
  });
  afterAll(async () => {
    await model.destroy();
  });

  test('the CSR gets a certificate that openssl verifies against the CA, with the SANs and subject of the CSR', async () => {
    const [request] = requests(model, relation, `${REQUIRER}/0`);
    expect(request).toBeDefined();
    const entry = entryFor(model, relation, request!.certificate_signing_request);
    expect(entry).toBeDefined();
    expect(entry!.revoked).toBeUndefined();
    expect(entry!.chain).toEqual([entry!.certificate, entry!.ca]);
    expect(verify(entry!.certificate, entry!.ca)).toEqual({ ok: true, output: expect.stringContaining(': OK') });

    const certificate = new X509Certificate(entry!.certificate);
    expect(certificate.subjectAltName).toBe('DNS:req-0.juju-sim.test, IP Address:198.18.7.1, IP Address:2001:DB8:0:0:0:0:0:7');
    expect(certificate.subject).toContain('CN=req-0');
    expect(certificate.subject).toMatch(/x500UniqueIdentifier=[0-9a-f-]{36}/);
    expect(certificate.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(certificate.ca).toBe(false);
    expect(certificate.issuer).toBe('CN=juju-sim test CA');
    const validityMinutes = (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / 60_000;
    expect(validityMinutes).toBe(1440);
    expect(model.unitStatus(`${REQUIRER}/0`).workload).toEqual({ status: 'active', message: '1/1 certificates' });
  });

  test('only the leader signs; its CA key is owner-only; get-ca prints the CA the entries carry, on any unit', async () => {
    expect(model.unitStatus(`${PROVIDER}/0`).workload).toEqual({ status: 'active', message: 'CA "juju-sim test CA": 1 certificate' });
    expect(model.unitStatus(`${PROVIDER}/1`).workload).toEqual({ status: 'active', message: 'standby: the leader signs' });
    const keyMode = statSync(model.unitPath(`${PROVIDER}/0`, '/var/lib/tls-certificates-provider/ca/root.key')).mode & 0o777;
    expect(keyMode).toBe(0o600);
    expect(() => model.unitFile(`${PROVIDER}/1`, '/var/lib/tls-certificates-provider/ca/root.key')).toThrow();

    const [entry] = issued(model, relation);
    for (const unit of [`${PROVIDER}/0`, `${PROVIDER}/1`]) {
      const result = await model.runAction(unit, 'get-ca');
      expect(result.status).toBe('completed');
      expect(result.results['ca-certificate']).toBe(entry!.ca);
    }
    const refused = await model.runAction(`${PROVIDER}/1`, 'renew-all');
    expect(refused).toMatchObject({ status: 'failed', message: expect.stringContaining('leader') });
  });

  test('renew-all re-signs the same CSR: a new serial and certificate, still verified', async () => {
    const before = issued(model, relation);
    const result = await model.runAction(`${PROVIDER}/0`, 'renew-all');
    expect(result).toMatchObject({ status: 'completed', results: { renewed: '1' } });
    await settled(model);
    const after = issued(model, relation);
    expect(after.map((e) => e.certificate_signing_request)).toEqual(before.map((e) => e.certificate_signing_request));
    expect(after[0]!.certificate).not.toBe(before[0]!.certificate);
    expect(new X509Certificate(after[0]!.certificate).serialNumber).not.toBe(new X509Certificate(before[0]!.certificate).serialNumber);
    expect(verify(after[0]!.certificate, after[0]!.ca).ok).toBe(true);
  });

  test('scaling the requirer to 3 units gives 3 certificates, each with its own unit SANs', async () => {
    await model.addUnit(REQUIRER, 2);
    await settled(model);
    const units = [0, 1, 2].map((n) => `${REQUIRER}/${n}`);
    const entries = units.map((unit) => entryFor(model, relation, requests(model, relation, unit)[0]!.certificate_signing_request));
    expect(issued(model, relation)).toHaveLength(3);
    entries.forEach((entry, n) => {
      expect(entry).toBeDefined();
      expect(verify(entry!.certificate, entry!.ca).ok).toBe(true);
      expect(new X509Certificate(entry!.certificate).subjectAltName).toContain(`DNS:req-${n}.juju-sim.test`);
    });
    for (const unit of units) expect(model.unitStatus(unit).workload.message).toBe('1/1 certificates');
  });

  test('revoke marks the unit\'s certificate revoked: true, and it stays revoked in later hooks', async () => {
    const csr = requests(model, relation, `${REQUIRER}/1`)[0]!.certificate_signing_request;
    const result = await model.runAction(`${PROVIDER}/0`, 'revoke', { unit: `${REQUIRER}/1` });
    expect(result).toMatchObject({ status: 'completed', results: { revoked: '1' } });
    model.config(REQUIRER, { 'common-name': 'unchanged-csrs' }); // a hook round on every unit; existing CSRs stay
    await settled(model);
    expect(entryFor(model, relation, csr)?.revoked).toBe(true);
    expect(issued(model, relation).filter((e) => e.revoked === true)).toHaveLength(1);
    expect(model.unitStatus(`${REQUIRER}/1`).workload).toEqual({ status: 'waiting', message: '0/1 certificates, 1 revoked' });
    const again = await model.runAction(`${PROVIDER}/0`, 'revoke', { unit: `${REQUIRER}/1` });
    expect(again.status).toBe('failed');
  });

  test('a withdrawn CSR loses its certificate; a departed unit\'s certificates go too', async () => {
    model.config(REQUIRER, { 'csr-count': 2 });
    await settled(model);
    const two = requests(model, relation, `${REQUIRER}/0`);
    expect(two).toHaveLength(2);
    expect(two.every((r) => entryFor(model, relation, r.certificate_signing_request) !== undefined)).toBe(true);

    model.config(REQUIRER, { 'csr-count': 1 });
    await settled(model);
    expect(entryFor(model, relation, two[0]!.certificate_signing_request)).toBeDefined();
    expect(entryFor(model, relation, two[1]!.certificate_signing_request)).toBeUndefined();

    const leaving = requests(model, relation, `${REQUIRER}/2`)[0]!.certificate_signing_request;
    model.removeUnit(`${REQUIRER}/2`);
    await settled(model);
    expect(entryFor(model, relation, leaving)).toBeUndefined();
    expect(issued(model, relation)).toHaveLength(2);
  });

  test('garbage requests are skipped with a juju-log warning; the other units keep their certificates', async () => {
    const good = requests(model, relation, `${REQUIRER}/0`)[0]!.certificate_signing_request;
    const tampered = withFlippedSignatureByte(good);
    expect(tampered).not.toBe(good);
    const garbage = [
      { certificate_signing_request: '-----BEGIN CERTIFICATE REQUEST-----\nnot base64 at all\n-----END CERTIFICATE REQUEST-----', ca: false },
      { certificate_signing_request: tampered, ca: false },
      { certificate_signing_request: 42 },
      'a string',
    ];
    await model.deploy(tlsCertificatesRequirerCharm(), { name: 'junk', units: 1, config: { 'raw-requests': JSON.stringify(garbage) } });
    await model.deploy(tlsCertificatesRequirerCharm(), { name: 'notjson', units: 1, config: { 'raw-requests': '{certificate_signing_requests' } });
    const junk = model.relate('junk:certificates', `${PROVIDER}:certificates`);
    const notJson = model.relate('notjson:certificates', `${PROVIDER}:certificates`);
    await settled(model);

    expect(issued(model, junk)).toEqual([]);
    expect(issued(model, notJson)).toEqual([]);
    const warnings = model.logs.filter((l) => l.unit === `${PROVIDER}/0` && l.level === 'WARNING').map((l) => l.message.replace(/^certificates:\d+: /, '')); // the relation prefix Juju adds in relation hooks
    expect(warnings).toEqual(
      expect.arrayContaining([
        'skipping the CSR of junk/0 (request #0): not one PEM CERTIFICATE REQUEST block',
        'skipping the CSR of junk/0 (request #1): openssl req: the CSR\'s self-signature does not verify',
        'junk/0: request #2 has no certificate_signing_request string',
        'junk/0: request #3 has no certificate_signing_request string',
        'notjson/0: certificate_signing_requests is not JSON',
      ]),
    );
    expect(issued(model, relation)).toHaveLength(2);
    expect(model.unitStatus(`${PROVIDER}/0`).workload.status).toBe('active');
  });

  test('rotate-ca: a new CA re-signs every unrevoked CSR; the old CA no longer verifies them', async () => {
    const before = issued(model, relation);
    const oldCa = before.find((e) => e.revoked !== true)!.ca;
    const result = await model.runAction(`${PROVIDER}/0`, 'rotate-ca');
    expect(result).toMatchObject({ status: 'completed', results: { reissued: '1' } });
    await settled(model);
    const after = issued(model, relation);
    const live = after.filter((e) => e.revoked !== true);
    expect(live).toHaveLength(1);
    expect(live[0]!.ca).toBe(result.results['ca-certificate']);
    expect(live[0]!.ca).not.toBe(oldCa);
    expect(verify(live[0]!.certificate, live[0]!.ca).ok).toBe(true);
    expect(verify(live[0]!.certificate, oldCa).ok).toBe(false);
    expect(after.filter((e) => e.revoked === true).map((e) => e.ca)).toEqual([oldCa]);
    expect(model.leaderData(PROVIDER)['ca-certificate']).toBe(live[0]!.ca);
  });

  test('backdate-minutes past the validity: renew-all issues a certificate that is already expired', async () => {
    model.config(PROVIDER, { 'backdate-minutes': 1500 });
    await settled(model);
    const renewed = await model.runAction(`${PROVIDER}/0`, 'renew-all');
    expect(renewed).toMatchObject({ status: 'completed', results: { renewed: '1' } });
    const live = issued(model, relation).filter((e) => e.revoked !== true);
    expect(live).toHaveLength(1);
    const certificate = new X509Certificate(live[0]!.certificate);
    expect(Date.parse(certificate.validTo)).toBeLessThan(Date.now());
    expect((Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / 60_000).toBe(1440);
    expect(verify(live[0]!.certificate, live[0]!.ca)).toEqual({ ok: false, output: expect.stringContaining('certificate has expired') });
  });
});

describe('tls-certificates provider test charm (intermediate CA, short validity, CA chain only)', () => {
  let model: Model;
  afterEach(async () => {
    await model.destroy();
  });

  test('an intermediate signs: ca is the intermediate, chain ends with the root; verified only through the chain', async () => {
    model = await Model.create();
    const config = { 'intermediate-ca': true, 'chain-includes-certificate': false, 'certificate-validity': 10, 'expiry-notification-hours': 2 };
    await model.deploy(tlsCertificatesProviderCharm(), { name: PROVIDER, units: 1, config });
    await model.deploy(tlsCertificatesRequirerCharm(), { name: REQUIRER, units: 1 });
    const relation = model.relate(`${PROVIDER}:certificates`, `${REQUIRER}:certificates`);
    await settled(model);

    const [entry] = issued(model, relation);
    expect(entry).toBeDefined();
    expect(entry!.chain).toHaveLength(2);
    const [intermediate, root] = entry!.chain as [string, string];
    expect(intermediate).toBe(entry!.ca);
    expect(new X509Certificate(intermediate).issuer).toBe('CN=juju-sim test CA');
    expect(new X509Certificate(intermediate).subject).toBe('CN=juju-sim test CA intermediate');
    expect(new X509Certificate(root).ca).toBe(true);
    expect(verify(entry!.certificate, root, intermediate).ok).toBe(true);
    expect(verify(entry!.certificate, root).ok).toBe(false);
    expect(entry!.recommended_expiry_notification_time).toBe(2);
    const certificate = new X509Certificate(entry!.certificate);
    expect((Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / 60_000).toBe(10);
    const ca = await model.runAction(`${PROVIDER}/0`, 'get-ca');
    expect(ca.results).toEqual({ 'ca-certificate': intermediate, 'ca-chain': `${intermediate}\n${root}` });
  });

  test('a request with ca: true gets a CA certificate (basicConstraints CA:TRUE), as the v4 library signs it', async () => {
    model = await Model.create();
    await model.deploy(tlsCertificatesProviderCharm(), { name: PROVIDER, units: 1 });
    await model.deploy(tlsCertificatesRequirerCharm(), { name: REQUIRER, units: 1 });
    const relation = model.relate(`${PROVIDER}:certificates`, `${REQUIRER}:certificates`);
    await settled(model);
    const csr = requests(model, relation, `${REQUIRER}/0`)[0]!.certificate_signing_request;
    model.config(REQUIRER, { 'raw-requests': JSON.stringify([{ certificate_signing_request: csr, ca: true }]) });
    model.config(PROVIDER, { 'ca-common-name': 'another CA' }); // a new CA: the existing entry is signed again
    await settled(model);
    const [entry] = issued(model, relation);
    expect(new X509Certificate(entry!.certificate).ca).toBe(true);
    expect(new X509Certificate(entry!.certificate).issuer).toBe('CN=another CA');
    expect(verify(entry!.certificate, entry!.ca, undefined, 'any')).toEqual({ ok: true, output: expect.stringContaining(': OK') });
    expect(verify(entry!.certificate, entry!.ca).ok).toBe(false); // a CA certificate is no TLS server certificate
  });
});

describe('tls-certificates provider test charm on real machines', () => {
  let model: Model | undefined;
  afterAll(async () => {
    await model?.destroy();
  }, 60_000);

  test('each requirer unit gets a certificate for its own namespace address (network-get), verified by openssl', async () => {
    const available = await realMachinesAvailable();
    if (!available.ok) {
      console.warn(`skipped: real machines unavailable (${available.reason})`);
      return;
    }
    model = await Model.create({ machines: 'real' });
    await model.deploy(tlsCertificatesProviderCharm(), { name: PROVIDER, units: 1 });
    await model.deploy(tlsCertificatesRequirerCharm(), { name: REQUIRER, units: 2 });
    const relation = model.relate(`${REQUIRER}:certificates`, `${PROVIDER}:certificates`);
    await settled(model);
    expect(issued(model, relation)).toHaveLength(2);
    for (const unit of [`${REQUIRER}/0`, `${REQUIRER}/1`]) {
      const address = model.relationData(relation, unit)['ingress-address'];
      expect(address).toMatch(/^198\.1[89]\./);
      const entry = entryFor(model, relation, requests(model, relation, unit)[0]!.certificate_signing_request);
      expect(new X509Certificate(entry!.certificate).subjectAltName).toBe(`DNS:${unit.replace('/', '-')}.juju-sim.test, IP Address:${address}`);
      expect(verify(entry!.certificate, entry!.ca).ok).toBe(true);
    }
    expect(statSync(model.unitPath(`${PROVIDER}/0`, '/var/lib/tls-certificates-provider/ca/root.key')).mode & 0o777).toBe(0o600);
  }, 120_000);
});
