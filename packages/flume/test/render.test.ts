import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  buildJavaOpts,
  flumeLayout,
  parseProperties,
  renderChecked,
  renderFlumeFiles,
  renderTemplate,
  renderWorkloadFiles,
  TemplateError,
  UnsafeValueError,
} from '../src';
import { minimalConf } from './helpers/minimal-conf';

describe('flume.conf templates cannot bypass the properties escaper', () => {
  test('values in key position stay inside the key', async () => {
    const text = await renderTemplate('properties', 'a1.sinks.{{name}}.type = avro\n', { name: 'k1.type = logger\u0020x' });
    expect(parseProperties(text).entries.map((e) => e.key)).toEqual(['a1.sinks.k1.type = logger x.type']);
  });

  test('each/if/unless/with work and every item is escaped', async () => {
    const template = [
      '{{#each sinks}}a1.sinks.{{name}}.hostname = {{host}}',
      '{{/each}}{{#if compress}}a1.c = deflate{{else}}a1.c = none{{/if}}',
      '{{#unless off}}a1.on = yes{{/unless}}',
      '{{#with nested}}a1.n = {{value}}{{/with}}',
      'a1.i = {{#each list}}{{@index}}:{{this}} {{/each}}',
      '',
    ].join('\n');
    const text = await renderTemplate('properties', template, {
      sinks: [{ name: 'k0', host: 'h=0' }, { name: 'k1', host: 'h\\1' }],
      compress: false,
      off: false,
      nested: { value: 'v:1' },
      list: ['x y'],
    });
    expect(text).toBe(
      'a1.sinks.k0.hostname = h\\=0\na1.sinks.k1.hostname = h\\\\1\na1.c = none\na1.on = yes\na1.n = v\\:1\na1.i = 0:x\\ y \n',
    );
  });

  const badTemplates: Array<[string, string]> = [
    ['triple-stash', 'a1.x = {{{raw}}}'],
    ['ampersand unescaped', 'a1.x = {{&raw}}'],
    ['partials', 'a1.x = {{> other}}'],
    ['helper call in a mustache', 'a1.x = {{lookup this "raw"}}'],
    ['unknown block helper', '{{#raw}}x{{/raw}}'],
    ['sub-expression', '{{#if (lookup this "raw")}}x{{/if}}'],
    ['hash arguments', '{{#each list key=1}}x{{/each}}'],
    ['decorators', '{{* decorator}}'],
    ['data variables other than index/key/first/last/root', 'a1.x = {{@partial-block}}'],
  ];
  test.each(badTemplates)('rejects a template with %s', async (_name, source) => {
    await expect(renderTemplate('properties', source, { raw: 'x', list: [] })).rejects.toBeInstanceOf(TemplateError);
  });

  test('a missing variable is an error, not an empty property', async () => {
    await expect(renderTemplate('properties', 'a1.x = {{missing}}\n', {})).rejects.toBeInstanceOf(TemplateError);
  });

  test('unsafe values, keys and types in the context are refused, naming where they are', async () => {
    const source = 'a1.x = {{#each sinks}}{{host}}{{/each}}\n';
    await expect(renderTemplate('properties', source, { sinks: [{ host: 'a\nb' }] }, 'flume.conf')).rejects.toThrow(
      /^flume\.conf\.sinks\[0\]\.host: control character/,
    );
    await expect(renderTemplate('properties', source, { sinks: { 'k=1': { host: 'x' } } })).rejects.toBeInstanceOf(UnsafeValueError);
    const withFunction = { sinks: [{ host: (() => 'x') as unknown as string }] };
    await expect(renderTemplate('properties', source, withFunction)).rejects.toBeInstanceOf(UnsafeValueError);
  });
});

describe('flume-env.sh and log4j2.xml escaping', () => {
  test('shell values are single-quoted words; quotes and $ cannot escape', async () => {
    const text = await renderTemplate('shell', 'export JAVA_OPTS={{opts}}\nexport X={{x}}\n', {
      opts: buildJavaOpts({ heapSize: '512m', metricsPort: 34545 }),
      x: "it's $(rm -rf /) `id` ${HOME}",
    });
    expect(text).toBe(
      "export JAVA_OPTS='-Xms512m -Xmx512m -Dflume.monitoring.type=http -Dflume.monitoring.port=34545'\n" +
        "export X='it'\\''s $(rm -rf /) `id` ${HOME}'\n",
    );
    await expect(renderTemplate('shell', 'X={{x}}', { x: 'a\nb' })).rejects.toBeInstanceOf(UnsafeValueError);
  });

  test('JAVA_OPTS pieces are validated: flume-ng expands $JAVA_OPTS unquoted', () => {
    expect(() => buildJavaOpts({ heapSize: '512m -Dx=1', metricsPort: 1 })).toThrow(/heap_size/);
    expect(() => buildJavaOpts({ heapSize: '0m', metricsPort: 1 })).toThrow(/heap_size/);
    expect(() => buildJavaOpts({ heapSize: '2g', metricsPort: 70000 })).toThrow(/metrics_port/);
    expect(() => buildJavaOpts({ heapSize: '2g', metricsPort: 1, extra: ['-Dx=*'] })).toThrow(/unsafe JVM option/);
    expect(buildJavaOpts({ heapSize: '2g', metricsPort: 1, extra: ['-XX:+UseG1GC'] })).toContain('-XX:+UseG1GC');
  });

  test('XML values are entity-escaped and log4j2 lookups refused', async () => {
    const text = await renderTemplate('xml', '<File fileName="{{dir}}/flume.log"/>', { dir: '/var/log/"a"&<b>' });
    expect(text).toBe('<File fileName="/var/log/&quot;a&quot;&amp;&lt;b&gt;/flume.log"/>');
    await expect(renderTemplate('xml', '{{x}}', { x: '${jndi:ldap://x}' })).rejects.toThrow(/lookups/);
  });
});

describe('renderWorkloadFiles', () => {
  test('renders the three templates of a charm templates/ directory with their escapers', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flume-templates-'));
    try {
      writeFileSync(path.join(dir, 'flume.conf.hbs'), 'a1.sources.r1.bind = {{host}}\n');
      writeFileSync(path.join(dir, 'flume-env.sh.hbs'), 'export JAVA_OPTS={{java_opts}}\n');
      writeFileSync(path.join(dir, 'log4j2.xml.hbs'), '<File fileName="{{log_file}}"/>\n');
      const files = await renderWorkloadFiles(dir, {
        flumeConf: { host: 'a b' },
        flumeEnv: { java_opts: "-Xmx1g'" },
        log4j2: { log_file: '/var/log/flume/x&y/flume.log' },
      });
      expect(files).toEqual({
        flumeConf: 'a1.sources.r1.bind = a\\ b\n',
        flumeEnv: "export JAVA_OPTS='-Xmx1g'\\'''\n",
        log4j2: '<File fileName="/var/log/flume/x&amp;y/flume.log"/>\n',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('renderFlumeFiles and renderChecked', () => {
  const CONF = minimalConf('{{source}}');
  const layout = flumeLayout('flume-syslog');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flume-templates-'));
    writeFileSync(path.join(dir, 'flume.conf.hbs'), CONF);
    writeFileSync(path.join(dir, 'flume-env.sh.hbs'), '# {{app}}\nexport JAVA_OPTS={{javaOpts}}\n');
    writeFileSync(path.join(dir, 'log4j2.xml.hbs'), '<File fileName="{{logFile}}" dir="{{logDir}}"/>\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const input = (source: string) => ({ app: 'flume-syslog', layout, heapSize: '256m', metricsPort: 34546, flumeConf: { source } });

  test('flume-env.sh gets the heap and metrics port, log4j2.xml the app log directory', async () => {
    const files = await renderFlumeFiles(dir, input('syslogudp'));
    expect(files.flumeEnv).toBe(
      "# 'flume-syslog'\nexport JAVA_OPTS='-Xms256m -Xmx256m -Dflume.monitoring.type=http -Dflume.monitoring.port=34546'\n",
    );
    expect(files.log4j2).toBe('<File fileName="/var/log/flume/flume-syslog/flume.log" dir="/var/log/flume/flume-syslog"/>\n');
  });

  test('valid files come back; the checker and the escaper each give one line instead', async () => {
    const render = (source: string) => () => renderFlumeFiles(dir, input(source));
    expect(await renderChecked(render('syslogudp'), 'a1')).toMatchObject({ ok: true, files: { flumeConf: minimalConf() } });
    expect(await renderChecked(render('avro'), 'a1')).toEqual({ ok: false, problem: 'source r1 avro needs bind' });
    const refused = await renderChecked(render('x\ny'), 'a1');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problem).toBe('flume.conf.hbs.source: control character U+000A is not allowed');
    await expect(renderChecked(() => Promise.reject(new RangeError('bug')), 'a1')).rejects.toThrow(RangeError);
  });
});
