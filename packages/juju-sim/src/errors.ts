// Typed errors thrown by the simulator's API. Hook tools never throw these: they answer with Juju's exit codes.

/** Base class: every error the simulator API throws on bad input or an impossible request. */
export class JujuSimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An application, unit, relation, endpoint or action that the model does not have. */
export class NotFoundError extends JujuSimError {}

/** A config value of the wrong type, or an option the charm does not define. */
export class ConfigError extends JujuSimError {}

/** A charm directory that cannot be deployed (no metadata, bad YAML, missing dispatch). */
export class CharmError extends JujuSimError {}

/** A request that contradicts the model (relating incompatible endpoints, removing a removed unit...). */
export class ModelError extends JujuSimError {}

/** settle() ran more hooks than its bound: the charms keep triggering each other. */
export class HookStormError extends JujuSimError {
  constructor(
    message: string,
    /** Hook runs per `unit hook` key during the failed settle, most frequent first. */
    readonly counts: ReadonlyArray<readonly [string, number]>,
  ) {
    super(message);
  }
}
