import { insightListQuery } from './insight.schemas';

describe('the insight list query', () => {
  it('takes a subject URN with spaces, as cost scopes name services', () => {
    const parsed = insightListQuery.parse({ subject: 'codex:cost-scope:service:Virtual Machines' });
    expect(parsed).toMatchObject({
      subject: 'codex:cost-scope:service:Virtual Machines',
      limit: 50,
    });
  });

  it('names each field it refuses', () => {
    const parsed = insightListQuery.safeParse({
      kind: 'guess',
      status: 'closed',
      type: 'Cost Forecast',
      since: '2026-02-30T00:00:00Z',
      limit: '500',
      cursor: 'bm90IGEgY3Vyc29y',
      colour: 'red',
    });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.') || issue.code).sort()).toEqual([
      'cursor',
      'kind',
      'limit',
      'since',
      'status',
      'type',
      'unrecognized_keys',
    ]);
  });
});
