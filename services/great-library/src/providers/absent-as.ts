/**
 * The answer, or undefined when the provider says the thing asked about is not set up: an S3
 * bucket without a policy (NoSuchBucketPolicy), a GCS or Azure setting answered 404. Any other
 * failure is thrown as it came.
 */
export async function absentAs<T>(answer: Promise<T>, absentCodes: readonly string[]) {
  try {
    return await answer;
  } catch (error) {
    const failure = error as { name?: string; Code?: string; code?: unknown; statusCode?: number };
    const codes = [failure.name, failure.Code, String(failure.code), String(failure.statusCode)];
    if (codes.some((code) => code !== undefined && absentCodes.includes(code))) return undefined;
    throw error;
  }
}
