// The truststores that the planned TLS sinks name: one per distinct CA bundle, built before Flume (re)starts
// onto the flume.conf that names them, and removed once no rendered sink uses them.
import { ensureTlsDir, ensureTruststorePassword, pruneTruststores, tlsLayout, writeTruststore, type FlumeLayout } from '@flume-charms/flume';
import type { Sink } from '@flume-charms/flume-interface';
import { planTlsCaIds, type FlowPlan } from './flow-plan';
import type { TlsSecrets } from './render';

/**
 * Writes the truststore of every CA bundle the plan's sinks trust (an existing one is left alone: it is named by
 * its content's hash) and returns what the template needs; undefined when no sink speaks TLS.
 */
export async function prepareTruststores(layout: FlumeLayout, plan: FlowPlan, sinks: readonly Sink[]): Promise<TlsSecrets | undefined> {
  const ids = planTlsCaIds(plan);
  if (ids.length === 0) return undefined;
  const bundles = new Map(sinks.flatMap((sink) => (sink.tlsCaId !== undefined && sink.tlsCa !== undefined ? [[sink.tlsCaId, sink.tlsCa] as const] : [])));
  await ensureTlsDir(tlsLayout(layout));
  const { password } = await ensureTruststorePassword(layout);
  for (const id of ids) {
    const bundle = bundles.get(id);
    if (bundle === undefined) throw new Error(`no CA bundle for truststore ${id}`);
    await writeTruststore(layout, { bundle, bundleId: id, password });
  }
  return { truststorePassword: password };
}

/** After Flume runs on the new flume.conf: the stores of bundles no sink trusts any more go. */
export async function removeUnusedTruststores(layout: FlumeLayout, plan: FlowPlan): Promise<void> {
  await pruneTruststores(layout, planTlsCaIds(plan));
}
