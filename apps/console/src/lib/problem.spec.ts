import { fieldErrors, fieldLabel, problemMessage, toProblem } from './problem';

describe('problem documents', () => {
  const validation = toProblem(400, {
    type: 'urn:codex:problem:validation_failed',
    title: 'Bad Request',
    status: 400,
    code: 'validation_failed',
    detail: 'the request has 2 invalid fields',
    errors: [
      { field: 'body.name', message: 'expected at least 1 character' },
      { field: 'body.regions.1', message: 'invalid option' },
      { field: 'body.credentials', message: 'STS refused the keys' },
    ],
  });

  it('a problem document is read with its code, detail and field errors', () => {
    expect(validation.code).toBe('validation_failed');
    expect(validation.errors).toHaveLength(3);
    expect(problemMessage(validation)).toBe('The request has 2 invalid fields.');
  });

  it('each field error lands on the field that owns its path, the rest above the form', () => {
    const { byField, form } = fieldErrors(validation, [
      'name',
      'regions',
      'credentials.accessKeyId',
    ]);
    expect(byField).toEqual({ name: 'expected at least 1 character', regions: 'invalid option' });
    expect(form).toEqual([{ field: 'body.credentials', message: 'STS refused the keys' }]);
  });

  it('two errors on one field are both shown', () => {
    const problem = toProblem(400, {
      errors: [
        { field: 'body.name', message: 'too short' },
        { field: 'body.name', message: 'bad characters' },
      ],
    });
    expect(fieldErrors(problem, ['name']).byField.name).toBe('too short; bad characters');
  });

  it('the most specific field wins over its parent', () => {
    const problem = toProblem(400, {
      errors: [{ field: 'body.credentials.roleArn', message: 'not an ARN' }],
    });
    expect(fieldErrors(problem, ['credentials', 'credentials.roleArn']).byField).toEqual({
      'credentials.roleArn': 'not an ARN',
    });
  });

  it('a server error names its reference instead of internals', () => {
    const problem = toProblem(503, { code: 'unavailable', detail: 'kafka down', requestId: 'r-1' });
    expect(problemMessage(problem)).toBe(
      'Codex could not complete the request (reference r-1). Try again in a moment.',
    );
  });

  it('a refusal, a rate limit, an ended session and no network each read as a sentence', () => {
    expect(problemMessage(toProblem(403, { detail: 'requires the approver role' }))).toBe(
      'You are not allowed to do this: requires the approver role',
    );
    expect(problemMessage(toProblem(429, {}))).toMatch(/Too many requests/);
    expect(problemMessage(toProblem(401, { code: 'not_signed_in' }))).toMatch(/Sign in again/);
    expect(problemMessage(toProblem(0, undefined))).toMatch(/cannot be reached/);
  });

  it('a body that is not a problem document still gives a message', () => {
    const problem = toProblem(404, 'Not Found');
    expect(problem.code).toBe('http_404');
    expect(problemMessage(problem)).toBe('Not Found.');
    expect(problemMessage(toProblem(409, null))).toBe('The request failed (http_409).');
  });

  it('field paths read as words', () => {
    expect(fieldLabel('body.credentials.accessKeyId')).toBe('credentials › access key id');
    expect(fieldLabel('body')).toBe('request');
  });
});
