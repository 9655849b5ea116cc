// The simulator's tls-certificates test charms against the databag contract of @flume-charms/tls-certificates:
// what the provider writes is what the library's v4-style serialiser writes, and every certificate is usable.
import { Model, tlsCertificatesProviderCharm, tlsCertificatesRequirerCharm } from '@flume-charms/juju-sim';
import { certificateMatchesKey, inspectCertificate, loadSchema, normalisePem, providerAppData, verifiesAgainst } from '@flume-charms/tls-certificates';

const PROVIDER = 'ca';
const REQUIRER = 'req';

let model: Model;
afterEach(async () => {
  await model.destroy();
});

async function settled(): Promise<void> {
  const result = await model.settle();
  expect(result.errors).toEqual([]);
}

test('requests and certificates parse as the library reads them, match the serialiser, verify and fit their keys', async () => {
  const { checkProviderAppData, checkRequirerData } = await loadSchema();
  model = await Model.create();
  await model.deploy(tlsCertificatesProviderCharm(), { name: PROVIDER, units: 1, config: { 'intermediate-ca': true, 'expiry-notification-hours': 3 } });
  await model.deploy(tlsCertificatesRequirerCharm(), { name: REQUIRER, units: 2, config: { 'csr-count': 2, 'sans-ip': '198.18.9.9,fd00::9' } });
  await model.deploy(tlsCertificatesRequirerCharm(), { name: 'junk', units: 1, config: { 'raw-requests': '[{"certificate_signing_request": 42, "ca": false}]' } });
  const relation = model.relate(`${REQUIRER}:certificates`, `${PROVIDER}:certificates`);
  const junk = model.relate(`junk:certificates`, `${PROVIDER}:certificates`);
  await settled();
  expect((await model.runAction(`${PROVIDER}/0`, 'revoke', { unit: `${REQUIRER}/1`, 'csr-index': 1 })).status).toBe('completed');

  const bag = model.relationData(relation, PROVIDER);
  const parsed = checkProviderAppData(bag);
  if (parsed.kind !== 'valid') throw new Error(`provider databag: ${parsed.kind === 'invalid' ? parsed.reason : 'absent'}`);
  expect(JSON.parse(providerAppData(parsed.certificates)['certificates'] ?? '')).toEqual(JSON.parse(bag['certificates'] ?? ''));
  expect(parsed.certificates).toHaveLength(4);

  for (const unit of [`${REQUIRER}/0`, `${REQUIRER}/1`]) {
    const requests = checkRequirerData(model.relationData(relation, unit));
    if (requests.kind !== 'valid') throw new Error(`${unit} databag: ${requests.kind === 'invalid' ? requests.reason : 'absent'}`);
    expect(requests.requests).toHaveLength(2);
    requests.requests.forEach((request, index) => {
      const answer = parsed.certificates.find((c) => c.csr === normalisePem(request.csr));
      expect(answer).toBeDefined();
      expect(answer!.revoked).toBe(unit === `${REQUIRER}/1` && index === 1 ? true : undefined);
      expect(answer!.recommendedExpiryNotificationHours).toBe(3);
      expect(answer!.chain).toEqual([answer!.certificate, answer!.ca, expect.stringContaining('BEGIN CERTIFICATE')]);
      expect(verifiesAgainst(answer!.certificate, answer!.chain.slice(1).join('\n'))).toBe(true);
      const key = model.unitFile(unit, `/var/lib/tls-certificates-requirer/request-0-${index}.key`);
      expect(certificateMatchesKey(answer!.certificate, key)).toBe(true);
      const facts = inspectCertificate(answer!.certificate);
      expect({ dns: facts.sanDns, ips: facts.sanIps, isCa: facts.isCa }).toEqual({ dns: [`${unit.replace('/', '-')}.juju-sim.test`], ips: ['198.18.9.9', 'fd00::9'], isCa: false });
    });
  }

  // What the library calls invalid, the provider does not sign.
  expect(checkRequirerData(model.relationData(junk, 'junk/0')).kind).toBe('invalid');
  expect(checkProviderAppData(model.relationData(junk, PROVIDER))).toEqual({ kind: 'absent' });
});
