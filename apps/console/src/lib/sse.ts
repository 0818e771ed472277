/** One server-sent event: its name (`message` when the server gave none) and its data. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * An incremental parser of `text/event-stream` (the HTML standard's rules): feed it text as it
 * arrives, in chunks cut anywhere; it calls `onEvent` for each event a blank line ends. Comments
 * and unknown fields are ignored; an event with no data line is not dispatched.
 */
export function sseParser(onEvent: (event: SseEvent) => void) {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let sawData = false;
  let pendingCr = false;

  const dispatch = () => {
    if (sawData)
      onEvent({ event: event || 'message', data: data.join('\n'), ...(id ? { id } : {}) });
    event = '';
    data = [];
    sawData = false;
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') {
      data.push(value);
      sawData = true;
    } else if (field === 'id' && !value.includes('\0')) id = value;
  };

  return {
    push(chunk: string) {
      // A chunk may end in the middle of a line, or between the \r and \n of one line ending.
      const text = pendingCr && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
      pendingCr = text.endsWith('\r');
      buffer += text;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? '';
      for (const complete of lines) line(complete);
    },
    /** The stream ended: an event without its closing blank line is dropped, as the standard says. */
    end() {
      buffer = '';
    },
  };
}

/** Reads a response body of server-sent events to its end, calling `onEvent` for each. */
export async function readSse(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: SseEvent) => void,
): Promise<void> {
  const parser = sseParser(onEvent);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.push(decoder.decode(value, { stream: true }));
  }
  parser.push(decoder.decode());
  parser.end();
}
