// The tls-ca key (version 4), alone and inside a whole sink databag: valid bundles come back normalised,
// everything else is refused with a one-line reason that echoes at most a short prefix of the input.
import { checkSinkData } from '../src/schema';
import { checkTlsCa } from '../src/tls-ca';
import { MAX_TLS_CA_BYTES } from '../src/contract';
import { createTestCas, type TestCas } from './support/test-cas';

const PEM_LINE = /^(-----BEGIN CERTIFICATE-----|-----END CERTIFICATE-----|[A-Za-z0-9+/]{1,64}={0,2})$/;
const base = { port: '4141', protocol: 'avro', 'private-address': '10.0.0.7' };

// Made at load time: the it.each tables below are built from them.
const cas: TestCas = createTestCas();
afterAll(() => cas.cleanup());
const ca = cas.ca('flume test CA');
const chain = Array.from({ length: 9 }, (_, i) => cas.ca(`chain ${i}`));

function reasonOf(value: string): string {
  const check = checkTlsCa(value);
  if (check.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(check)}`);
  return check.reason;
}

/** A reason fit for a status line: one line, short, and without the bulk of the input. */
function expectSafeReason(reason: string, input: string): void {
  expect(reason).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
  expect(reason.length).toBeLessThan(200);
  const body = input.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, '');
  if (body.length > 64) expect(reason).not.toContain(body.slice(0, 64));
}

describe('checkTlsCa: valid bundles', () => {
  it('accepts one CA and returns it unchanged when already canonical', () => {
    expect(checkTlsCa(ca)).toEqual({ kind: 'valid', bundle: ca });
  });

  it('accepts 8 certificates, the contract maximum, in their order', () => {
    const bundle = chain.slice(0, 8).join('');
    expect(checkTlsCa(bundle)).toEqual({ kind: 'valid', bundle });
  });

  it('normalises CRLF line ends and whitespace between blocks to the canonical form', () => {
    const messy = `\n\n${ca.replace(/\n/g, '\r\n')}  \r\n\t${chain[0]}\n\n`;
    expect(checkTlsCa(messy)).toEqual({ kind: 'valid', bundle: `${ca}${chain[0]}` });
  });
});

describe('checkTlsCa: refused', () => {
  it('9 certificates (one more than the contract allows)', () => {
    expect(reasonOf(chain.join(''))).toBe('holds more than 8 certificates');
  });

  it('more than 32 KiB, before anything is parsed', () => {
    const huge = `${ca}${' '.repeat(MAX_TLS_CA_BYTES)}`;
    expect(reasonOf(huge)).toMatch(/^is \d+ bytes, more than the 32768 allowed$/);
  });

  it('a private key, alone or after a certificate, without echoing it', () => {
    const key = cas.privateKey();
    for (const value of [key, `${ca}${key}`]) {
      const reason = reasonOf(value);
      expect(reason).toBe('holds a PRIVATE KEY block where a certificate is expected');
      expectSafeReason(reason, value);
    }
  });

  it.each([
    ['empty after trimming', '  \n\t\n'],
    ['plain text', 'not a certificate'],
    ['a truncated certificate', ca.slice(0, ca.length / 2)],
    ['a certificate without its END line', ca.replace('-----END CERTIFICATE-----\n', '')],
    ['base64 garbage in the block', '-----BEGIN CERTIFICATE-----\nAAAAAAAAAAAAAAAA\n-----END CERTIFICATE-----\n'],
    ['a non-base64 line in the block', ca.replace(/\n([A-Za-z0-9+/]{10})/, '\n$1!')],
    ['a properties-file injection after the CA', `${ca}agent.sinks = evil\n`],
    ['a property reference', `${ca}\${env:HOME}\n`],
    ['a comment line between blocks', `${ca}# trust me\n${chain[0]}`],
    ['a NUL byte', `${ca}\u0000`],
    ['a unicode line separator in the block', ca.replace('\n', '\u2028')],
    ['a lone carriage return', ca.replace(/\n(?=[A-Za-z0-9])/, '\r')],
    ['a mismatched END label', ca.replace('-----END CERTIFICATE-----', '-----END X509 CRL-----')],
    ['a CSR', '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n'],
    ['bytes smuggled after the certificate', appendToDer(ca, Buffer.from('smuggled'))],
  ])('%s', (_what, value) => {
    expectSafeReason(reasonOf(value), value);
  });

  it('never throws on 500 seeded mutations of a valid bundle; what passes is PEM certificates only', () => {
    const random = mulberry32(Number(process.env.RELIABILITY_SEED ?? 16));
    const alphabet = 'AZaz09+/=-\n\r \t#=\\${}:.\u0000\u00e9\u2028BEGIN CERTIFICATE';
    let accepted = 0;
    for (let trial = 0; trial < 500; trial++) {
      let value = `${ca}${chain[0]}`;
      for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits--) {
        const at = Math.floor(random() * value.length);
        const insert = alphabet[Math.floor(random() * alphabet.length)] as string;
        const op = random();
        value = op < 0.4 ? value.slice(0, at) + value.slice(at + 1) : op < 0.8 ? value.slice(0, at) + insert + value.slice(at) : value.slice(0, at) + insert + value.slice(at + 1);
      }
      const check = checkTlsCa(value);
      if (check.kind === 'valid') {
        accepted += 1;
        expect(check.bundle.trimEnd().split('\n').every((line) => PEM_LINE.test(line))).toBe(true);
      } else {
        expectSafeReason(check.reason, value);
      }
    }
    // Whitespace edits between lines stay valid; most edits break the base64 or the DER.
    expect(accepted).toBeLessThan(500);
  });
});

describe('tls-ca inside a sink databag', () => {
  it('a valid bundle becomes the sink\'s normalised tlsCa', () => {
    expect(checkSinkData({ ...base, 'tls-ca': ca.replace(/\n/g, '\r\n') })).toEqual({
      kind: 'valid',
      sink: { host: '10.0.0.7', port: 4141, protocol: 'avro', compression: 'none', tlsCa: ca },
    });
  });

  it('absent or "" is plaintext', () => {
    expect(checkSinkData({ ...base, 'tls-ca': '' })).toEqual({ kind: 'valid', sink: { host: '10.0.0.7', port: 4141, protocol: 'avro', compression: 'none' } });
  });

  it('an invalid bundle makes the whole unit invalid (never plaintext), with the key named', () => {
    expect(checkSinkData({ ...base, 'tls-ca': chain.join('') })).toEqual({ kind: 'invalid', reason: 'tls-ca: holds more than 8 certificates' });
  });

  it('the other keys keep their one-line rules: a multi-line value there is still refused', () => {
    expect(checkSinkData({ ...base, protocol: ca, 'tls-ca': ca })).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/^protocol: /) });
  });
});

/** A copy of `pem` whose DER has `extra` bytes appended (OpenSSL would stop at the end of the certificate). */
function appendToDer(pem: string, extra: Buffer): string {
  const der = Buffer.concat([Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'), extra]);
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
