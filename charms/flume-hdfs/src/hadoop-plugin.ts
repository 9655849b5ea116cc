// The `hadoop` endpoint (provides, interface hadoop-plugin, scope container): the plugin subordinate tells
// us when its Hadoop client is installed and HDFS is ready. Flags, as the original charm used them:
//   hadoop.joined       a plugin unit is related
//   hadoop.installed    its Hadoop client is installed
//   hadoop.ready        = hadoop.hdfs.ready: HDFS is reachable (the seed's examples use hadoop.ready;
//   hadoop.hdfs.ready     Flume needs only HDFS, not YARN, so both mean the same here)
//   hadoop.invalid      a plugin unit published data that fails validation (see invalidUnits())
// Validated views are cached in unit state and refreshed only in this endpoint's relation hooks (and on
// upgrade-charm), so other hooks make no relation-get call. Invalid data never replaces the last good view:
// the running Flume keeps its configuration while the unit shows which plugin unit is at fault.
import { Endpoint, hookContext, toggleFlag, type Json } from '@flume-charms/reactive';
import { validateHadoopData, type HadoopUnitView, type HdfsTarget } from './hadoop-data';

interface Cached {
  units: { [unit: string]: HadoopUnitView };
  invalid: { [unit: string]: string };
}

const CACHE = 'validated';

export class HadoopPluginProvides extends Endpoint {
  private cached: Cached = { units: {}, invalid: {} };

  protected override async manageFlags(): Promise<void> {
    const context = hookContext();
    const stored = this.kv.get<Json>(CACHE) as Cached | undefined;
    const ownHook = context.actionName === undefined && context.relationName === this.endpointName;
    this.cached = stored ?? { units: {}, invalid: {} };
    if (ownHook || context.hookName === 'upgrade-charm' || stored === undefined) await this.refresh();
    const views = Object.values(this.cached.units);
    toggleFlag(this.expandName('{endpoint_name}.joined'), this.joined);
    toggleFlag(this.expandName('{endpoint_name}.installed'), views.some((v) => v.installed));
    const ready = views.some((v) => v.hdfs !== null);
    toggleFlag(this.expandName('{endpoint_name}.ready'), ready);
    toggleFlag(this.expandName('{endpoint_name}.hdfs.ready'), ready);
    toggleFlag(this.expandName('{endpoint_name}.invalid'), Object.keys(this.cached.invalid).length > 0);
  }

  private async refresh(): Promise<void> {
    const next: Cached = { units: {}, invalid: {} };
    for (const unit of this.allJoinedUnits) {
      const result = validateHadoopData(await unit.receivedRaw());
      if (result.ok) {
        next.units[unit.name] = result.view;
      } else {
        next.invalid[unit.name] = result.reason;
        const lastGood = this.cached.units[unit.name];
        if (lastGood) next.units[unit.name] = lastGood;
      }
    }
    this.cached = next;
    if (Object.keys(next.units).length + Object.keys(next.invalid).length > 0) this.kv.set(CACHE, next as unknown as Json);
    else this.kv.unset(CACHE);
  }

  /** Where to write: the first ready unit's namenodes and port (a container-scoped plugin has one unit). */
  hdfsTarget(): HdfsTarget | undefined {
    const ready = Object.keys(this.cached.units)
      .sort()
      .map((unit) => this.cached.units[unit]?.hdfs)
      .find((hdfs) => hdfs !== null && hdfs !== undefined);
    return ready ?? undefined;
  }

  /** The Hadoop version the plugin reported, if any. */
  hadoopVersion(): string | undefined {
    return Object.values(this.cached.units).find((v) => v.version !== null)?.version ?? undefined;
  }

  /** Units whose data failed validation, with the reason (fit for a status). */
  invalidUnits(): ReadonlyArray<{ unit: string; reason: string }> {
    return Object.keys(this.cached.invalid)
      .sort()
      .map((unit) => ({ unit, reason: this.cached.invalid[unit] as string }));
  }
}
