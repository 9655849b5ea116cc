// The id of a tls-ca bundle: its sha256 in hex. The agent's sink cache stores each bundle once under it, and
// agents name the truststore they build from a bundle by it. Computed once per validation, not in every hook.
import { createHash } from 'node:crypto';

export function tlsCaId(bundle: string): string {
  return createHash('sha256').update(bundle, 'utf8').digest('hex');
}
