// charms.reactive any_hook patterns: '{provides:NAME}-relation-{joined,changed}'.
// '{ROLE:X}' stands for every registered relation with that role whose interface (or name) is X;
// '{a,b}' for each alternative.
import type { EndpointRegistration } from './endpoint';

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

export function hookMatches(hookName: string, patterns: readonly string[], relations: readonly EndpointRegistration[]): boolean {
  return patterns.some((pattern) => expandHookPattern(pattern, relations).includes(hookName));
}
