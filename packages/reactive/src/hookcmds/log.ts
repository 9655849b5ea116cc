import { runTool } from './run';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** `juju-log --log-level LEVEL -- MSG`: goes to the unit's log at once. */
export async function jujuLog(message: string, level: LogLevel = 'INFO'): Promise<void> {
  await runTool('juju-log', ['--log-level', level, '--', message]);
}
