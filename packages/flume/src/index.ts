// @flume-charms/flume: everything the charms need of the Flume workload and the machine.
// It knows nothing of relations or hook tools: the charm passes in paths and values.

export { machinePath } from './machine-path';
export { flumeLayout, versionDir, fileChannelDirs, isValidAppName, type FlumeLayout, type LayoutOptions } from './paths';
export {
  ResourceError,
  UnsafeValueError,
  TemplateError,
  CommandError,
  LayoutError,
  MetricsError,
  attachResourceHint,
  EXAMPLE_TARBALL,
  type ResourceErrorReason,
} from './errors';
export { readCommand, runCommand, type CommandResult, type RunOptions } from './commands';
export { writeFileAtomic, readFileIfExists, type WriteResult, type WriteOptions } from './files';
export { ensureJava, isPackageInstalled, isValidPackageName, DEFAULT_JAVA_PACKAGE, type EnsureJavaResult } from './java';
export { ensureFlumeUser, FLUME_USER, FLUME_GROUP } from './user';
export { ensureLayout, fileChannelExists, layoutDirectories, removeFileChannel } from './layout';
export { DEFAULT_TARBALL_LIMITS, type TarballLimits, type TarballSummary } from './tarball-rules';
export { inspectFlumeTarball, extractFlumeTarball, type InspectedTarball } from './tarball';
export { installFlume, installedVersion, type InstallOptions, type InstallResult } from './install';
export { escapePropertyValue, MAX_PROPERTY_VALUE_LENGTH } from './property-escape';
export { escapeShellValue } from './shell-escape';
export { escapeXmlValue } from './xml-escape';
export { buildJavaOpts, isValidHeapSize, isValidPort, type JavaOptsInput } from './java-opts';
export {
  renderTemplate,
  renderWorkloadFiles,
  TEMPLATE_FILES,
  type TemplateKind,
  type TemplateContext,
  type TemplateValue,
  type RenderedFiles,
  type RenderContexts,
} from './render';
export {
  renderFlumeFiles,
  renderChecked,
  describeCheckErrors,
  type FlumeFilesInput,
  type CheckedRender,
} from './flume-files';
export {
  OptionError,
  showValue,
  oneLine,
  stringOption,
  intOption,
  oneOfOption,
  validateOptions,
  type RawOptions,
  type OptionsResult,
} from './option-values';
export {
  workloadOptions,
  channelTypeOption,
  channelSizeOptions,
  heapSizeOption,
  javaPackageOption,
  metricsPortOption,
  CHANNEL_TYPES,
  type ChannelType,
  type WorkloadOptions,
} from './workload-options';
export { parseProperties, type PropertyEntry, type ParsedProperties } from './properties-parse';
export { checkFlumeConfig, firstErrorMessage, type CheckError, type CheckResult } from './checker';
export { predictFlumeLoad, type FlumeComponents, type FlumeLoadPrediction, type LoadDrop } from './flume-load-model';
export { writeConfigFiles, type ExtraConfigFile, type WriteConfigResult } from './config-files';
export { addPending, readPending, type PendingAction } from './pending-actions';
export { renderUnit, type UnitOptions } from './unit-file';
export {
  apply,
  applyService,
  startService,
  stopService,
  removeService,
  restartService,
  isActive,
  serviceStatus,
  failureReason,
  fileTail,
  type ApplyInput,
  type ApplyResult,
  type ApplyServiceInput,
  type ApplyServiceResult,
  type ServiceAction,
  type ServiceState,
  type ServiceStatus,
} from './service';
export {
  fetchMetrics,
  summariseMetrics,
  metricsActionResults,
  type MetricsSummary,
  type ComponentMetrics,
  type SourceSummary,
  type ChannelSummary,
  type SinkSummary,
} from './metrics';
export { RENDERED_DEFAULTS, type DefaultSetting } from './defaults';
export { fullChannels, CHANNEL_FILL_WARNING_PERCENT } from './channel-fill';
export {
  assessHealth,
  expectedComponents,
  STALL_WINDOW_MS,
  STARTUP_GRACE_SECONDS,
  type ExpectedComponents,
  type ExpectedSink,
  type FlumeHealth,
  type HealthAssessment,
  type HealthInput,
  type HealthReading,
  type SinkProblem,
} from './health';
export { tlsFailures, type TlsFailure, type TlsFailureKind, type TlsSinkTarget } from './tls-failures';
export { findHandshakeFailures, type HandshakeFailure, type HandshakeFailureKind } from './tls-handshake-log';
export { checkFlumeHealth, storedHealthReading, START_WAIT_SECONDS, type HealthCheckInput } from './health-check';
export { serviceStatusUnlessServing } from './serving-status';
export { appliedInputs, forgetAppliedInputs, inputsFingerprint, recordAppliedInputs } from './applied-inputs';
export {
  tlsLayout,
  ensureTlsDir,
  ensureKeystorePassword,
  writeKeystore,
  removeKeystore,
  removeTlsMaterial,
  KEYSTORE_TYPE,
  type TlsLayout,
  type KeystoreInput,
  type KeystoreResult,
  type WriteKeystoreOptions,
} from './keystore';
export {
  TRUSTSTORE_TYPE,
  truststorePath,
  truststorePasswordPath,
  ensureTruststorePassword,
  writeTruststore,
  pruneTruststores,
  type TruststoreInput,
} from './truststore';
