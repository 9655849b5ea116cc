import { runCommand } from './commands';

export const DEFAULT_JAVA_PACKAGE = 'openjdk-17-jre-headless';

/** Debian package names (policy §5.6.1); also keeps option-looking values like `-o...` out of apt-get. */
const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;

export function isValidPackageName(name: string): boolean {
  return DEBIAN_PACKAGE.test(name) && name.length <= 100;
}

const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' } as const;
/**
 * Wait up to 5 minutes for the dpkg lock instead of failing at once: on a fresh machine unattended-upgrades
 * often holds it (the dispatch shim waits the same way when it installs Node.js).
 */
const APT_LOCK_WAIT = ['-o', 'DPkg::Lock::Timeout=300'] as const;

/** Whether dpkg reports the package as installed: `dpkg-query -W -f=${Status} PKG`. */
export async function isPackageInstalled(pkg: string): Promise<boolean> {
  const result = await runCommand('dpkg-query', ['-W', '-f=${Status}', pkg], { okExitCodes: [0, 1] });
  return result.exitCode === 0 && /\binstall ok installed\b/.test(result.stdout);
}

export interface EnsureJavaResult {
  readonly package: string;
  /** False when dpkg already had it. */
  readonly installed: boolean;
}

/**
 * Installs the Java runtime package unless it is there already:
 *   dpkg-query -W -f=${Status} PKG
 *   apt-get install -y -o DPkg::Lock::Timeout=300 PKG        (DEBIAN_FRONTEND=noninteractive)
 * and, when that fails (stale package lists), `apt-get update` and one more install, all with the lock timeout.
 */
export async function ensureJava(pkg: string = DEFAULT_JAVA_PACKAGE): Promise<EnsureJavaResult> {
  if (!isValidPackageName(pkg)) throw new Error(`invalid java package name: ${JSON.stringify(pkg)}`);
  if (await isPackageInstalled(pkg)) return { package: pkg, installed: false };
  try {
    await runCommand('apt-get', ['install', '-y', ...APT_LOCK_WAIT, pkg], { env: APT_ENV });
  } catch {
    await runCommand('apt-get', ['update', ...APT_LOCK_WAIT], { env: APT_ENV });
    await runCommand('apt-get', ['install', '-y', ...APT_LOCK_WAIT, pkg], { env: APT_ENV });
  }
  return { package: pkg, installed: true };
}
