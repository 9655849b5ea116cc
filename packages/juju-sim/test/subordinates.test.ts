// Subordinates: container-scoped relations, one subordinate unit per principal unit on its machine, and the
// refusals Juju makes (checked against juju/juju state.AddRelation, Application.addUnitOps, DestroyUnit, deploy).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Model, ModelError } from '../src';

const CHARMS = join(__dirname, 'charms');
const HOST = join(CHARMS, 'host');
const PLUGIN = join(CHARMS, 'plugin');
const PLUGIN_BIONIC = join(CHARMS, 'plugin-bionic');

/** The hooks a unit ran, as its charm recorded them: "hook principal=... sees=...". */
function hookLog(model: Model, unit: string): string[] {
  return model.unitFile(unit, 'hooks.log').trim().split('\n').map((line) => line.trimEnd());
}

function units(model: Model, app: string): Array<{ name: string; principal?: string; address: string; machine: number }> {
  return model.status().applications.find((a) => a.name === app)?.units.map((u) => ({ name: u.name, address: u.address, machine: u.machine, ...(u.principal ? { principal: u.principal } : {}) })) ?? [];
}

describe('subordinate applications', () => {
  let model: Model;
  const temps: string[] = [];
  beforeEach(async () => {
    model = await Model.create();
  });
  afterEach(async () => {
    await model.destroy();
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  test('deploy gives a subordinate no units; asking for some, or adding one, is refused as Juju does', async () => {
    await model.deploy(PLUGIN);
    expect(units(model, 'plugin')).toEqual([]);
    expect(model.status().applications.find((a) => a.name === 'plugin')?.subordinate).toBe(true);
    await expect(model.deploy(PLUGIN, { name: 'plugin-two', units: 2 })).rejects.toThrow('cannot use --num-units or --to with subordinate application');
    await expect(model.addUnit('plugin')).rejects.toThrow('cannot add unit to application "plugin": application is a subordinate');
  });

  test('relating creates one subordinate unit beside each principal unit, on its machine, seeing only it', async () => {
    await model.deploy(HOST, { units: 2 });
    await model.deploy(PLUGIN);
    model.relate('host:plugin', 'plugin:plugin');
    expect((await model.settle()).errors).toEqual([]);

    const hosts = units(model, 'host');
    const plugins = units(model, 'plugin');
    expect(plugins.map((p) => p.principal).sort()).toEqual(['host/0', 'host/1']);
    for (const plugin of plugins) {
      const host = hosts.find((h) => h.name === plugin.principal);
      expect(plugin).toMatchObject({ address: host?.address, machine: host?.machine });
      // The subordinate's charm ran with JUJU_PRINCIPAL_UNIT, and wrote onto its principal's machine.
      expect(hookLog(model, plugin.name)[0]).toBe(`install principal=${plugin.principal}`);
      expect(model.unitFile(plugin.principal as string, '/etc/plugins').trim()).toBe(plugin.name);
      // Container scope: each side sees only the other unit on its machine.
      expect(hookLog(model, plugin.name)).toContain(`plugin-relation-joined principal=${plugin.principal} sees=${plugin.principal}`);
      expect(hookLog(model, plugin.principal as string)).toContain(`plugin-relation-changed principal= sees=${plugin.name}`);
    }
  });

  test('a new principal unit gets its own subordinate unit; removing it takes the subordinate along', async () => {
    await model.deploy(HOST);
    await model.deploy(PLUGIN);
    model.relate('host', 'plugin');
    await model.settle();
    const [added] = await model.addUnit('host');
    await model.settle();
    expect(units(model, 'plugin').map((p) => [p.name, p.principal])).toEqual([
      ['plugin/0', 'host/0'],
      ['plugin/1', added],
    ]);

    expect(() => model.removeUnit('plugin/1')).toThrow(
      'unit "plugin/1" is a subordinate, to remove use remove-relation. Note: this will remove all units of "plugin"',
    );
    model.removeUnit(added as string);
    expect((await model.settle()).errors).toEqual([]);
    expect(units(model, 'plugin').map((p) => p.name)).toEqual(['plugin/0']);
    expect(hookLog(model, 'plugin/1').slice(-2)).toEqual(['stop principal=host/1', 'remove principal=host/1']);
    // One departure each, not two, although both ends leave.
    expect(hookLog(model, 'plugin/1').filter((l) => l.startsWith('plugin-relation-departed'))).toHaveLength(1);
    expect(hookLog(model, 'plugin/1').filter((l) => l.startsWith('plugin-relation-broken'))).toHaveLength(1);
  });

  test('removing the container-scoped relation removes every subordinate unit, and the application stays', async () => {
    await model.deploy(HOST, { units: 2 });
    await model.deploy(PLUGIN);
    const id = model.relate('host', 'plugin');
    await model.settle();
    model.removeRelation(id);
    expect((await model.settle()).errors).toEqual([]);
    expect(units(model, 'plugin')).toEqual([]);
    expect(model.status().applications.map((a) => a.name)).toContain('plugin');
    expect(hookLog(model, 'host/0').at(-1)).toBe('plugin-relation-broken principal= sees=');
  });

  test("Juju refuses a subordinate whose bases do not match the principal's (ubuntu@24.04 vs xenial/bionic)", async () => {
    await model.deploy(HOST);
    await model.deploy(PLUGIN_BIONIC);
    expect(() => model.relate('host:plugin', 'plugin-bionic:plugin')).toThrow(
      new ModelError(`cannot add relation "host:plugin plugin-bionic:plugin": principal and subordinate applications' bases must match`),
    );
    expect(model.status().relations).toEqual([]);
    expect(units(model, 'plugin-bionic')).toEqual([]);
  });

  test('a container-scoped relation between two principals is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'juju-sim-principal-plugin-'));
    temps.push(dir);
    cpSync(PLUGIN, dir, { recursive: true });
    writeFileSync(join(dir, 'metadata.yaml'), 'name: not-sub\nsummary: A principal offering the plugin interface.\nprovides:\n  plugin:\n    interface: plugin\n');
    await model.deploy(HOST);
    await model.deploy(dir);
    expect(() => model.relate('host', 'not-sub')).toThrow(
      'cannot add relation "host:plugin not-sub:plugin": container scoped relation requires at least one subordinate application',
    );
  });
});
