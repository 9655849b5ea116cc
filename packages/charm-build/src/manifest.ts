import type { AnalysisAttribute } from './charm-analysis';
import type { CharmcraftProject, ManifestBase } from './charmcraft-project';
import type { YamlMap } from './yaml-value';

/** Written where charmcraft writes its own version, so that a reader can tell who packed the charm. */
export const PACKER_VERSION = '0.1.0+flume-charm-build';

export interface ManifestInput {
  project: CharmcraftProject;
  attributes: AnalysisAttribute[];
  /** When the build started; charmcraft records it as `charmcraft-started-at`. */
  startedAt: Date;
}

/** The bases Juju reads from manifest.yaml to decide where the charm can run. */
export function manifestBases(project: CharmcraftProject): ManifestBase[] {
  return [{ name: project.base.name, channel: project.base.channel, architectures: [...project.architectures] }];
}

/** manifest.yaml, with the keys in the order charmcraft writes them. */
export function generateManifest({ project, attributes, startedAt }: ManifestInput): YamlMap {
  return {
    'charmcraft-version': PACKER_VERSION,
    'charmcraft-started-at': startedAt.toISOString(),
    bases: manifestBases(project).map((base) => ({ ...base })),
    analysis: { attributes: attributes.map((attribute) => ({ ...attribute })) },
  };
}
