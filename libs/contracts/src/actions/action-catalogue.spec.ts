import { ActionCatalogue } from './action-catalogue';
import { ACTION_CATALOGUE } from './catalogue';
import { catalogueExtensions } from './catalogue-extensions';

const widget = {
  provider: 'aws',
  resourceType: 'codex-test/widget',
  actions: {
    recalibrate: {
      summary: 'Recalibrate a widget',
      executor: 'widget-executor',
      reversible: false,
      risk: 'low',
      params: {
        type: 'object',
        properties: { level: { type: 'integer', minimum: 1, maximum: 5 } },
        required: ['level'],
        additionalProperties: false,
      },
    },
  },
};

describe('the action catalogue', () => {
  it('lists the actions of a resource type, and none for an unknown type or provider', () => {
    expect(ACTION_CATALOGUE.actionsFor('aws', 'ec2/instance')).toEqual([
      'start',
      'stop',
      'reboot',
      'resize',
    ]);
    expect(ACTION_CATALOGUE.actionsFor('aws', 'ecs/service')).toEqual(['scale']);
    expect(ACTION_CATALOGUE.actionsFor('azure', 'ec2/instance')).toEqual([]);
    expect(ACTION_CATALOGUE.definition('aws', 'ec2/instance', 'constructor')).toBeUndefined();
  });

  it('names the executor, reversibility, risk and approval of each action', () => {
    expect(ACTION_CATALOGUE.definition('aws', 'ec2/instance', 'reboot')).toMatchObject({
      executor: 'engine-core',
      reversible: false,
      risk: 'medium',
      productionNeedsApproval: true,
    });
    expect(ACTION_CATALOGUE.executorOf('aws', 'ecs/service', 'scale')).toBe('engine-core');
    expect(ACTION_CATALOGUE.executorOf('aws', 'ecs/service', 'stop')).toBeUndefined();
  });

  it('checks parameters strictly and plans from the target as last seen', () => {
    const resize = ACTION_CATALOGUE.definition('aws', 'ec2/instance', 'resize');
    if (!resize) throw new Error('resize is missing');
    const bad = ACTION_CATALOGUE.checkParams(resize, { instanceType: 42, extra: 1 });
    expect('error' in bad && bad.error.issues.map((issue) => issue.code).sort()).toEqual([
      'invalid_type',
      'unrecognized_keys',
    ]);
    const good = ACTION_CATALOGUE.checkParams(resize, { instanceType: 't3.large' });
    expect(good).toEqual({ params: { instanceType: 't3.large' } });
    const target = { urn: 'u', state: 'running', attributes: { instanceType: 't3.small' } };
    expect(resize.plan(target, { instanceType: 't3.large' })).toEqual({
      changes: [{ field: 'instanceType', from: 't3.small', to: 't3.large' }],
      steps: ['stop the instance', 'change its type to t3.large', 'start it again'],
    });
  });

  it('takes resource types of other executors from an extension file', () => {
    const catalogue = ACTION_CATALOGUE.extendedWith(catalogueExtensions([widget]));
    const recalibrate = catalogue.definition('aws', 'codex-test/widget', 'recalibrate');
    expect(recalibrate).toMatchObject({
      executor: 'widget-executor',
      productionNeedsApproval: true,
    });
    if (!recalibrate) throw new Error('recalibrate is missing');
    expect(catalogue.checkParams(recalibrate, { level: 3 })).toEqual({ params: { level: 3 } });
    expect('error' in catalogue.checkParams(recalibrate, { level: 9 })).toBe(true);
    expect(recalibrate.plan({ urn: 'u', state: 'ok', attributes: {} }, { level: 3 })).toEqual({
      changes: [],
      steps: ['widget-executor performs recalibrate'],
    });
    expect(catalogue.actionNames()).toContain('recalibrate');
  });

  it('refuses a malformed extension and a resource type listed twice', () => {
    expect(() => catalogueExtensions([{ ...widget, resourceType: 'no slash' }])).toThrow(
      /resourceType/,
    );
    expect(() =>
      catalogueExtensions([{ ...widget, actions: { recalibrate: { summary: 'x' } } }]),
    ).toThrow(/executor/);
    expect(
      () => new ActionCatalogue([...ACTION_CATALOGUE.entries, ...ACTION_CATALOGUE.entries]),
    ).toThrow(/twice/);
  });
});
