// How the fakes of Juju's hook tools read a call's arguments (the shapes hookcmds produces).

/** The value after `name` (e.g. `-r`), if the call has it. */
export function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

/** Positional arguments: skips flags and the values of the flags that take one. */
export function positional(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-r' || arg === '--file' || arg === '--log-level') i++;
    else if (arg === '--') {
      out.push(...args.slice(i + 1));
      break;
    } else if (arg === '-' || !arg.startsWith('-')) out.push(arg);
  }
  return out;
}
