import { entraRefusal } from './azure-account-verifier';

describe("Entra ID's refusal", () => {
  it('is read from the error @azure/identity throws: the AADSTS code and the description alone', () => {
    const error = new Error(
      "invalid_client: Error(s): 7000215 - Timestamp: 2026-11-30T10:38:23.340Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0a1b2c3d'. Trace ID: 3b2d8a2e Correlation ID: ff9b47c3 Timestamp: 2026-11-30T10:38:23.340Z - Correlation ID: b82dd5df - Trace ID: c0fcb51e",
    );
    error.name = 'AuthenticationRequiredError';
    expect(entraRefusal(error)).toEqual({
      code: 'AADSTS7000215',
      message:
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0a1b2c3d'.",
    });
  });

  it('is nothing when the error names no AADSTS code', () => {
    expect(entraRefusal(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toBeUndefined();
    expect(entraRefusal('AADSTS7000215')).toBeUndefined();
  });
});
