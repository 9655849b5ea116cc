// measureToolRoundTrip(): the median time a hook waits for one hook-tool call, measured as a hook sees it
// (fork + exec of the client + the socket round trip), from a bash loop inside a real hook context.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Model, type ModelOptions } from './model';
import type { ClientKind } from './client-install';


export interface RoundTripStats {
  readonly client: ClientKind;
  readonly calls: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly minMs: number;
}

/** Deploys a one-hook charm whose install hook times `calls` calls of `is-leader --format=json`. */
export async function measureToolRoundTrip(options: { calls?: number; client?: ModelOptions['client'] } = {}): Promise<RoundTripStats> {
  const calls = options.calls ?? 200;
  const model = await Model.create({ client: options.client ?? 'auto' });
  try {
    const charm = join(model.dir, 'bench-charm');
    mkdirSync(join(charm, 'hooks'), { recursive: true });
    writeFileSync(join(charm, 'metadata.yaml'), 'name: bench\n');
    // EPOCHREALTIME (bash 5) around each call; the samples go to a file the test reads back.
    writeFileSync(
      join(charm, 'hooks', 'install'),
      `#!/usr/bin/env bash\nset -e\nout="$JUJU_CHARM_DIR/samples"\n: > "$out"\nfor ((i = 0; i < ${calls}; i++)); do\n  t0=$EPOCHREALTIME\n  is-leader --format=json >/dev/null\n  t1=$EPOCHREALTIME\n  echo "$t0 $t1" >> "$out"\ndone\n`,
      { mode: 0o755 },
    );
    await model.deploy(charm);
    const result = await model.settle();
    if (result.errors.length) throw new Error(`bench hook failed: ${model.hookRuns.at(-1)?.stderr ?? ''}`);
    const samples = model
      .unitFile('bench/0', 'samples')
      .trim()
      .split('\n')
      .map((line) => {
        const [a, b] = line.split(' ').map(Number) as [number, number];
        return (b - a) * 1000;
      })
      .sort((x, y) => x - y);
    const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
    return { client: model.clientKind, calls: samples.length, medianMs: at(0.5), p90Ms: at(0.9), minMs: samples[0] ?? NaN };
  } finally {
    await model.destroy();
  }
}

export interface LifecycleSide {
  /** Charm directory to deploy. */
  readonly charm: string;
  readonly app: string;
  readonly endpoint: string;
  readonly config?: Readonly<Record<string, string | number | boolean>>;
  readonly resources?: Readonly<Record<string, string>>;
}

export interface LifecycleStats {
  readonly wallMs: number;
  readonly hooks: number;
  readonly toolCalls: number;
  readonly errors: ReadonlyArray<{ readonly unit: string; readonly hook: string }>;
}

/**
 * The scripted lifecycle of `make bench`: deploy two applications of `units` units each, relate them,
 * change a config value on the first, remove one unit of the second; settle after each step.
 */
export async function measureLifecycle(options: {
  readonly provider: LifecycleSide;
  readonly requirer: LifecycleSide;
  /** A config change applied to the provider after relating. */
  readonly configChange: Readonly<Record<string, string | number | boolean>>;
  readonly units?: number;
  readonly model?: ModelOptions;
}): Promise<LifecycleStats> {
  const units = options.units ?? 3;
  const model = await Model.create(options.model ?? {});
  try {
    const started = performance.now();
    for (const side of [options.provider, options.requirer]) {
      await model.deploy(side.charm, { name: side.app, units, ...(side.config ? { config: side.config } : {}), ...(side.resources ? { resources: side.resources } : {}) });
    }
    await model.settle();
    model.relate(`${options.provider.app}:${options.provider.endpoint}`, `${options.requirer.app}:${options.requirer.endpoint}`);
    await model.settle();
    model.config(options.provider.app, options.configChange);
    await model.settle();
    model.removeUnit(`${options.requirer.app}/${units - 1}`);
    const last = await model.settle();
    return { wallMs: performance.now() - started, hooks: model.hookRuns.length, toolCalls: model.toolCalls.length, errors: last.errors };
  } finally {
    await model.destroy();
  }
}
