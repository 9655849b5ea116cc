// The provider side for in-process tests: reads the CSRs a FakeUnit published and answers them with the TestPki,
// in the app databag, as the v4 library's provider does.
import { checkRequirerData, providerAppData } from '../../src/schema';
import type { ProviderCertificate } from '../../src/contract';
import type { FakeUnit } from '../../../reactive/test/support/fake-unit';
import type { Issued, TestPki } from './pki';

/** The CSRs the unit publishes on `relationId` (throws unless they are valid). */
export function publishedCsrs(unit: FakeUnit, relationId: string): string[] {
  const check = checkRequirerData(unit.local(relationId));
  if (check.kind === 'invalid') throw new Error(check.reason);
  return check.kind === 'valid' ? check.requests.map((r) => r.csr) : [];
}

/** Signs the unit's current CSR with `ca` and returns the entry the provider would publish. */
export function answer(pki: TestPki, unit: FakeUnit, relationId: string, ca: Issued, extra: Partial<ProviderCertificate> & { days?: number } = {}): ProviderCertificate {
  const [csr] = publishedCsrs(unit, relationId);
  if (!csr) throw new Error('the unit requests nothing');
  const { days, ...fields } = extra;
  const certificate = pki.signCsr(`${csr}\n`, ca, { days: days ?? 10, sans: 'DNS:unit.test' });
  return { csr, certificate, ca: ca.certificate, chain: [ca.certificate, certificate], ...fields };
}

export { providerAppData };
