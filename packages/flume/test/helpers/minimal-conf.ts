// The smallest flume.conf the checker accepts (syslogudp -> memory -> logger), for tests about what happens
// around the file rather than in it. `sourceType` lets a test put a template placeholder in the type.
export function minimalConf(sourceType = 'syslogudp'): string {
  return [
    'a1.sources = r1',
    'a1.channels = c1',
    'a1.sinks = k1',
    `a1.sources.r1.type = ${sourceType}`,
    'a1.sources.r1.host = 0.0.0.0',
    'a1.sources.r1.port = 514',
    'a1.sources.r1.channels = c1',
    'a1.channels.c1.type = memory',
    'a1.sinks.k1.type = logger',
    'a1.sinks.k1.channel = c1',
    '',
  ].join('\n');
}
