import { ConfigError, Model, ModelError, NotFoundError } from '../src';
import { PROBE } from './support/probe';

describe('config from the charm, type-checked', () => {
  let model: Model;
  beforeAll(async () => {
    model = await Model.create();
    await model.deploy(PROBE, { name: 'left', units: 0 });
  });
  afterAll(async () => {
    await model.destroy();
  });

  test('defaults come from config.yaml; options without default are null', () => {
    expect(model.configOf('left')).toEqual({ message: 'hello', 'fail-hook': '', port: 8080, ratio: 0.5, verbose: false, token: null });
  });

  test('values are checked against the option types; strings are parsed as `juju config` does', () => {
    model.config('left', { port: '9090', ratio: '0.25', verbose: 'true', token: 's3cret' });
    expect(model.configOf('left')).toMatchObject({ port: 9090, ratio: 0.25, verbose: true, token: 's3cret' });
    model.config('left', { port: null });
    expect(model.configOf('left')['port']).toBe(8080);
    expect(() => model.config('left', { port: 1.5 })).toThrow(ConfigError);
    expect(() => model.config('left', { port: 'eighty' })).toThrow('option "port" of left expects int, got "eighty"');
    expect(() => model.config('left', { verbose: 'yes' })).toThrow(ConfigError);
    expect(() => model.config('left', { message: 5 })).toThrow(ConfigError);
    expect(() => model.config('left', { colour: 'red' })).toThrow('unknown option "colour" for left');
  });

  test('deploy rejects bad names, bad config, unknown resources; relate rejects incompatible endpoints', async () => {
    await expect(model.deploy(PROBE, { name: 'Bad_Name' })).rejects.toThrow(ModelError);
    await expect(model.deploy(PROBE, { name: 'left' })).rejects.toThrow('already exists');
    await expect(model.deploy(PROBE, { name: 'other', config: { port: 'x' } })).rejects.toThrow(ConfigError);
    await expect(model.deploy(PROBE, { name: 'other2', resources: { nope: '/etc/hostname' } })).rejects.toThrow('has no resource "nope"');
    await model.deploy(PROBE, { name: 'right', units: 0 });
    expect(() => model.relate('left:db', 'right:db')).toThrow('no relations found');
    expect(() => model.relate('left:nope', 'right:backend')).toThrow(NotFoundError);
    expect(() => model.relate('left', 'right')).toThrow('ambiguous relation');
    model.relate('left:db', 'right:backend');
    expect(() => model.relate('right:backend', 'left:db')).toThrow('already exists');
  });
});
