// runCommand (execa: commands that change the machine) and readCommand (packages/reactive's node:child_process
// runner: read-only commands every hook runs) keep one contract: this table runs both.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandError, readCommand, runCommand } from '../src';

const runners = [
  ['runCommand (execa)', runCommand],
  ['readCommand (node:child_process)', readCommand],
] as const;

const bin = mkdtempSync(join(tmpdir(), 'flume-commands-'));
const command = (name: string, script: string): string => {
  writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`);
  chmodSync(join(bin, name), 0o755);
  return join(bin, name);
};
const show = command('show', 'printf "ActiveState=active\\nSubState=running\\n"; echo "note" >&2');
const inactive = command('inactive', 'echo inactive; exit 3');
const broken = command('broken', 'echo "Failed to connect to bus" >&2; exit 1');
const killed = command('killed', 'kill -9 $$');
const slow = command('slow', 'exec sleep 5');
const envProbe = command('env-probe', 'printf "%s|%s" "$EXTRA" "${HOME:+home}"');
afterAll(() => rmSync(bin, { recursive: true, force: true }));

describe.each(runners)('%s', (_name, run) => {
  test('stdout and stderr as printed, with the exit code', async () => {
    expect(await run(show, ['flume.service'])).toEqual({ exitCode: 0, stdout: 'ActiveState=active\nSubState=running\n', stderr: 'note\n' });
  });

  test('an exit code listed in okExitCodes is an answer', async () => {
    expect(await run(inactive, [], { okExitCodes: [0, 3] })).toMatchObject({ exitCode: 3, stdout: 'inactive\n' });
  });

  test('another exit code is a CommandError with the command, the code and stderr', async () => {
    const error = await run(broken, ['show', 'x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ command: [broken, 'show', 'x'], exitCode: 1, stderr: 'Failed to connect to bus\n' });
    expect((error as Error).message).toBe(`command failed (exit 1): ${broken} show x: Failed to connect to bus`);
  });

  test('a missing command, a signal and a timeout are CommandErrors without an exit code', async () => {
    for (const [file, options, reason] of [
      [join(bin, 'missing'), {}, /ENOENT/],
      [killed, {}, /SIGKILL/],
      [slow, { timeoutMs: 100 }, /timed out/i],
    ] as const) {
      const error = await run(file, [], options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandError);
      expect(error).toMatchObject({ exitCode: undefined });
      expect((error as CommandError).stderr).toMatch(reason);
    }
  });

  test('env extends the environment', async () => {
    expect((await run(envProbe, [], { env: { EXTRA: 'x' } })).stdout).toBe(`x|${process.env.HOME ? 'home' : ''}`);
  });
});
