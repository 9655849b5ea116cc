import { execFileSync } from 'node:child_process';
import { certificateMatchesKey, inspectCertificate, verifiesAgainst } from '../src/certificate';
import { InvalidCertificateError } from '../src/errors';
import { createTestPki, type Issued, type TestPki } from './support/pki';

let pki: TestPki;
let ca: Issued;
let otherCa: Issued;
let impostorCa: Issued;
let leaf: Issued;

beforeAll(() => {
  pki = createTestPki();
  ca = pki.makeCa('Test CA');
  otherCa = pki.makeCa('Other CA');
  impostorCa = pki.makeCa('Test CA'); // same name as `ca`, another key
  leaf = pki.makeLeaf('flume-hdfs-0', ca, { days: 10, sans: 'DNS:flume-hdfs-0,DNS:juju-1.lxd,IP:198.18.0.5,IP:fd00:0:0:0:0:0:0:1' });
});
afterAll(() => pki.cleanup());

const opensslSays = (pem: string, ...args: string[]): string => execFileSync('openssl', ['x509', '-noout', ...args], { input: pem }).toString().trim();

describe('inspectCertificate', () => {
  it('reads subject, issuer, SANs, validity and fingerprint as openssl does', () => {
    const facts = inspectCertificate(leaf.certificate);
    expect(facts.subject).toBe('CN=flume-hdfs-0');
    expect(facts.issuer).toBe('CN=Test CA');
    expect(facts.sanDns).toEqual(['flume-hdfs-0', 'juju-1.lxd']);
    expect(facts.sanIps).toEqual(['198.18.0.5', 'fd00::1']);
    expect(facts.isCa).toBe(false);
    expect(`sha256 Fingerprint=${facts.fingerprint256}`).toBe(opensslSays(leaf.certificate, '-fingerprint', '-sha256'));
    expect(facts.notAfter.getTime()).toBe(new Date(opensslSays(leaf.certificate, '-enddate').replace('notAfter=', '')).getTime());
    expect(facts.notAfter.getTime() - facts.notBefore.getTime()).toBe(10 * 24 * 3600 * 1000);
  });

  it('tells a CA', () => {
    expect(inspectCertificate(ca.certificate).isCa).toBe(true);
    expect(inspectCertificate(ca.certificate).sanIps).toEqual([]);
  });

  it('throws InvalidCertificateError with the reason for anything but exactly one certificate', () => {
    expect(() => inspectCertificate(leaf.key)).toThrow(InvalidCertificateError);
    expect(() => inspectCertificate(leaf.certificate + ca.certificate)).toThrow('invalid certificate: holds more than 1 certificates');
    expect(() => inspectCertificate('garbage')).toThrow('invalid certificate: has text outside the PEM blocks: "garbage"');
  });
});

describe('certificateMatchesKey', () => {
  it('is true for the key the certificate was issued for', () => {
    expect(certificateMatchesKey(leaf.certificate, leaf.key)).toBe(true);
  });

  it('is false for another key, a public key or garbage, and never throws', () => {
    expect(certificateMatchesKey(leaf.certificate, ca.key)).toBe(false);
    expect(certificateMatchesKey(leaf.certificate, 'not a key')).toBe(false);
    expect(certificateMatchesKey('not a certificate', leaf.key)).toBe(false);
  });
});

describe('verifiesAgainst', () => {
  it('is true against the CA that signed it, alone or in a bundle with others', () => {
    expect(verifiesAgainst(leaf.certificate, ca.certificate)).toBe(true);
    expect(verifiesAgainst(leaf.certificate, otherCa.certificate + ca.certificate)).toBe(true);
  });

  it('is false against another CA, and against a CA that only has the same name', () => {
    expect(verifiesAgainst(leaf.certificate, otherCa.certificate)).toBe(false);
    expect(verifiesAgainst(leaf.certificate, impostorCa.certificate)).toBe(false);
  });

  it('follows an intermediate that is in the bundle', () => {
    const intermediate = pki.makeLeaf('Intermediate CA', ca, { ca: true });
    const deep = pki.makeLeaf('deep', intermediate);
    expect(verifiesAgainst(deep.certificate, intermediate.certificate + ca.certificate)).toBe(true);
    expect(verifiesAgainst(deep.certificate, ca.certificate)).toBe(false);
  });

  it('is false for garbage on either side', () => {
    expect(verifiesAgainst('garbage', ca.certificate)).toBe(false);
    expect(verifiesAgainst(leaf.certificate, 'garbage')).toBe(false);
    expect(verifiesAgainst(leaf.certificate, leaf.key)).toBe(false);
  });
});
