// The requirer endpoint, hook by hook, through reactive's runHook() against a fake of Juju's hook tools, with
// the test requirer charm's handlers (test/charms/tls-requirer-test) and a provider played by the test.
import { endpointFromName, getFlags, whenNot } from '@flume-charms/reactive';
import './charms/tls-requirer-test/src/handlers';
import { TlsCertificatesRequires, type AssignedCertificate } from '../src';
import { ASSIGNMENTS_VERSION } from '../src/assignment-cache';
import { FakeUnit } from '../../reactive/test/support/fake-unit';
import { createTestPki, type Issued, type TestPki } from './support/pki';
import { answer, providerAppData, publishedCsrs } from './support/test-provider';

let view: { flags: string[]; assigned: AssignedCertificate; request: string | undefined } | undefined;
whenNot('test.never-set').do(function captureView() {
  const endpoint = endpointFromName('certificates') as TlsCertificatesRequires;
  view = { flags: getFlags(), assigned: endpoint.assignedCertificate(), request: endpoint.currentRequest() };
});
function lastView(): NonNullable<typeof view> {
  if (!view) throw new Error('no hook ran');
  return view;
}
function assigned(): Extract<AssignedCertificate, { kind: 'assigned' }> {
  const a = lastView().assigned;
  if (a.kind !== 'assigned') throw new Error(`expected assigned, got ${JSON.stringify(a)}`);
  return a;
}

const REL = 'certificates:3';
let pki: TestPki;
let ca: Issued;
let otherCa: Issued;
let unit: FakeUnit;

beforeAll(() => {
  pki = createTestPki();
  ca = pki.makeCa('Provider CA');
  otherCa = pki.makeCa('Other CA');
});
afterAll(() => pki.cleanup());
beforeEach(async () => {
  view = undefined;
  unit = new FakeUnit('flume-hdfs/0');
  await unit.runOk('install');
});
afterEach(() => {
  jest.useRealTimers();
  unit.cleanup();
});

async function relateAndAnswer(extra: Parameters<typeof answer>[4] = {}): Promise<void> {
  await unit.join(REL, 'self-signed-certificates/0');
  await unit.changeApp(REL, providerAppData([answer(pki, unit, REL, ca, extra)]));
}

describe('requesting', () => {
  it('is not connected and reads nothing without a relation', async () => {
    await unit.runOk('update-status');
    expect(unit.flags()).not.toContain('certificates.connected');
    expect(unit.callsOf('relation-get')).toEqual([]);
    expect(unit.statuses.at(-1)).toEqual({ status: 'blocked', message: 'Missing a certificates relation' });
  });

  it('publishes one CSR for its own key, ca false, in the v4 library format', async () => {
    await unit.join(REL, 'self-signed-certificates/0');
    expect(unit.flags()).toContain('certificates.connected');
    expect(unit.flags()).not.toContain('certificates.available');
    const requests = JSON.parse(unit.local(REL).certificate_signing_requests ?? 'null') as unknown;
    expect(requests).toEqual([{ certificate_signing_request: expect.stringMatching(/^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+-----END CERTIFICATE REQUEST-----$/), ca: false }]);
    expect(lastView().request).toBe((requests as Array<{ certificate_signing_request: string }>)[0]?.certificate_signing_request);
    expect(unit.statuses.at(-1)).toEqual({ status: 'waiting', message: 'Waiting for a certificate from self-signed-certificates' });
  });

  it('publishes the same request to a relation that joins later, and takes the first usable answer', async () => {
    await relateAndAnswer({ revoked: true });
    await unit.join('certificates:7', 'vault/0');
    expect(unit.local('certificates:7')).toEqual(unit.local(REL));
    expect(assigned()).toMatchObject({ relationId: REL, revoked: true });
    await unit.changeApp('certificates:7', providerAppData([answer(pki, unit, 'certificates:7', otherCa)]));
    expect(assigned()).toMatchObject({ relationId: 'certificates:7', provider: 'vault', revoked: false });
    expect(unit.flags()).toContain('certificates.available');
  });

  it('refuses to request something that is not a CSR', async () => {
    await unit.join(REL, 'self-signed-certificates/0');
    const endpoint = new TlsCertificatesRequires('certificates');
    await expect(endpoint.requestCertificate(ca.certificate)).rejects.toThrow('invalid certificate signing request: is not a single PEM PKCS#10 request');
  });
});

describe('the provider answers', () => {
  it('makes the certificate available, with its CA bundle and renewal time', async () => {
    await relateAndAnswer();
    expect(unit.flags()).toEqual(expect.arrayContaining(['certificates.connected', 'certificates.available']));
    const a = assigned();
    expect(a.provider).toBe('self-signed-certificates');
    expect(a.relationId).toBe(REL);
    expect(a.ca).toBe(ca.certificate);
    expect(a.caBundle).toBe(ca.certificate); // the chain's copy of the unit's own certificate is left out
    expect(a.chain).toEqual([ca.certificate, a.certificate]);
    expect(a.revoked).toBe(false);
    const validity = a.notAfter.getTime() - a.notBefore.getTime();
    expect(validity).toBe(10 * 24 * 3600 * 1000);
    expect(a.renewAt.getTime()).toBe(a.notAfter.getTime() - validity / 3);
    expect(unit.statuses.at(-1)?.status).toBe('active');
    expect(unit.state().kv['test.served']).toEqual([a.fingerprint256]);
  });

  it('renews at the provider\'s recommended time (hours before expiry, as the v4 library reads it)', async () => {
    await relateAndAnswer({ recommendedExpiryNotificationHours: 24 });
    const a = assigned();
    expect(a.renewAt.getTime()).toBe(a.notAfter.getTime() - 24 * 3600 * 1000);
  });

  it('ignores the entries of other units, however broken', async () => {
    await unit.join(REL, 'self-signed-certificates/0');
    const ours = answer(pki, unit, REL, ca);
    const garbage = { csr: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----', certificate: 'garbage', ca: 'garbage', chain: ['garbage'] };
    await unit.changeApp(REL, providerAppData([garbage, ours, garbage]));
    expect(assigned().certificate).toBe(ours.certificate);
  });

  it('calls a certificate for another key invalid', async () => {
    await unit.join(REL, 'self-signed-certificates/0');
    const stranger = pki.makeLeaf('stranger', ca);
    const [csr] = publishedCsrs(unit, REL);
    await unit.changeApp(REL, providerAppData([{ csr: csr as string, certificate: stranger.certificate, ca: ca.certificate, chain: [] }]));
    expect(lastView().assigned).toMatchObject({ kind: 'invalid', reason: "certificate: is for another key than this unit's request", provider: 'self-signed-certificates' });
    expect(unit.flags()).not.toContain('certificates.available');
    expect(unit.statuses.at(-1)?.message).toBe("Invalid certificate from self-signed-certificates: certificate: is for another key than this unit's request");
  });

  it('calls a certificate that its CA did not sign invalid', async () => {
    await unit.join(REL, 'self-signed-certificates/0');
    const entry = answer(pki, unit, REL, ca);
    await unit.changeApp(REL, providerAppData([{ ...entry, ca: otherCa.certificate, chain: [] }]));
    expect(lastView().assigned).toMatchObject({ kind: 'invalid', reason: 'certificate: is not signed by the ca or chain that came with it' });
  });

  it('tells a revoked certificate, which is not available', async () => {
    await relateAndAnswer({ revoked: true });
    expect(assigned().revoked).toBe(true);
    expect(unit.flags()).not.toContain('certificates.available');
    expect(unit.statuses.at(-1)?.message).toMatch(/revoked$/);
  });

  it('is not available once the certificate expired', async () => {
    await relateAndAnswer({ days: 1 });
    const { notAfter } = assigned();
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    jest.setSystemTime(notAfter.getTime() + 1000);
    await unit.runOk('update-status');
    expect(unit.flags()).not.toContain('certificates.available');
    expect(assigned().notAfter).toEqual(notAfter);
  });
});

describe('renewal', () => {
  it('requests a new CSR at renewAt, waits without a certificate, then takes the new one', async () => {
    await relateAndAnswer();
    const first = assigned();
    const firstCsr = lastView().request;
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    jest.setSystemTime(first.renewAt.getTime() + 1000);
    await unit.runOk('update-status');
    const [renewalCsr] = publishedCsrs(unit, REL);
    expect(renewalCsr).not.toBe(firstCsr);
    await unit.runOk('update-status'); // the view handler ran before the renewal in the last hook
    expect(lastView().request).toBe(renewalCsr);
    expect(lastView().assigned).toEqual({ kind: 'none' }); // the provider still answers the old CSR only
    expect(unit.flags()).not.toContain('certificates.available');

    // Signed on the real clock, valid long enough that the simulated clock is not past its own renewAt yet.
    await unit.changeApp(REL, providerAppData([answer(pki, unit, REL, ca, { days: 30 })]));
    const second = assigned();
    expect(second.fingerprint256).not.toBe(first.fingerprint256);
    expect(unit.flags()).toContain('certificates.available');
    expect(unit.state().kv['test.served']).toEqual([first.fingerprint256, 'none', second.fingerprint256]);
  });

  it('renews a certificate that arrives already due once, not in every hook', async () => {
    await relateAndAnswer();
    const first = assigned();
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    jest.setSystemTime(first.renewAt.getTime() + 1000);
    await unit.runOk('update-status');
    // The provider answers with a certificate whose renewal time has passed already (239 of its 240 hours).
    await unit.changeApp(REL, providerAppData([answer(pki, unit, REL, ca, { recommendedExpiryNotificationHours: 239 })]));
    const [renewalCsr] = publishedCsrs(unit, REL);
    expect(assigned().renewAt.getTime()).toBeLessThan(Date.now());
    await unit.runOk('update-status');
    await unit.runOk('update-status');
    expect(publishedCsrs(unit, REL)).toEqual([renewalCsr]);
    expect(unit.flags()).toContain('certificates.available');
  });
});

describe('cost and memory', () => {
  it('answers update-status from unit state, and reads only the app databag in relation-changed', async () => {
    await unit.join(REL, 'self-signed-certificates/0');
    const others = Array.from({ length: 500 }, (_, i) => ({ csr: `other ${i}`, certificate: 'x', ca: 'x', chain: [] }));
    await unit.changeApp(REL, providerAppData([...others, answer(pki, unit, REL, ca)]));
    expect(unit.callsOf('relation-get').map((c) => c.args.includes('--app'))).toEqual([true]);
    const fingerprint = assigned().fingerprint256;

    await unit.runOk('update-status');
    expect(unit.calls.map((c) => c.tool).filter((t) => t.startsWith('relation-'))).toEqual([]);
    expect(assigned().fingerprint256).toBe(fingerprint);
    expect(unit.state().kv['endpoint.certificates.assignments']).toMatchObject({ version: ASSIGNMENTS_VERSION });
  });

  it('re-reads the provider after upgrade-charm, and when the stored answers are of another version', async () => {
    await relateAndAnswer();
    await unit.runOk('upgrade-charm');
    expect(unit.callsOf('relation-get').filter((c) => c.args.includes('--app'))).toHaveLength(1);
    expect(unit.flags()).toContain('certificates.available');
  });

  it('changes nothing when asked again for the current CSR', async () => {
    await relateAndAnswer();
    const before = unit.local(REL);
    await unit.runOk('update-status');
    expect(unit.local(REL)).toEqual(before);
    expect(unit.callsOf('relation-set')).toEqual([]);
  });
});

describe('leaving', () => {
  it('forgets the certificate when the relation is removed', async () => {
    await relateAndAnswer();
    await unit.breakRelation(REL);
    expect(unit.flags()).not.toContain('certificates.connected');
    expect(unit.flags()).not.toContain('certificates.available');
    expect(lastView().assigned).toEqual({ kind: 'none' });
    expect(unit.state().kv['test.served']).toEqual([expect.any(String), 'none']);
  });

  it('withdraws its request: the key leaves the databag', async () => {
    await relateAndAnswer();
    whenNot('test.never-set').do(function withdrawOnce() {
      if (process.env.TLS_TEST_WITHDRAW !== '1') return;
      (endpointFromName('certificates') as TlsCertificatesRequires).withdrawRequest();
    });
    process.env.TLS_TEST_WITHDRAW = '1';
    try {
      await unit.runOk('update-status');
    } finally {
      delete process.env.TLS_TEST_WITHDRAW;
    }
    expect(unit.local(REL)).toEqual({});
    expect(unit.flags()).not.toContain('certificates.available');
  });
});
