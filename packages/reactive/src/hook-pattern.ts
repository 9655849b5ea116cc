// charms.reactive any_hook patterns: '{provides:NAME}-relation-{joined,changed}'.
// '{ROLE:X}' stands for every registered relation with that role whose interface (or name) is X;
// '{a,b}' for each alternative.
import { endpointRegistrations, type EndpointRegistration } from './endpoint';

export function expandHookPattern(pattern: string, relations: readonly EndpointRegistration[]): string[] {
  const match = /\{([^{}]*)\}/.exec(pattern);
  if (!match) return [pattern];
  const body = match[1] ?? '';
  const head = pattern.slice(0, match.index);
  const tail = pattern.slice(match.index + match[0].length);
  const roleMatch = /^(provides|requires|peers):(.+)$/.exec(body);
  const choices = roleMatch
    ? relations.filter((r) => r.role === roleMatch[1] && (r.interface === roleMatch[2] || r.name === roleMatch[2])).map((r) => r.name)
    : body.split(',').map((choice) => choice.trim());
  return choices.flatMap((choice) => expandHookPattern(`${head}${choice}${tail}`, relations));
}


/**
 * The hook names `patterns` stand for, expanded once per set of registered endpoints (every hook evaluates each
 * hook() condition; a charm registers its endpoints while it loads).
 */
export function hookNamesOf(patterns: readonly string[]): () => ReadonlySet<string> {
  let expandedFor: readonly EndpointRegistration[] | undefined;
  let names: ReadonlySet<string> = new Set();
  return () => {
    const relations = endpointRegistrations(); // the same array while the registrations stay the same
    if (relations !== expandedFor) {
      names = new Set(patterns.flatMap((pattern) => expandHookPattern(pattern, relations)));
      expandedFor = relations;
    }
    return names;
  };
}
