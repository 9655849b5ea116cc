// What every file of the real-Flume suite shares: whether it can run (decided while jest collects, so a
// missing Flume shows as skipped tests, with the reason in their name and once on stderr), the packed charms,
// and one deployment per file.
import { findRealFlumeSync, type RealFlume } from '../support/real-flume';
import { packCharmsForTests, type CharmArchives } from '../support/charm-archives';
import { RealDeployment, type RealDeploymentSpec } from '../support/real-deployment';

export const realFlume: RealFlume = findRealFlumeSync({ machines: true });

let warned = false;

/** `describe` when real Flume can run here, else `describe.skip` with the reason in the name (printed once). */
export function describeWithRealFlume(name: string, body: () => void): void {
  if (realFlume.ok) {
    describe(name, body);
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`real-Flume tests skipped: ${realFlume.reason}`);
  }
  describe.skip(`${name} (skipped: ${realFlume.reason})`, body);
}

/** Generous per-test timeout: JVMs start in tens of seconds on a shared 2-core machine. */
export const REAL_TEST_TIMEOUT_MS = 300_000;

/**
 * beforeAll: pack both charms and deploy the spec (one model for the whole file); afterAll: destroy it.
 * The getter throws inside a test when the deployment failed, with the deployment's error.
 */
export function useRealDeployment(spec: Omit<RealDeploymentSpec, 'tarball' | 'charms'>): () => RealDeployment {
  let charms: CharmArchives | undefined;
  let deployment: RealDeployment | undefined;
  beforeAll(async () => {
    if (!realFlume.ok) return;
    charms = await packCharmsForTests(['flume-hdfs', 'flume-syslog']);
    deployment = await RealDeployment.deploy({ ...spec, tarball: realFlume.tarball, charms });
  }, REAL_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await deployment?.destroy();
    await charms?.cleanup();
  }, 120_000);
  return () => {
    if (!deployment) throw new Error('the real deployment is not up (see the beforeAll error above)');
    return deployment;
  };
}
