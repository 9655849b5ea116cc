/** What went wrong while building or packing a charm; `code` lets callers branch without parsing text. */
export type CharmBuildErrorCode =
  | 'charmcraft-yaml' // charmcraft.yaml is missing, not YAML, or breaks the schema
  | 'entrypoint' // src/charm.ts is missing
  | 'bundle' // esbuild failed
  | 'forbidden-module' // the bundle would contain a module that must stay out of charms (yaml)
  | 'lint' // a check that `charmcraft pack` would fail on
  | 'extra-file' // README.md, LICENSE or icon.svg cannot be provided
  | 'zip'; // a .charm archive is malformed or unsafe to unpack

export class CharmBuildError extends Error {
  override readonly name = 'CharmBuildError';
  constructor(
    readonly code: CharmBuildErrorCode,
    message: string,
  ) {
    super(message);
  }
}
