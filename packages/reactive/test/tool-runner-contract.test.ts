// The hook-tool runner contract, run against both runners from one table: execa (the reference) and the
// node:child_process runner that hooks use. Tiny fake executables on PATH play the tools.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hookcmds from '../src/hookcmds';
import { execaToolRunner, spawnToolRunner, useToolRunner, type ToolRunner } from '../src/hookcmds/run';
import { HookToolError } from '../src';

const runners: ReadonlyArray<[string, ToolRunner]> = [
  ['execa', execaToolRunner],
  ['node:child_process', spawnToolRunner],
];

const bin = mkdtempSync(join(tmpdir(), 'reactive-tools-'));
const tool = (name: string, script: string): void => {
  writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`);
  chmodSync(join(bin, name), 0o755);
};
tool('relation-get', 'echo "ERROR permission denied: $*" >&2; exit 2');
tool('config-get', 'echo \'{"port": 4141, "dir": null}\'');
tool('relation-set', 'cat > "$(dirname "$0")/relation-set.stdin"');
tool('state-set', 'exit 0');
tool('is-leader', 'kill -9 $$');
tool('leader-set', 'exit 5');
// 4 KiB of 'é' (two bytes each) with an odd first byte, so pipe chunks split characters.
tool('action-get', 'printf x; i=0; while [ $i -lt 4096 ]; do printf "\\303\\251"; i=$((i+1)); done');
tool('unit-get', 'printf "%s" "\\"$FAKE_UNIT_ADDRESS\\""');
const originalPath = process.env.PATH;
beforeAll(() => {
  process.env.PATH = `${bin}:${originalPath ?? ''}`;
  process.env.FAKE_UNIT_ADDRESS = '198.18.0.7';
});
afterAll(() => {
  process.env.PATH = originalPath;
  delete process.env.FAKE_UNIT_ADDRESS;
  useToolRunner(spawnToolRunner);
  rmSync(bin, { recursive: true, force: true });
});

describe.each(runners)('the %s runner', (_name, runner) => {
  beforeEach(() => useToolRunner(runner));

  test('a tool that exits non-zero gives a HookToolError naming the tool, its arguments, the code and stderr', async () => {
    const error = await hookcmds.relationGet('hdfs/0', { relationId: 'flume-agent:0' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookToolError);
    expect(error).toMatchObject({
      tool: 'relation-get',
      args: ['--format=json', '-r', 'flume-agent:0', '-', 'hdfs/0'],
      exitCode: 2,
      stderr: 'ERROR permission denied: --format=json -r flume-agent:0 - hdfs/0\n',
    });
    expect((error as Error).message).toBe(
      'hook tool `relation-get --format=json -r flume-agent:0 - hdfs/0` exited 2: ERROR permission denied: --format=json -r flume-agent:0 - hdfs/0',
    );
  });

  test('a non-zero exit without stderr still names the code', async () => {
    const error = await hookcmds.leaderSet({ k: 'v' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookToolError);
    expect(error).toMatchObject({ tool: 'leader-set', exitCode: 5 });
    expect((error as Error).message).toMatch(/^hook tool `leader-set k=v` exited 5/);
  });

  test('stdout is parsed and stdin is passed', async () => {
    expect(await hookcmds.configGet()).toEqual({ port: 4141, dir: null });
    await hookcmds.relationSet({ port: '4141' }, { relationId: 'x:1' });
    expect(readFileSync(join(bin, 'relation-set.stdin'), 'utf8')).toBe('{"port":"4141"}');
  });

  test('stdout keeps its final newline and multi-byte characters split across pipe chunks', async () => {
    expect(await runner({ tool: 'config-get', args: [] })).toBe('{"port": 4141, "dir": null}\n');
    expect(await runner({ tool: 'action-get', args: [] })).toBe(`x${'é'.repeat(4096)}`);
  });

  test('the tool inherits the hook environment', async () => {
    expect(await hookcmds.unitGet('private-address')).toBe('198.18.0.7');
  });

  test('a missing tool is a HookToolError too', async () => {
    const error = await hookcmds.leaderGet().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookToolError);
    expect(error).toMatchObject({ tool: 'leader-get', exitCode: undefined });
    expect((error as Error).message).toMatch(/ENOENT/);
  });

  test('a tool that exits without reading a large stdin still succeeds', async () => {
    await expect(hookcmds.stateSet({ blob: 'x'.repeat(1 << 20) })).resolves.toBeUndefined();
  });

  test('a tool killed by a signal is a HookToolError that says so', async () => {
    const error = await hookcmds.isLeader().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookToolError);
    expect(error).toMatchObject({ tool: 'is-leader', exitCode: undefined });
    expect(String((error as HookToolError).message)).toMatch(/SIGKILL/);
  });
});
