import { encodeSavingCursor, recommendationListQuerySchema } from './recommendation.schemas';

describe('recommendationListQuerySchema', () => {
  it("reads a page's nextCursor back as the saving and id it ended at", () => {
    const cursor = encodeSavingCursor({
      saving: '70.08',
      id: '0b9f9a5e-8c1f-4d7e-9a59-1f0c2d3e4f50',
    });
    expect(recommendationListQuerySchema.parse({ cursor, kind: 'rightsizing' })).toEqual({
      cursor: { saving: '70.08', id: '0b9f9a5e-8c1f-4d7e-9a59-1f0c2d3e4f50' },
      kind: 'rightsizing',
      limit: 50,
    });
  });

  it('refuses a forged cursor, an unknown kind and an unknown parameter, naming each', () => {
    const forged = Buffer.from(JSON.stringify(['1; DROP TABLE x', 'nope'])).toString('base64url');
    const parsed = recommendationListQuerySchema.safeParse({
      cursor: forged,
      kind: 'cheaper',
      sort: 'saving',
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((issue) => issue.path.join('.') || issue.code).sort();
    expect(paths).toEqual(['cursor', 'kind', 'unrecognized_keys']);
  });
});
