// What Model.create accepts.
import type { ClientChoice } from './client-install';

export interface ModelOptions {
  readonly name?: string;
  /** Where unit directories live; default: a new temporary directory, removed by destroy(). */
  readonly dir?: string;
  /** Units whose hooks may run at the same time (each unit's own hooks always run one at a time). Default 2. */
  readonly concurrency?: number;
  /** settle() fails with HookStormError after this many hooks. Default 2000. */
  readonly maxHooksPerSettle?: number;
  /** Hook-tool client: compiled C (fast), bash, or auto (C when `cc` works). Default auto. */
  readonly client?: ClientChoice;
  /** Extra environment for every hook. */
  readonly env?: Readonly<Record<string, string>>;
  /** A hook running longer is killed and fails. Default 120 s. */
  readonly hookTimeoutMs?: number;
  /** JUJU_VERSION given to the charms. Default 3.6.0. */
  readonly jujuVersion?: string;
  /**
   * 'real': each unit is a network namespace whose services really run (needs root, `ip netns`, overlayfs,
   * setpriv; otherwise a note on stderr and recording mode). Default 'recording': systemctl only records.
   */
  readonly machines?: 'real' | 'recording';
}
