import { runCommand } from './commands';

/** The system account Flume runs as. It has no shell, no home of its own and no password. */
export const FLUME_USER = 'flume';
export const FLUME_GROUP = 'flume';

async function exists(database: 'passwd' | 'group', name: string): Promise<boolean> {
  // getent exits 2 when the key is not found.
  const result = await runCommand('getent', [database, name], { okExitCodes: [0, 2] });
  return result.exitCode === 0;
}

/**
 * Creates the `flume` system user when it does not exist:
 *   getent passwd flume
 *   getent group flume
 *   useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin (--user-group | --gid flume) flume
 * Returns whether it was created.
 */
export async function ensureFlumeUser(): Promise<boolean> {
  if (await exists('passwd', FLUME_USER)) return false;
  const groupArgs = (await exists('group', FLUME_GROUP)) ? ['--gid', FLUME_GROUP] : ['--user-group'];
  await runCommand('useradd', [
    '--system',
    '--no-create-home',
    '--home-dir',
    '/nonexistent',
    '--shell',
    '/usr/sbin/nologin',
    ...groupArgs,
    FLUME_USER,
  ]);
  return true;
}
