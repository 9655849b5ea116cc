// The provider's certificate authority, with the `openssl` of the machine: a root CA (optionally an intermediate
// under it that does the signing), and the signing of CSRs. Keys stay in the state directory, owner-only.
'use strict';
const { spawnSync } = require('node:child_process');
const { generateKeyPairSync, randomBytes } = require('node:crypto');
const fs = require('node:fs');
const { isIP } = require('node:net');
const os = require('node:os');
const path = require('node:path');

// What a CN may hold here: it reaches an openssl config file, so nothing that file format would interpret.
const COMMON_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._:@()-]{0,63}$/;
const DNS_NAME = /^(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\.?$/;
const OID = /^[0-2](\.(0|[1-9][0-9]{0,9})){1,30}$/;
const MAX_CSR_BYTES = 16 * 1024;

class SigningError extends Error {}

/** Runs openssl; stdout, or a SigningError with the end of stderr. `onStderr` sees stderr of a run that succeeded. */
function openssl(args, input, onStderr) {
  const run = spawnSync('openssl', args, { encoding: 'utf8', input: input ?? '' });
  const stderr = String(run.stderr || (run.error && run.error.message) || '').trim();
  if (run.status !== 0) throw new SigningError(`openssl ${args[0]}: ${stderr.split('\n').slice(-2).join(' | ').slice(0, 300)}`);
  if (onStderr) onStderr(stderr);
  return run.stdout;
}

function writeAtomically(file, text, mode) {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text, { mode });
  fs.chmodSync(temp, mode); // the umask must not widen or narrow it
  fs.renameSync(temp, file);
}

/** openssl's date format for -startdate/-enddate: YYYYMMDDHHMMSSZ, UTC. */
function opensslDate(date) {
  return date.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function withScratch(fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-provider-'));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function newKey(file) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  writeAtomically(file, privateKey, 0o600);
}

/** Trailing newline removed, as the v4 library's str(Certificate) gives it. */
function pem(text) {
  return text.trim();
}

function caConfig(commonName) {
  return [
    '[req]', 'prompt = no', 'distinguished_name = dn', 'x509_extensions = root', '',
    '[dn]', `CN = ${commonName}`, '',
    '[root]', 'basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign,digitalSignature', 'subjectKeyIdentifier = hash', '',
  ].join('\n');
}

/** `openssl ca` with a throwaway database: the CSR's subject as it is, the given extensions, a random serial. */
function signWith(issuer, csrPem, extensions, notBefore, notAfter) {
  return withScratch((dir) => {
    fs.writeFileSync(path.join(dir, 'index.txt'), '');
    fs.writeFileSync(path.join(dir, 'serial'), `${randomBytes(16).toString('hex')}\n`); // a new serial every time
    fs.writeFileSync(path.join(dir, 'request.pem'), csrPem);
    fs.writeFileSync(
      path.join(dir, 'ca.cnf'),
      [
        '[ca]', 'default_ca = signer', '',
        '[signer]', `database = ${dir}/index.txt`, `new_certs_dir = ${dir}`, `serial = ${dir}/serial`, `certificate = ${issuer.certificateFile}`,
        `private_key = ${issuer.keyFile}`, 'default_md = sha256', 'policy = anything', 'unique_subject = no', 'copy_extensions = none',
        'email_in_dn = yes', '',
        '[anything]', '', // every subject field kept as the CSR has it (-preserveDN)
        '[leaf]', ...extensions, '',
      ].join('\n'),
    );
    openssl(['ca', '-batch', '-notext', '-preserveDN', '-config', path.join(dir, 'ca.cnf'), '-extensions', 'leaf',
      '-startdate', opensslDate(notBefore), '-enddate', opensslDate(notAfter), '-in', path.join(dir, 'request.pem'), '-out', path.join(dir, 'cert.pem')]);
    return pem(fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'));
  });
}

/**
 * Reads a CSR: checks its self-signature and returns its SANs in openssl's config syntax (DNS, IP, RID).
 * Anything else (unparsable, bad signature, other SAN types, oversized) is a SigningError with a one-line reason.
 */
function inspectRequest(csrPem) {
  if (typeof csrPem !== 'string' || csrPem.length === 0) throw new SigningError('empty CSR');
  if (csrPem.length > MAX_CSR_BYTES) throw new SigningError(`CSR of ${csrPem.length} bytes (at most ${MAX_CSR_BYTES})`);
  if (!/^\s*-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE REQUEST-----\s*$/.test(csrPem)) {
    throw new SigningError('not one PEM CERTIFICATE REQUEST block');
  }
  // OpenSSL 3.0 exits 0 when the self-signature does not verify: only its message tells.
  const text = openssl(['req', '-noout', '-text', '-verify'], csrPem, (stderr) => {
    if (!/verify OK/.test(stderr)) throw new SigningError(`openssl req: the CSR's self-signature does not verify`);
  });
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() === 'X509v3 Subject Alternative Name:' || l.trim().startsWith('X509v3 Subject Alternative Name:'));
  const sans = [];
  if (at >= 0) {
    for (const entry of (lines[at + 1] || '').trim().split(', ')) {
      const [kind, ...rest] = entry.split(':');
      const value = rest.join(':');
      if (kind === 'DNS' && DNS_NAME.test(value)) sans.push(`DNS:${value}`);
      else if (kind === 'IP Address' && isIP(value)) sans.push(`IP:${value}`);
      else if (kind === 'Registered ID' && OID.test(value)) sans.push(`RID:${value}`);
      else throw new SigningError(`unsupported subject alternative name ${JSON.stringify(entry.slice(0, 40))}`);
    }
  }
  return { sans };
}

class CertificateAuthority {
  /** `dir`: where the keys and certificates live (created 0700). */
  constructor(dir) {
    this.dir = dir;
  }

  static validCommonName(name) {
    return typeof name === 'string' && COMMON_NAME.test(name);
  }

  file(name) {
    return path.join(this.dir, name);
  }

  /** What the stored CA was made from, or undefined when there is none yet. */
  stored() {
    try {
      return JSON.parse(fs.readFileSync(this.file('ca.json'), 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** The CA that signs: { certificate, chain (signer first, root last), commonName, intermediate }. */
  current() {
    const meta = this.stored();
    if (!meta) return undefined;
    const root = pem(fs.readFileSync(this.file('root.pem'), 'utf8'));
    if (!meta.intermediate) return { ...meta, certificate: root, caChain: [root] };
    const intermediate = pem(fs.readFileSync(this.file('intermediate.pem'), 'utf8'));
    return { ...meta, certificate: intermediate, caChain: [intermediate, root] };
  }

  /** Makes a new root (and intermediate) CA, replacing any previous one. */
  create({ commonName, validityDays, intermediate }) {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(this.dir, 0o700);
    newKey(this.file('root.key'));
    withScratch((dir) => {
      fs.writeFileSync(path.join(dir, 'root.cnf'), caConfig(commonName));
      const root = openssl(['req', '-x509', '-new', '-sha256', '-key', this.file('root.key'), '-config', path.join(dir, 'root.cnf'),
        '-set_serial', `0x${randomBytes(16).toString('hex')}`, '-days', String(validityDays)]);
      writeAtomically(this.file('root.pem'), root, 0o644);
    });
    if (intermediate) {
      newKey(this.file('intermediate.key'));
      const csr = withScratch((dir) => {
        fs.writeFileSync(path.join(dir, 'int.cnf'), ['[req]', 'prompt = no', 'distinguished_name = dn', '', '[dn]', `CN = ${commonName} intermediate`, ''].join('\n'));
        return openssl(['req', '-new', '-sha256', '-key', this.file('intermediate.key'), '-config', path.join(dir, 'int.cnf')]);
      });
      const now = new Date();
      const certificate = signWith(
        { certificateFile: this.file('root.pem'), keyFile: this.file('root.key') },
        csr,
        ['basicConstraints = critical,CA:TRUE,pathlen:0', 'keyUsage = critical,keyCertSign,cRLSign,digitalSignature', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid:always'],
        now,
        new Date(now.getTime() + validityDays * 86_400_000),
      );
      writeAtomically(this.file('intermediate.pem'), `${certificate}\n`, 0o644);
    } else {
      fs.rmSync(this.file('intermediate.pem'), { force: true });
      fs.rmSync(this.file('intermediate.key'), { force: true });
    }
    writeAtomically(this.file('ca.json'), JSON.stringify({ commonName, intermediate: Boolean(intermediate), createdAt: new Date().toISOString() }), 0o644);
  }

  /**
   * Signs a CSR: its subject and SANs, serverAuth + clientAuth, valid for `validityMinutes` from `backdateMinutes`
   * ago (so a test can get a certificate due for renewal, or already expired), a new random serial every time. `isCa` (the request's `ca: true`) makes a CA certificate instead, as the v4 library does.
   */
  sign(csrPem, { validityMinutes, backdateMinutes = 0, isCa }) {
    const { sans } = inspectRequest(csrPem);
    const signer = this.current();
    if (!signer) throw new SigningError('no CA yet');
    const keyFile = signer.intermediate ? this.file('intermediate.key') : this.file('root.key');
    const certificateFile = signer.intermediate ? this.file('intermediate.pem') : this.file('root.pem');
    const extensions = isCa
      ? ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign']
      : ['basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,keyEncipherment', 'extendedKeyUsage = serverAuth,clientAuth'];
    extensions.push('subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid:always');
    if (sans.length > 0) extensions.push(`subjectAltName = ${sans.join(',')}`);
    const notBefore = new Date(Date.now() - backdateMinutes * 60_000);
    const certificate = signWith({ certificateFile, keyFile }, csrPem, extensions, notBefore, new Date(notBefore.getTime() + validityMinutes * 60_000));
    return { certificate, ca: signer.certificate, caChain: signer.caChain };
  }
}

module.exports = { CertificateAuthority, SigningError, inspectRequest };
