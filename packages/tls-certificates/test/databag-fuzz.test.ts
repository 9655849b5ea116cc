// Fuzz of what a provider (or, for the provider side, a requirer) may put in its databag: bad JSON, huge
// lists and values, PEM garbage, injection strings and wrong types, seeded and reproducible
// (TLS_FUZZ_SEED, TLS_FUZZ_CASES). Every case must come out as 'none', 'invalid' with a one-line reason that
// echoes no more than a short prefix of the input, or 'assigned' to a certificate that really is for this
// unit's key and signed by the bundle it came with. Nothing may throw.
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INJECTIONS } from '../../../tests/reliability/support/hostile';
import { createPrng, intFromEnv, type Prng } from '../../../tests/support/prng';
import { assignmentFor, type Assignment } from '../src/assignment';
import { certificateMatchesKey, verifiesAgainst } from '../src/certificate';
import { LIMITS, providerAppData, requirerData, type ProviderCertificate } from '../src/contract';
import { createCsr } from '../src/csr';
import { ensurePrivateKey } from '../src/private-key';
import { checkProviderAppData, checkRequirerData } from '../src/schema';
import { createTestPki, type Issued, type TestPki } from './support/pki';
import { readFileSync } from 'node:fs';

const SEED = intFromEnv('TLS_FUZZ_SEED', 1616);
const CASES = intFromEnv('TLS_FUZZ_CASES', 600);

let pki: TestPki;
let ca: Issued;
let otherCa: Issued;
let dir: string;
let key: string;
let csr: string;
let valid: ProviderCertificate;
let someoneElse: Issued;

beforeAll(async () => {
  pki = createTestPki();
  ca = pki.makeCa('Fuzz CA');
  otherCa = pki.makeCa('Other CA');
  someoneElse = pki.makeLeaf('someone-else', ca);
  dir = mkdtempSync(join(tmpdir(), 'tls-fuzz-'));
  await ensurePrivateKey(join(dir, 'unit.key'));
  key = readFileSync(join(dir, 'unit.key'), 'utf8');
  csr = (await createCsr(join(dir, 'unit.key'), { commonName: 'flume-hdfs-0', sanIps: ['198.18.0.5'] })).trim();
  const certificate = pki.signCsr(`${csr}\n`, ca);
  valid = { csr, certificate, ca: ca.certificate, chain: [ca.certificate, certificate] };
});
afterAll(() => {
  pki.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const WRONG_TYPES: readonly unknown[] = [null, 0, -1, 1.5, true, false, [], ['x'], {}, { a: 1 }, 'x'];

/** A PEM value gone wrong in one of the ways a provider (or an attacker in its place) could send. */
function pemGarbage(prng: Prng, good: string): unknown {
  const lines = good.trim().split('\n');
  switch (prng.int(0, 13)) {
    case 0: return `-----BEGIN CERTIFICATE-----\n${prng.string(prng.pick([4, 64, 800]), BASE64)}\n-----END CERTIFICATE-----`;
    case 1: return lines.filter((_, i) => i !== prng.int(1, lines.length - 2)).join('\n'); // a line lost
    case 2: return `${good}${prng.pick(INJECTIONS)}`;
    case 3: return `${prng.pick(INJECTIONS)}${good}`;
    case 4: { const at = prng.int(1, lines.length - 2); return [...lines.slice(0, at), prng.pick(INJECTIONS), ...lines.slice(at)].join('\n'); }
    case 5: return key; // the private key, where a certificate is expected
    case 6: return csr;
    case 7: return good + good; // two certificates in one value
    case 8: return good.replace(/\n/g, '\r\n'); // CRLF: fine
    case 9: return good.replace(/\n/g, '\r');
    case 10: return good.repeat(Math.ceil((LIMITS.pemBytes + 10) / good.length));
    case 11: return prng.pick(WRONG_TYPES);
    case 12: return someoneElse.certificate;
    default: return otherCa.certificate;
  }
}

/** One entry for our CSR with one or more fields damaged. */
function damagedEntry(prng: Prng): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    ca: valid.ca,
    chain: [...valid.chain],
    certificate_signing_request: valid.csr,
    certificate: valid.certificate,
  };
  for (let i = prng.int(1, 2); i > 0; i -= 1) {
    switch (prng.int(0, 9)) {
      case 0: entry.certificate = pemGarbage(prng, valid.certificate); break;
      case 1: entry.ca = pemGarbage(prng, valid.ca); break;
      case 2: entry.chain = [pemGarbage(prng, valid.ca), valid.certificate]; break;
      case 3: entry.chain = Array.from({ length: prng.pick([9, 50, 1000]) }, () => valid.ca); break;
      case 4: entry.chain = prng.pick(WRONG_TYPES); break;
      case 5: entry.recommended_expiry_notification_time = prng.pick([1.5, -1e9, 1e300, '24', Number.NaN, null, 24, -24, true]); break;
      case 6: entry.revoked = prng.pick(['true', 1, 0, null, [], true, false]); break;
      case 7: entry.certificate_signing_request = `${valid.csr}\n`; break; // still ours
      case 8: delete entry[prng.pick(['ca', 'certificate', 'chain', 'certificate_signing_request'])]; break;
      default: entry[prng.pick(['__proto__', 'constructor', 'extra'])] = prng.pick(INJECTIONS); break;
    }
  }
  return entry;
}

/** A whole `certificates` value. */
function hostileCertificates(prng: Prng): unknown {
  const json = (value: unknown): string => JSON.stringify(value);
  switch (prng.int(0, 9)) {
    case 0: return json([damagedEntry(prng)]);
    case 1: return json([damagedEntry(prng)]);
    case 2: return json([damagedEntry(prng)]).slice(0, prng.int(0, 200)); // truncated JSON
    case 3: return prng.pick(INJECTIONS) + prng.string(prng.int(0, 40), BASE64);
    case 4: return json(prng.pick(WRONG_TYPES));
    case 5: return json(Array.from({ length: LIMITS.certificatesEntries + 1 }, () => ({ ca: 'x', certificate_signing_request: 'x', certificate: 'x' })));
    case 6: return `[${'['.repeat(prng.pick([10, 5000]))}`; // deep nesting
    case 7: return 'x'.repeat(LIMITS.certificatesBytes + 1);
    case 8: return json([{ ...damagedEntry(prng), certificate_signing_request: 'someone else' }, valid]); // ours is the second
    default: return prng.pick(WRONG_TYPES);
  }
}

const reasonIsSafe = (reason: string, input: string): void => {
  expect(reason).not.toMatch(/[\r\n\u0085\u2028\u2029\u0000]/);
  expect(reason.length).toBeLessThanOrEqual(300);
  // No run of the input longer than a quoted prefix: 40 characters of any base64 line must not appear.
  const echoed = input.split(/\\n|\n/).find((line) => line.length >= 40 && reason.includes(line.slice(0, 40)));
  expect(echoed).toBeUndefined();
};

function judge(assignment: Assignment, input: string): 'none' | 'invalid' | 'assigned' {
  if (assignment.kind === 'invalid') reasonIsSafe(assignment.reason, input);
  if (assignment.kind === 'assigned') {
    expect(certificateMatchesKey(assignment.certificate, key)).toBe(true);
    expect(verifiesAgainst(assignment.certificate, assignment.caBundle)).toBe(true);
    expect(assignment.caBundle).not.toContain(assignment.certificate);
  }
  return assignment.kind;
}

describe(`provider app databag fuzz (seed ${SEED}, ${CASES} cases)`, () => {
  it('answers none, invalid with a safe one-line reason, or a certificate that really is ours; never throws', () => {
    const prng = createPrng(SEED);
    const outcomes = { none: 0, invalid: 0, assigned: 0 };
    for (let i = 0; i < CASES; i += 1) {
      const value = hostileCertificates(prng.fork(`case ${i}`));
      const bag = { certificates: value } as Record<string, unknown>;
      let kind: keyof typeof outcomes;
      try {
        kind = judge(assignmentFor(csr, checkProviderAppData(bag)), typeof value === 'string' ? value : JSON.stringify(value) ?? '');
      } catch (error) {
        throw new Error(`case ${i} (seed ${SEED}): ${String(error)}`);
      }
      outcomes[kind] += 1;
    }
    if (process.env.TLS_FUZZ_REPORT) process.stdout.write(`outcomes ${JSON.stringify(outcomes)}\n`);
    // The generator must reach every outcome, or it tests less than it claims.
    expect(outcomes.invalid).toBeGreaterThan(CASES / 2);
    expect(outcomes.assigned).toBeGreaterThan(0);
    expect(outcomes.none).toBeGreaterThan(0);
  });

  it('takes the valid answer itself, and CRLF line ends', () => {
    expect(assignmentFor(csr, checkProviderAppData(providerAppData([valid]))).kind).toBe('assigned');
    const crlf = { ...valid, certificate: valid.certificate.replace(/\n/g, '\r\n'), ca: valid.ca.replace(/\n/g, '\r\n') };
    expect(assignmentFor(csr, checkProviderAppData(providerAppData([crlf]))).kind).toBe('assigned');
  });

  it.each([
    ['a private key as the certificate', { certificate: 'KEY' }, /^certificate: holds a PRIVATE KEY block where a certificate is expected$/],
    ['another unit\'s certificate', { certificate: 'OTHER' }, /^certificate: is for another key than this unit's request$/],
    ['a chain of 9', { chain: 'NINE' }, /^certificates\[0\]\.chain: holds more than 8 certificates$/],
    ['a chain that is a string', { chain: 'STRING' }, /^certificates\[0\]\.chain: is not a list( \(and 1 more\))?$/],
    ['revoked as a string', { revoked: 'true' }, /^certificates\[0\]\.revoked: is not a boolean$/],
    ['a float notification time', { recommended_expiry_notification_time: 1.5 }, /^certificates\[0\]\.recommended_expiry_notification_time: is not an integer$/],
  ])('names the problem of %s', (_name, change, reason) => {
    const entry: Record<string, unknown> = { ca: valid.ca, chain: valid.chain, certificate_signing_request: valid.csr, certificate: valid.certificate, ...change };
    if (entry.certificate === 'KEY') entry.certificate = key;
    if (entry.certificate === 'OTHER') entry.certificate = someoneElse.certificate;
    if (entry.chain === 'NINE') entry.chain = Array.from({ length: 9 }, () => valid.ca);
    if (entry.chain === 'STRING') entry.chain = valid.ca;
    const assignment = assignmentFor(csr, checkProviderAppData({ certificates: JSON.stringify([entry]) }));
    expect(assignment).toEqual({ kind: 'invalid', reason: expect.stringMatching(reason) });
  });

  it('refuses huge values and lists before parsing them', () => {
    expect(checkProviderAppData({ certificates: 'x'.repeat(LIMITS.certificatesBytes + 1) })).toEqual({ kind: 'invalid', reason: `certificates: is ${LIMITS.certificatesBytes + 1} bytes, more than ${LIMITS.certificatesBytes}` });
    const many = JSON.stringify(Array.from({ length: LIMITS.certificatesEntries + 1 }, () => ({ ca: 'x', certificate_signing_request: 'x', certificate: 'x' })));
    expect(checkProviderAppData({ certificates: many })).toEqual({ kind: 'invalid', reason: `certificates: holds more than ${LIMITS.certificatesEntries} certificates` });
    expect(checkProviderAppData({ certificates: '{"a":' })).toEqual({ kind: 'invalid', reason: 'certificates: is not JSON: "{\\"a\\":"' });
  });
});

describe(`requirer databag fuzz (seed ${SEED}, ${CASES} cases)`, () => {
  it('parses the requests of a well-behaved requirer, in the v4 format', () => {
    expect(checkRequirerData(requirerData([{ csr, ca: false }]))).toEqual({ kind: 'valid', requests: [{ csr, ca: false }] });
    expect(checkRequirerData({ certificate_signing_requests: JSON.stringify([{ certificate_signing_request: csr, ca: null }]) })).toEqual({ kind: 'valid', requests: [{ csr, ca: false }] });
    expect(checkRequirerData({})).toEqual({ kind: 'absent' });
  });

  it('answers valid or invalid with a safe one-line reason, never throws', () => {
    const prng = createPrng(SEED + 1);
    let invalid = 0;
    for (let i = 0; i < CASES; i += 1) {
      const p = prng.fork(`request ${i}`);
      const request: Record<string, unknown> = { certificate_signing_request: p.chance(0.6) ? pemGarbage(p, csr) : csr, ca: p.pick([true, false, null, 'false', 0]) };
      const value = p.chance(0.2) ? hostileCertificates(p) : JSON.stringify(p.chance(0.1) ? Array.from({ length: LIMITS.requests + 1 }, () => request) : [request]);
      const check = checkRequirerData({ certificate_signing_requests: value });
      if (check.kind === 'invalid') {
        invalid += 1;
        reasonIsSafe(check.reason, typeof value === 'string' ? value : '');
      }
      if (check.kind === 'valid') for (const r of check.requests) expect(r.csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE REQUEST-----$/);
    }
    expect(invalid).toBeGreaterThan(CASES / 3);
  });
});

// The parsed key of our CSR is what the oracle compares with: make sure the fixture is what it claims.
test('the fixture CSR is for the unit key', () => {
  expect(createPublicKey(key).export({ type: 'spki', format: 'der' }).length).toBeGreaterThan(200);
});
