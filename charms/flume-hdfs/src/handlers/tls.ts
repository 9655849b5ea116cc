// TLS on the source, from a tls-certificates provider on the `certificates` relation (issue 16).
// - Related: the unit makes its key (once) and a CSR for its ingress addresses and hostname.
// - The provider's certificate for that CSR goes into the keystore; configureFlume then renders ssl on the
//   source, Flume restarts once, and the CA chain goes to the agents as `tls-ca`.
// - TLS is sticky: the relation removed keeps the last certificate (blocked) unless tls_allow_plaintext=true.
// - Renewal: past the provider's renewal time a new CSR is requested; its certificate replaces the keystore
//   (Avro serves it from the next connection on without a restart; Thrift restarts once).
// Without a certificates relation none of these handlers runs: the sink is exactly what it was before TLS.
import { clearFlag, hook, isFlagSet, log, setFlag, unitState, when } from '@flume-charms/reactive';
import { FLAG } from '../flags';
import { loadConfig, sinkLayout } from '../sink';
import type { TlsCertificatesRequires } from '@flume-charms/tls-certificates';
import { rememberCertificateOffer, servedTls } from '../tls-state';

/** kv: the served certificate (fingerprint) whose renewal was requested, and when. */
const KV_RENEWING = 'flume-hdfs.tls.renewing';
/** At most one renewal request per this time. */
const RENEWAL_PAUSE_MS = 10 * 60 * 1000;

// The endpoint checks the provider's answer in the relation's own hooks (and on upgrade-charm): look at it again.
hook('certificates-relation-{joined,changed}', 'upgrade-charm').do(function certificatesDataChanged() {
  clearFlag(FLAG.tlsOfferSeen);
});

when(FLAG.certificateChanged).do(function servedCertificateChanged() {
  clearFlag(FLAG.certificateChanged);
  clearFlag(FLAG.tlsOfferSeen);
});

when(FLAG.installed, FLAG.certificatesConnected)
  .whenNot(FLAG.tlsRequested, FLAG.removing)
  .do(async function requestTlsCertificate(certificates: TlsCertificatesRequires) {
    const { requestUnitCertificate } = await import('../tls-certificate');
    const sans = await requestUnitCertificate(certificates, sinkLayout());
    await log(`requested a certificate for ${[...sans.ips, ...sans.dns].join(', ')}`);
    setFlag(FLAG.tlsRequested);
    clearFlag(FLAG.tlsOfferSeen); // the provider's answer now concerns the new request
  });

when(FLAG.installed, FLAG.certificatesConnected, FLAG.tlsRequested)
  .whenNot(FLAG.tlsOfferSeen, FLAG.removing)
  .do(async function installTlsCertificate(certificates: TlsCertificatesRequires) {
    const { installOfferedCertificate } = await import('../tls-certificate');
    const parsed = await loadConfig();
    const offer = await installOfferedCertificate(certificates, sinkLayout(), new Date(), parsed.ok ? parsed.config.protocol : undefined);
    rememberCertificateOffer(offer);
    setFlag(FLAG.tlsOfferSeen);
    if (offer.kind === 'installed') {
      setFlag(FLAG.tlsServed);
      clearFlag(FLAG.configured); // render ssl on the source; a new keystore restarts Flume unless Avro takes it live
    } else if (offer.kind !== 'none') {
      await log(`certificate from ${offer.provider} not installed: ${offer.kind}${offer.kind === 'invalid' ? `: ${offer.reason}` : ''}`, 'WARNING');
    }
  });

// Juju runs config-changed when the machine's addresses change; upgrade-charm may bring other SAN rules.
hook('config-changed', 'upgrade-charm').do(async function recheckTlsAddresses() {
  if (!isFlagSet(FLAG.tlsRequested) || !isFlagSet(FLAG.certificatesConnected)) return;
  const { requestedFor, unitSans } = await import('../tls-certificate');
  if (!requestedFor(await unitSans())) clearFlag(FLAG.tlsRequested);
});

when(FLAG.tlsServed, FLAG.certificatesConnected, FLAG.tlsRequested).do(function renewTlsCertificate() {
  const served = servedTls();
  const now = Date.now();
  if (!served || now < Date.parse(served.renewAt)) return;
  const asked = unitState.kv.get(KV_RENEWING);
  const last = typeof asked === 'object' && asked !== null && !Array.isArray(asked) ? (asked as { fingerprint?: unknown; at?: unknown }) : {};
  if (last.fingerprint === served.fingerprint) return; // asked already for this one; the answer is awaited
  // A provider whose certificates are due when issued would otherwise be asked again in every hook.
  if (typeof last.at === 'number' && now - last.at < RENEWAL_PAUSE_MS) return;
  unitState.kv.set(KV_RENEWING, { fingerprint: served.fingerprint, at: now });
  clearFlag(FLAG.tlsRequested);
});

when(FLAG.installed)
  .whenAny(FLAG.tlsRequested, FLAG.tlsOfferSeen)
  .whenNot(FLAG.certificatesConnected)
  .do(function forgetTlsRequest() {
    // The request left with the relation; a new provider gets a new one.
    clearFlag(FLAG.tlsRequested);
    clearFlag(FLAG.tlsOfferSeen);
    rememberCertificateOffer(undefined);
  });

when(FLAG.tlsServed)
  .whenNot(FLAG.certificatesConnected)
  .do(async function certificatesRelationGone() {
    const parsed = await loadConfig();
    // TLS is never dropped silently: only the operator's tls_allow_plaintext=true turns it off (else blocked,
    // by the health handler's TLS notice, while the last certificate keeps serving).
    if (!parsed.ok || !parsed.config.tlsAllowPlaintext) return;
    const { stopServingTls } = await import('../tls-certificate');
    await stopServingTls(sinkLayout());
    unitState.kv.unset(KV_RENEWING);
    clearFlag(FLAG.tlsServed);
    clearFlag(FLAG.configured); // render without ssl (Flume restarts) and clear tls-ca
    await log('certificates relation removed and tls_allow_plaintext=true: the source serves plaintext again', 'WARNING');
  });
