// The production runner, execa, against tiny fake executables on PATH.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hookcmds from '../src/hookcmds';
import { execaToolRunner, useToolRunner } from '../src/hookcmds/run';
import { HookToolError } from '../src';

describe('the real execa runner', () => {
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
  const originalPath = process.env.PATH;
  beforeAll(() => {
    process.env.PATH = `${bin}:${originalPath ?? ''}`;
    useToolRunner(execaToolRunner);
  });
  afterAll(() => {
    process.env.PATH = originalPath;
  });

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

  test('stdout is parsed and stdin is passed', async () => {
    expect(await hookcmds.configGet()).toEqual({ port: 4141, dir: null });
    await hookcmds.relationSet({ port: '4141' }, { relationId: 'x:1' });
    expect(readFileSync(join(bin, 'relation-set.stdin'), 'utf8')).toBe('{"port":"4141"}');
  });

  test('a missing tool is a HookToolError too', async () => {
    const error = await hookcmds.leaderGet().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookToolError);
    expect(error).toMatchObject({ tool: 'leader-get', exitCode: undefined });
  });

  test('a tool that exits without reading a large stdin still succeeds', async () => {
    await expect(hookcmds.stateSet({ blob: 'x'.repeat(1 << 20) })).resolves.toBeUndefined();
  });

  test('a tool killed by a signal is a HookToolError that says so', async () => {
    const error = await hookcmds.isLeader().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookToolError);
    expect(error).toMatchObject({ tool: 'is-leader' });
    expect(String((error as HookToolError).message)).toMatch(/SIGKILL|signal/i);
  });
});
