import { checkCertificateBundle, type BundleCheck } from '../src/pem';
import { createTestPki, type Issued, type TestPki } from './support/pki';

let pki: TestPki;
let ca: Issued;
let leaf: Issued;

beforeAll(() => {
  pki = createTestPki();
  ca = pki.makeCa('Test CA');
  leaf = pki.makeLeaf('flume-hdfs-0', ca);
});
afterAll(() => pki.cleanup());

function reasonOf(check: BundleCheck): string {
  if (check.kind !== 'invalid') throw new Error('expected invalid, got valid');
  return check.reason;
}

describe('checkCertificateBundle', () => {
  it('accepts one certificate and returns it as canonical PEM', () => {
    const check = checkCertificateBundle(ca.certificate);
    expect(check).toEqual({ kind: 'valid', certificates: [ca.certificate], bundle: ca.certificate });
  });

  it('keeps the order of a chain and joins it into one bundle', () => {
    const check = checkCertificateBundle(`${leaf.certificate}\n\n${ca.certificate}`);
    if (check.kind !== 'valid') throw new Error(check.reason);
    expect(check.certificates).toEqual([leaf.certificate, ca.certificate]);
    expect(check.bundle).toBe(leaf.certificate + ca.certificate);
  });

  it('normalises CRLF line ends and surrounding whitespace', () => {
    const check = checkCertificateBundle(`  \r\n${ca.certificate.replace(/\n/g, '\r\n')}\r\n\t\r\n`);
    if (check.kind !== 'valid') throw new Error(check.reason);
    expect(check.bundle).toBe(ca.certificate);
    expect(check.bundle).not.toContain('\r');
  });

  it('re-wraps base64 lines of another width into 64 columns', () => {
    const [begin, ...rest] = ca.certificate.trim().split('\n');
    const end = rest.pop();
    const oneLineBody = `${begin}\n${rest.join('')}\n${end}\n`;
    const check = checkCertificateBundle(oneLineBody);
    expect(check).toEqual({ kind: 'valid', certificates: [ca.certificate], bundle: ca.certificate });
  });

  it('accepts 8 certificates and refuses 9', () => {
    expect(checkCertificateBundle(ca.certificate.repeat(8)).kind).toBe('valid');
    expect(reasonOf(checkCertificateBundle(ca.certificate.repeat(9)))).toBe('holds more than 8 certificates');
  });

  it('refuses more than 32 KiB before parsing anything', () => {
    const padded = ca.certificate + ' '.repeat(33 * 1024);
    expect(reasonOf(checkCertificateBundle(padded))).toMatch(/^is \d+ bytes, more than the 32768 allowed$/);
  });

  it('applies the caller limits', () => {
    expect(reasonOf(checkCertificateBundle(ca.certificate + leaf.certificate, { maxCertificates: 1 }))).toBe('holds more than 1 certificates');
    expect(checkCertificateBundle(ca.certificate, { maxBytes: 100 }).kind).toBe('invalid');
  });

  it('refuses a private key where a certificate is expected, without echoing it', () => {
    const reason = reasonOf(checkCertificateBundle(leaf.key));
    expect(reason).toBe('holds a PRIVATE KEY block where a certificate is expected');
    const mixed = reasonOf(checkCertificateBundle(ca.certificate + leaf.key));
    expect(mixed).toContain('PRIVATE KEY block');
    expect(mixed).not.toContain(leaf.key.split('\n')[1]?.slice(0, 20));
  });

  it.each([
    ['trailing text', () => `${ca.certificate}and then some text`, /^has text outside the PEM blocks: "and then some text"$/],
    ['leading text', () => `subject=CN = Test CA\n${ca.certificate}`, /^has text outside the PEM blocks: "subject=CN = Test CA"$/],
    ['text between blocks', () => `${ca.certificate}# comment\n${leaf.certificate}`, /text outside the PEM blocks: "# comment"/],
    ['an empty text', () => '', /^holds no certificate$/],
    ['whitespace only', () => ' \n\t\n', /^holds no certificate$/],
    ['a missing END line', () => ca.certificate.replace('-----END CERTIFICATE-----\n', ''), /^certificate 1 has no END CERTIFICATE line$/],
    ['a mismatched END label', () => ca.certificate.replace('END CERTIFICATE', 'END X509 CRL'), /^certificate 1 ends with an END X509 CRL line$/],
    ['a PEM header line', () => ca.certificate.replace('-----\n', '-----\nProc-Type: 4,ENCRYPTED\n'), /line that is not base64: "Proc-Type: 4,ENCRYPTED"/],
    ['an empty line inside a block', () => ca.certificate.replace('-----\n', '-----\n\n'), /line that is not base64: ""/],
    ['a lone carriage return', () => ca.certificate.replace('\n', '\r'), /^contains a carriage return that does not end a line$/],
    ['PEM garbage (valid base64, not DER)', () => `-----BEGIN CERTIFICATE-----\n${Buffer.from('garbage'.repeat(20)).toString('base64')}\n-----END CERTIFICATE-----\n`, /^certificate 1 does not parse as X\.509: /],
    ['broken base64 padding', () => '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n', /^certificate 1 is not valid base64$/],
    ['an empty block', () => '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', /^certificate 1 is not valid base64$/],
    ['a certificate request', () => '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n', /^holds a CERTIFICATE REQUEST block where/],
    ['a truncated second certificate', () => ca.certificate + ca.certificate.split('\n').filter((_, i) => i !== 3).join('\n'), /^certificate 2 does not parse as X\.509/],
  ])('refuses %s with a one-line reason', (_name, make, expected) => {
    const reason = reasonOf(checkCertificateBundle(make()));
    expect(reason).toMatch(expected);
    expect(reason).not.toMatch(/[\r\n]/);
  });

  it('refuses bytes smuggled after the certificate inside a block', () => {
    const der = Buffer.from(ca.certificate.split('\n').slice(1, -2).join(''), 'base64');
    const smuggled = Buffer.concat([der, Buffer.from('extra')]).toString('base64').replace(/(.{64})/g, '$1\n');
    const reason = reasonOf(checkCertificateBundle(`-----BEGIN CERTIFICATE-----\n${smuggled}\n-----END CERTIFICATE-----\n`));
    expect(reason).toBe('certificate 1 has 5 bytes after the certificate');
  });

  it('quotes at most a short prefix of hostile input, escaped onto one line', () => {
    const hostile = `x\u2028${'x'.repeat(500)}\n`;
    const reason = reasonOf(checkCertificateBundle(hostile));
    expect(reason.length).toBeLessThan(80);
    expect(reason).toContain('\\u2028');
    expect(reason).not.toContain('\u2028');
  });

  it('answers invalid for a value that is not a string', () => {
    expect(reasonOf(checkCertificateBundle(42 as unknown as string))).toBe('is a number, not a PEM text');
    expect(reasonOf(checkCertificateBundle(null as unknown as string))).toBe('is a null, not a PEM text');
  });
});
