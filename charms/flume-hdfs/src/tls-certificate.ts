// The certificate work of TLS on the source: the unit's key and CSR, the provider's certificate into the
// keystore, and back to plaintext. Loaded with `await import` by hooks that do TLS (node:crypto and openssl
// stay out of the others). The private key never leaves /etc/flume/APP/tls; the keystore password only goes
// into flume.conf.
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import {
  addPending,
  CommandError,
  ensureKeystorePassword,
  ensureTlsDir,
  machinePath,
  removeKeystore,
  tlsLayout,
  writeKeystore,
  type FlumeLayout,
} from '@flume-charms/flume';
import { hookcmds, hookContext, unitState } from '@flume-charms/reactive';
import { checkCertificateBundle, createCsr, ensurePrivateKey, type TlsCertificatesRequires } from '@flume-charms/tls-certificates';
import type { Protocol } from './config';
import type { SourceTls } from './render';
import { rememberServedTls, servedTls, type CertificateOffer } from './tls-state';

/** The binding agents connect through: its ingress addresses are what they dial. */
const AGENT_BINDING = 'flume-agent';
const KV_SANS = 'flume-hdfs.tls.sans';

export interface UnitSans {
  readonly ips: readonly string[];
  readonly dns: readonly string[];
}

const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The SANs this unit's certificate needs: its ingress addresses on flume-agent, and its hostname. */
export async function unitSans(): Promise<UnitSans> {
  const network = await hookcmds.networkGet(AGENT_BINDING);
  const ips = new Set<string>();
  const dns = new Set<string>();
  for (const address of network.ingressAddresses) {
    if (isIP(address) !== 0) ips.add(address);
    else if (HOSTNAME.test(address)) dns.add(address);
  }
  const host = hostname();
  if (HOSTNAME.test(host) && host.length <= 253) dns.add(host);
  return { ips: [...ips].sort(), dns: [...dns].sort() };
}

function sansText(sans: UnitSans): string {
  return JSON.stringify(sans);
}

/** Whether the last request was made for these SANs (a changed address needs a new CSR). */
export function requestedFor(sans: UnitSans): boolean {
  return unitState.kv.get(KV_SANS) === sansText(sans);
}

/** The unit's key (made once, root 0600) and a CSR for its current SANs, put in the certificates databag. */
export async function requestUnitCertificate(endpoint: TlsCertificatesRequires, layout: FlumeLayout): Promise<UnitSans> {
  const tls = tlsLayout(layout);
  await ensureTlsDir(tls);
  await ensurePrivateKey(machinePath(tls.privateKey), { mode: 0o600 });
  const sans = await unitSans();
  const csr = await createCsr(machinePath(tls.privateKey), {
    commonName: hookContext().unitName.replace('/', '-'),
    sanIps: sans.ips,
    sanDns: sans.dns,
  });
  await endpoint.requestCertificate(csr);
  unitState.kv.set(KV_SANS, sansText(sans));
  return sans;
}

export function providerName(endpoint: TlsCertificatesRequires): string {
  return endpoint.providers()[0] ?? 'the provider';
}

/**
 * Looks at the provider's certificate for the current request and, when it is usable, puts it into the keystore
 * and remembers it as served. Anything unusable leaves the keystore and the running Flume as they are: the offer
 * says why. A new store restarts Flume once (a pending restart first, so that a killed hook still does it),
 * except where Flume takes it without one: an Avro source already serving TLS loads its keystore again for every
 * new connection (docs/tls.md), and a restart would only make agents resend what was not yet acknowledged.
 */
export async function installOfferedCertificate(
  endpoint: TlsCertificatesRequires,
  layout: FlumeLayout,
  now: Date,
  protocol: Protocol | undefined,
): Promise<CertificateOffer> {
  const assigned = endpoint.assignedCertificate();
  const provider = (assigned.kind === 'none' ? undefined : assigned.provider) ?? providerName(endpoint);
  if (assigned.kind === 'none') return { kind: 'none', provider };
  if (assigned.kind === 'invalid') return { kind: 'invalid', provider, reason: assigned.reason };
  if (assigned.revoked) return { kind: 'revoked', provider };
  if (assigned.notAfter.getTime() <= now.getTime()) return { kind: 'expired', provider, notAfter: assigned.notAfter.toISOString() };

  // The endpoint checked the certificate against this unit's CSR and made the bundle agents must trust.
  const chain = checkCertificateBundle(assigned.caBundle);
  if (chain.kind === 'invalid') return { kind: 'invalid', provider, reason: `CA chain: ${chain.reason}` };
  const tls = tlsLayout(layout);
  const { password } = await ensureKeystorePassword(tls);
  try {
    const swapInPlace = protocol === 'avro' && servedTls() !== undefined;
    await writeKeystore(tls, { certificate: assigned.certificate, chain: chain.certificates, password }, swapInPlace ? {} : { beforeChange: () => addPending(layout, ['restart']) });
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    return { kind: 'invalid', provider, reason: "openssl could not build a keystore from it (does it match this unit's key?)" };
  }
  rememberServedTls({
    fingerprint: assigned.fingerprint256,
    caBundle: chain.bundle,
    notAfter: assigned.notAfter.toISOString(),
    renewAt: assigned.renewAt.toISOString(),
    provider,
  });
  return { kind: 'installed', provider };
}

/** What flume.conf needs to serve TLS: undefined while the source serves plaintext. */
export async function sourceTls(layout: FlumeLayout): Promise<SourceTls | undefined> {
  if (!servedTls()) return undefined;
  const tls = tlsLayout(layout);
  const { password } = await ensureKeystorePassword(tls);
  return { keystore: tls.keystore, keystorePassword: password };
}

/** Back to plaintext (the operator allowed it): the keystore goes; the key stays for a later provider. */
export async function stopServingTls(layout: FlumeLayout): Promise<void> {
  await removeKeystore(tlsLayout(layout));
  rememberServedTls(undefined);
  unitState.kv.unset(KV_SANS);
}
