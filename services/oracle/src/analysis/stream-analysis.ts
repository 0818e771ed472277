import { problemDocument } from '@codex/platform';
import type { FastifyReply } from 'fastify';

import type { AnswerStream } from './analyse-subject';
import type { AnalysisView } from './analysis-view';

/**
 * Writes an analysis as server-sent events: `text` pieces as they come, `restart` when the
 * pieces so far are void, then `done` with the analysis (or `error` with a problem document).
 */
export async function streamAnalysis(
  reply: FastifyReply,
  run: (stream: AnswerStream) => Promise<AnalysisView>,
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  const send = (event: string, data: unknown) =>
    raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  try {
    const analysis = await run({
      onText: (text) => send('text', { text }),
      onRestart: () => send('restart', {}),
    });
    send('done', analysis);
  } catch {
    send('error', problemDocument(500, 'internal_error', 'the analysis failed'));
  } finally {
    raw.end();
  }
}
