// What this unit knows about its TLS, kept in unit state: the certificate the source serves, and what the
// provider last offered for the current request. No crypto and no hook tools: every hook may read it (the
// certificate work itself is in tls-certificate.ts, loaded only by hooks that do it).
import { unitState, type Json, type WorkloadStatus } from '@flume-charms/reactive';
import { tlsCertificateRemoved, tlsCertificateExpired, tlsCertificateInvalid, tlsCertificateRevoked, tlsWaitingForCertificate } from './statuses';

const KV_SERVED = 'flume-hdfs.tls.served';
const KV_OFFER = 'flume-hdfs.tls.offer';

/** The certificate in the keystore, which the source serves (set once TLS is on; it then stays on: sticky). */
export interface ServedTls {
  /** SHA-256 fingerprint of the certificate: what flume.conf was rendered for (applied inputs). */
  readonly fingerprint: string;
  /** The `tls-ca` agents must trust: the CA that signed it, then the rest of its chain. */
  readonly caBundle: string;
  /** ISO times: when it expires, and when to ask for a renewed one. */
  readonly notAfter: string;
  readonly renewAt: string;
  /** The application that issued it. */
  readonly provider: string;
}

/** The provider's answer to the current request, as the last certificates hook saw it. */
export type CertificateOffer =
  | { readonly kind: 'none'; readonly provider: string }
  | { readonly kind: 'installed'; readonly provider: string }
  | { readonly kind: 'invalid'; readonly provider: string; readonly reason: string }
  | { readonly kind: 'revoked'; readonly provider: string }
  | { readonly kind: 'expired'; readonly provider: string; readonly notAfter: string };

function isServedTls(value: unknown): value is ServedTls {
  if (typeof value !== 'object' || value === null) return false;
  const bag = value as Record<string, unknown>;
  return ['fingerprint', 'caBundle', 'notAfter', 'renewAt', 'provider'].every((key) => typeof bag[key] === 'string');
}

export function servedTls(): ServedTls | undefined {
  const stored = unitState.kv.get(KV_SERVED);
  return isServedTls(stored) ? stored : undefined;
}

export function rememberServedTls(served: ServedTls | undefined): void {
  if (served) unitState.kv.set(KV_SERVED, served as unknown as Json);
  else unitState.kv.unset(KV_SERVED);
}

const OFFER_KINDS = new Set(['none', 'installed', 'invalid', 'revoked', 'expired']);

export function certificateOffer(): CertificateOffer | undefined {
  const stored = unitState.kv.get(KV_OFFER);
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
  const bag = stored as Record<string, unknown>;
  return typeof bag.kind === 'string' && OFFER_KINDS.has(bag.kind) && typeof bag.provider === 'string' ? (stored as unknown as CertificateOffer) : undefined;
}

export function rememberCertificateOffer(offer: CertificateOffer | undefined): void {
  if (offer) unitState.kv.set(KV_OFFER, offer as unknown as Json);
  else unitState.kv.unset(KV_OFFER);
}

export interface TlsNotice {
  readonly status: WorkloadStatus;
  readonly message: string;
}

/** A date for a status: the ISO day and minute, UTC. */
export function shortTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * What a unit whose Flume is otherwise healthy must say about its TLS, if anything (undefined: nothing).
 * `related`: a tls-certificates provider unit is related. Pure: the tests table it.
 */
export function tlsNotice(input: { served: ServedTls | undefined; offer: CertificateOffer | undefined; related: boolean; now: Date }): TlsNotice | undefined {
  const { served, offer, related, now } = input;
  if (!related) return served ? { status: 'blocked', message: tlsCertificateRemoved() } : undefined;
  const provider = offer?.provider ?? served?.provider ?? 'the provider';
  if (served && now.getTime() >= Date.parse(served.notAfter)) {
    return { status: 'blocked', message: tlsCertificateExpired(shortTime(served.notAfter), provider) };
  }
  switch (offer?.kind) {
    case 'invalid':
      return { status: 'blocked', message: tlsCertificateInvalid(provider, offer.reason) };
    case 'revoked':
      return { status: 'blocked', message: tlsCertificateRevoked(provider) };
    case 'expired':
      return { status: 'blocked', message: tlsCertificateExpired(shortTime(offer.notAfter), provider) };
    case 'installed':
      return undefined;
    case 'none':
    case undefined:
      // Renewing: the current certificate still serves until it expires (checked above).
      return served ? undefined : { status: 'waiting', message: tlsWaitingForCertificate(provider) };
  }
}
