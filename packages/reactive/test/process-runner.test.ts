// runProcess, the node:child_process runner under spawnToolRunner (and packages/flume's read-only commands):
// what it adds beyond the tool contract (env replacement, timeout); it never rejects.
import { runProcess } from '../src/process-runner';

test('exit code, both streams and stdin', async () => {
  const out = await runProcess('sh', ['-c', 'cat; echo err >&2; exit 3'], { input: 'in' });
  expect(out).toEqual({ exitCode: 3, signal: undefined, stdout: 'in', stderr: 'err\n' });
});

test('env replaces the environment instead of extending it', async () => {
  const out = await runProcess('/bin/sh', ['-c', 'printf "%s|%s" "${ONLY-unset}" "${HOME-unset}"'], { env: { ONLY: 'yes' } });
  expect(out.stdout).toBe('yes|unset');
});

test('a timeout kills the process and says so', async () => {
  const out = await runProcess('sleep', ['5'], { timeoutMs: 50 });
  expect(out).toMatchObject({ exitCode: undefined, signal: 'SIGKILL', failure: 'timed out after 50 ms' });
});

test('a command that cannot start resolves with the reason', async () => {
  const out = await runProcess('/nonexistent/tool', []);
  expect(out).toMatchObject({ exitCode: undefined, signal: undefined, stdout: '', stderr: '' });
  expect(out.failure).toMatch(/ENOENT/);
});
