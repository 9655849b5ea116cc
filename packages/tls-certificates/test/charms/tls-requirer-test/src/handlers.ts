// A tiny requirer charm for the tests: one key per unit, one CSR, and a status that says what the provider
// answered. The key lives in the charm directory (a real charm keeps it under /etc/<app>/tls, root-only).
import { join } from 'node:path';
import { clearFlag, hookContext, registerEndpoint, setFlag, setStatus, unitState, when, whenNot } from '@flume-charms/reactive';
import { TlsCertificatesRequires } from '../../../../src/requires';

registerEndpoint('certificates', TlsCertificatesRequires, { role: 'requires', interface: 'tls-certificates' });

const keyPath = (): string => join(hookContext().charmDir, 'tls', 'unit.key');

when('certificates.connected')
  .whenNot('test.requested')
  .do(async function requestCertificate(certificates: TlsCertificatesRequires) {
    const { createCsr, ensurePrivateKey } = await import('../../../../src');
    await ensurePrivateKey(keyPath());
    const name = hookContext().unitName.replace('/', '-');
    await certificates.requestCertificate(await createCsr(keyPath(), { commonName: name, sanDns: [`${name}.test`] }));
    setFlag('test.requested');
  });

// Renewal: a new CSR for the same key when the current certificate is due.
when('certificates.available', 'test.requested').do(async function renewWhenDue(certificates: TlsCertificatesRequires) {
  if (certificates.renewalDue()) clearFlag('test.requested');
});

when('certificates.certificate.changed').do(function recordCertificate(certificates: TlsCertificatesRequires) {
  const assigned = certificates.assignedCertificate();
  const served = (unitState.kv.get<string[]>('test.served') ?? []).slice(-9);
  unitState.kv.set('test.served', [...served, assigned.kind === 'assigned' ? assigned.fingerprint256 : 'none']);
  clearFlag('certificates.certificate.changed');
});

whenNot('certificates.connected').do(async function missingProvider() {
  await setStatus('blocked', 'Missing a certificates relation');
});

when('certificates.connected').do(async function showAnswer(certificates: TlsCertificatesRequires) {
  const assigned = certificates.assignedCertificate();
  if (assigned.kind === 'none') await setStatus('waiting', `Waiting for a certificate from ${certificates.providers().join(', ')}`);
  else if (assigned.kind === 'invalid') await setStatus('blocked', `Invalid certificate from ${assigned.provider ?? '?'}: ${assigned.reason}`);
  else if (assigned.revoked) await setStatus('blocked', `Certificate ${assigned.fingerprint256.slice(0, 8)} revoked`);
  else await setStatus('active', `Certificate ${assigned.fingerprint256.slice(0, 8)} until ${assigned.notAfter.toISOString()}`);
});
