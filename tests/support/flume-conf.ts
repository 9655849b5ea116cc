// Small readers of a rendered flume.conf, for tests and the demo.

/** The agent name: the prefix of the first `AGENT.sources|channels|sinks = ...` line. */
export function agentNameOf(conf: string): string {
  const match = /^\s*([A-Za-z0-9_-]+)\.(?:sources|channels|sinks)\s*[=:]/m.exec(conf);
  if (!match?.[1]) throw new Error('flume.conf names no agent (no AGENT.sources/channels/sinks line)');
  return match[1];
}

/** The property keys of a rendered flume.conf, in order (comments and blank lines skipped). */
export function propertyKeys(conf: string): string[] {
  return conf
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'))
    .map((line) => line.split(/\s*[=:]\s*|\s+/, 1)[0]!);
}
