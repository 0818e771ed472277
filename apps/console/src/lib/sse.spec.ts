import { readSse, type SseEvent, sseParser } from './sse';

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = sseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

describe('server-sent events', () => {
  it('reads named events, joins data lines and ignores comments', () => {
    expect(
      parse([
        ': keep-alive\n',
        'event: text\ndata: {"text":"Hel"}\n\n',
        'data: one\ndata: two\n\n',
      ]),
    ).toEqual([
      { event: 'text', data: '{"text":"Hel"}' },
      { event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('gives the same events whichever way the stream is cut, with any line ending', () => {
    const whole = 'event: text\r\ndata: a b\r\n\r\nid: 7\rdata: c\r\rdata:d\n\n';
    const expected = [
      { event: 'text', data: 'a b' },
      { event: 'message', data: 'c', id: '7' },
      { event: 'message', data: 'd', id: '7' },
    ];
    expect(parse([whole])).toEqual(expected);
    expect(parse(whole.split(''))).toEqual(expected);
  });

  it('drops an event the stream ended before its blank line, and one without data', () => {
    expect(parse(['event: done\n\n', 'data: cut'])).toEqual([]);
  });

  it('reads a response body of bytes, a character split across chunks included', async () => {
    const bytes = new TextEncoder().encode('data: café\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 10));
        controller.enqueue(bytes.slice(10));
        controller.close();
      },
    });
    const events: SseEvent[] = [];
    await readSse(body, (event) => events.push(event));
    expect(events).toEqual([{ event: 'message', data: 'café' }]);
  });
});
