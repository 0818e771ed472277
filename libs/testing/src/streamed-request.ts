import { request as httpRequest } from 'node:http';

export interface StreamedRequest {
  method?: string;
  headers?: Record<string, string>;
  /** Sent one after another with no content length (chunked), as a streaming upload is. */
  chunks: Buffer[];
  /** Send `Expect: 100-continue` and hold the body until the server says 100 Continue. */
  expectContinue?: boolean;
}

export interface StreamedResponse {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Posts a body the way fetch cannot: chunked, or after `Expect: 100-continue`.
 * Resolves with the answer as soon as it is complete, even when the server
 * answered early and stopped reading the rest of the body.
 */
export function sendStreamed(url: string, options: StreamedRequest): Promise<StreamedResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(
      url,
      {
        method: options.method ?? 'POST',
        headers: {
          ...options.headers,
          ...(options.expectContinue ? { expect: '100-continue' } : {}),
        },
      },
      (response) => {
        answered = true;
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'] ?? '',
            body,
          }),
        );
      },
    );
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const writeFrom = (index: number): void => {
      const chunk = options.chunks[index];
      if (chunk === undefined || answered) {
        request.end();
        return;
      }
      request.write(chunk, () => writeFrom(index + 1));
    };
    if (options.expectContinue) request.once('continue', () => writeFrom(0));
    else writeFrom(0);
  });
}
