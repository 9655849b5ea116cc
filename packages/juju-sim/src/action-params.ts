// An action's parameters, as `juju run` checks them against actions.yaml: defaults, types, required keys.
import type { ActionMeta } from './charm-meta';
import { ModelError } from './errors';

export function validateActionParams(meta: ActionMeta, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(meta.params)) if (spec.default !== undefined) result[name] = spec.default;
  for (const [name, value] of Object.entries(params)) {
    const spec = meta.params[name];
    if (!spec && !meta.additionalProperties) throw new ModelError(`action ${meta.name}: unknown parameter "${name}"`);
    const type = spec?.type;
    const okType =
      type === undefined ||
      (type === 'string' && typeof value === 'string') ||
      (type === 'integer' && Number.isInteger(value)) ||
      (type === 'number' && typeof value === 'number') ||
      (type === 'boolean' && typeof value === 'boolean') ||
      (type === 'array' && Array.isArray(value)) ||
      (type === 'object' && typeof value === 'object' && value !== null && !Array.isArray(value));
    if (!okType) throw new ModelError(`action ${meta.name}: parameter "${name}" must be ${type}`);
    result[name] = value;
  }
  for (const name of meta.required) if (!(name in result)) throw new ModelError(`action ${meta.name}: missing required parameter "${name}"`);
  return result;
}
