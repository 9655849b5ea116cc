// @flume-charms/juju-sim: an embedded Juju model that runs real charms as processes.
export { Model, type ModelOptions, type DeployOptions, type ServiceSnapshot, type MachineSnapshot, type StorageSnapshot } from './model';
export type { ConfigInput } from './config';
export type { ConfigValue, CharmMeta, StorageMeta, StorageKind } from './charm-meta';
export { loadCharmMeta } from './charm-meta';
export type { HookRun, ToolCall, ActionResult, SettleResult } from './records';
export type { ModelStatus, AppStatus, UnitStatus, RelationStatus } from './status';
export type { StatusValue, WorkloadStatusName, LogRecord } from './model-state';
export type { ToolFaultOptions, KillFaultOptions } from './faults';
export { Faults } from './faults';
export { formatStatus, type FormatStatusOptions } from './status-format';
export { JujuSimError, NotFoundError, ConfigError, CharmError, ModelError, HookStormError } from './errors';
export { measureToolRoundTrip, measureLifecycle, type RoundTripStats, type LifecycleStats, type LifecycleSide } from './bench';
export type { ClientChoice, ClientKind } from './client-install';
export { loadScenario, runScenario, ScenarioError, type Scenario } from './scenario';
export { bundleTestCharm } from './test-charm';
export { realMachinesAvailable, realMachinesAvailableSync, type Availability } from './real-machine/availability';
export type { ExecResult } from './unit-machine';
export { idleDocument, type MetricsDocument, type MetricsFeed } from './machine/fake-metrics';
