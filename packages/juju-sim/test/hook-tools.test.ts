import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Model } from '../src';
import { TOOLBOX } from './support/probe';
import { runInHook } from './support/toolbox';

describe.each(['c', 'bash'] as const)('hook tools answer as jujuc (%s client)', (client) => {
  let model: Model;
  let relationId: number;
  beforeAll(async () => {
    model = await Model.create({ client });
    const blob = join(model.dir, 'blob.bin');
    writeFileSync(blob, 'payload');
    await model.deploy(TOOLBOX, { name: 'box', units: 2, resources: { blob } });
    await model.deploy(TOOLBOX, { name: 'up', units: 1 });
    relationId = model.relate('box:api', 'up:upstream');
    await model.settle();
  });
  afterAll(async () => {
    await model.destroy();
  });

  test('the client was the one asked for', () => {
    expect(model.clientKind).toBe(client);
  });

  test('relation-set --file - (JSON or YAML), relation-get formats, unknown key is null', async () => {
    const r = `api:${relationId}`;
    const out = await runInHook(model, 'box/0', [
      { argv: ['relation-set', '-r', r, '--file', '-'], input: '{"a": "1", "html": "<a&b>", "gone": "x"}' },
      { argv: ['relation-set', '-r', r, '--file', '-'], input: 'gone: ""\nmulti: |\n  l1\n  l2\n' },
      ['relation-get', '--format=json', '-r', r, 'a', 'box/0'],
      ['relation-get', '--format=json', '-r', r, 'nope', 'box/0'],
      ['relation-get', '-r', r, 'nope', 'box/0'],
      ['relation-get', '-r', r, 'a', 'box/0'],
      ['relation-get', '--format=json', '-r', r, 'html', 'box/0'],
      ['relation-get', '--format=json', '-r', r, '-', 'up/0'],
      ['relation-get', '--format', 'json', '-r', r, '-', 'box/0'],
      ['relation-set', '-r', r, 'novalue'],
    ]);
    expect(out.map((o) => o.code)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(out[2]?.stdout).toBe('"1"\n');
    expect(out[3]?.stdout).toBe('null\n');
    expect(out[4]?.stdout).toBe('');
    expect(out[5]?.stdout).toBe('1\n');
    expect(out[6]?.stdout).toBe('"\\u003ca\\u0026b\\u003e"\n');
    const up = model.status().applications.find((a) => a.name === 'up')?.units[0]?.address;
    expect(out[7]?.stdout).toBe(`{"egress-subnets":"${up}/32","ingress-address":"${up}","private-address":"${up}"}\n`);
    const own = JSON.parse(out[8]?.stdout ?? '') as Record<string, string>;
    expect(own).toMatchObject({ a: '1', multi: 'l1\nl2\n' });
    expect(own['gone']).toBeUndefined();
    expect(out[9]?.stderr).toBe('ERROR expected "key=value", got "novalue"\n');
    // Committed: the remote side reads it now.
    expect(model.relationData(relationId, 'box/0')['a']).toBe('1');
  });

  test('large values and non-ASCII text cross the client byte-exactly', async () => {
    const big = `${'x'.repeat(100_000)} ünïcödé ✓ \t tab`;
    const r = `api:${relationId}`;
    const out = await runInHook(model, 'box/0', [
      { argv: ['relation-set', '-r', r, '--file', '-'], input: JSON.stringify({ big }) },
      ['relation-get', '--format=json', '-r', r, 'big', 'box/0'],
      ['relation-set', '-r', r, 'big='],
    ]);
    expect(out.map((o) => o.code)).toEqual([0, 0, 0]);
    expect(JSON.parse(out[1]?.stdout ?? '')).toBe(big);
  });

  test('usage errors exit 2 with Juju messages; runtime errors exit 1', async () => {
    const out = await runInHook(model, 'box/1', [
      ['relation-ids', '--bogus'],
      ['is-leader', 'extra'],
      ['relation-get', 'key'],
      ['relation-get', '-r', '99', 'key', 'up/0'],
      ['relation-get', '-r', 'one', 'key', 'up/0'],
      ['status-set', 'happy'],
      ['status-set'],
      ['config-get', '--all', 'name'],
      ['leader-set', 'a=b'],
      ['action-get'],
      ['relation-get', '--format=xml', '-r', String(relationId), 'a', 'up/0'],
      ['relation-get', '-r', String(relationId), '-', 'up'],
    ]);
    expect(out.map((o) => [o.code, o.stderr])).toEqual([
      [2, 'ERROR option provided but not defined: --bogus\n'],
      [2, 'ERROR unrecognized args: ["extra"]\n'],
      [2, 'ERROR no relation id specified\n'],
      [2, 'ERROR invalid value "99" for option -r: relation not found\n'],
      [2, 'ERROR invalid value "one" for option -r: invalid relation id\n'],
      [2, 'ERROR invalid status "happy", expected one of [maintenance blocked waiting active]\n'],
      [2, 'ERROR invalid args, require <status> [message]\n'],
      [2, 'ERROR cannot use argument --all together with key "name"\n'],
      [1, 'ERROR cannot write leadership settings: cannot write settings: not the leader\n'],
      [1, 'ERROR not running an action\n'],
      [2, 'ERROR invalid value "xml" for option --format: unknown format "xml"\n'],
      [2, 'ERROR expected unit name, got application name "up"\n'],
    ]);
  });

  test('ids, lists, config, leadership, status, addresses', async () => {
    const out = await runInHook(model, 'box/0', [
      ['relation-ids', '--format=json', 'api'],
      ['relation-list', '--format=json', '-r', String(relationId)],
      ['relation-list', '--format=json', '--app', '-r', `api:${relationId}`],
      ['config-get', '--format=json', '--all'],
      ['config-get', '--format=json'],
      ['config-get', '--format=json', 'size'],
      ['is-leader', '--format=json'],
      ['is-leader'],
      ['status-set', 'active', 'all good'],
      ['status-get', '--format=json', '--include-data'],
      ['status-get'],
      ['unit-get', '--format=json', 'private-address'],
      ['network-get', '--format=json', 'api'],
      ['network-get', 'api', '--ingress-address'],
      ['application-version-set', '1.2.3'],
      ['juju-log', '--log-level', 'WARNING', '--', 'careful', 'now'],
    ]);
    expect(out.every((o) => o.code === 0)).toBe(true);
    expect(out[0]?.stdout).toBe(`["api:${relationId}"]\n`);
    expect(out[1]?.stdout).toBe('["up/0"]\n');
    expect(out[2]?.stdout).toBe('"up"\n');
    expect(out[3]?.stdout).toBe('{"name":"box","size":3,"unset":null}\n');
    expect(out[4]?.stdout).toBe('{"name":"box","size":3}\n');
    expect(out[5]?.stdout).toBe('3\n');
    expect(out[6]?.stdout).toBe('true\n');
    expect(out[7]?.stdout).toBe('True\n');
    expect(out[9]?.stdout).toBe('{"message":"all good","status":"active","status-data":{}}\n');
    expect(out[10]?.stdout).toBe('active\n');
    const address = model.status().applications.find((a) => a.name === 'box')?.units[0]?.address ?? '';
    expect(address).toMatch(/^127\.0\.1\.\d+$/);
    expect(out[11]?.stdout).toBe(`"${address}"\n`);
    expect(JSON.parse(out[12]?.stdout ?? '')).toEqual({
      'bind-addresses': [{ 'mac-address': '', 'interface-name': 'lo', addresses: [{ hostname: '', value: address, cidr: '127.0.1.0/24' }] }],
      'egress-subnets': [`${address}/32`],
      'ingress-addresses': [address],
    });
    expect(out[13]?.stdout).toBe(`${address}\n`);
    expect(model.status().applications.find((a) => a.name === 'box')?.version).toBe('1.2.3');
    expect(model.logs.at(-1)).toEqual({ unit: 'box/0', hook: 'update-status', level: 'WARNING', message: 'careful now' });
  });

  test('ports and state commit with the hook; opened-ports shows committed ports only', async () => {
    const first = await runInHook(model, 'box/1', [['open-port', '4141/tcp'], ['open-port', '1000-1010/udp'], ['opened-ports', '--format=json'], ['state-set', 'k=v'], ['state-get', '--format=json', 'k']]);
    expect(first[2]?.stdout).toBe('[]\n');
    expect(first[4]?.stdout).toBe('"v"\n');
    const second = await runInHook(model, 'box/1', [['opened-ports', '--format=json'], ['close-port', '4141'], ['state-get', '--format=json'], ['opened-ports', '--endpoints']]);
    expect(second[0]?.stdout).toBe('["4141/tcp","1000-1010/udp"]\n');
    expect(second[2]?.stdout).toBe('{"k":"v"}\n');
    expect(second[3]?.stdout).toBe('4141/tcp (*)\n1000-1010/udp (*)\n');
    expect(model.status().applications.find((a) => a.name === 'box')?.units[1]?.ports).toEqual(['1000-1010/udp']);
    expect(model.charmState('box/1')).toEqual({ k: 'v' });
  });

  test('resource-get prints the unit-local copy of an attached resource; a missing one exits 1', async () => {
    const out = await runInHook(model, 'box/0', [['resource-get', 'blob']]);
    expect(out[0]?.code).toBe(0);
    expect(out[0]?.stdout).toBe(join(model.dir, 'units', 'box-0', 'resources', 'blob', 'blob.bin'));
    const missing = await runInHook(model, 'up/0', [['resource-get', 'blob'], ['resource-get', 'nope']]);
    expect(missing.map((m) => m.code)).toEqual([1, 1]);
    expect(missing[0]?.stderr).toMatch(/^ERROR could not download resource/);
  });

  test('every call is recorded with tool, args, unit and hook', () => {
    const call = model.toolCalls.find((c) => c.tool === 'application-version-set');
    expect(call).toMatchObject({ unit: 'box/0', hook: 'update-status', args: ['1.2.3'], exitCode: 0 });
    expect(call?.durationMs).toBeGreaterThanOrEqual(0);
  });
});
