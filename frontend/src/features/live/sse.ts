// A parser for server-sent events (the WHATWG event-stream format), fed the
// text of a streamed response as it arrives, in chunks cut anywhere.

/** One message of the stream. `id` is undefined when the message set none. */
export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/** SseParser turns chunks of an event stream into messages; comments and `retry` are skipped. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  private started = false;

  /** feed takes the next chunk and returns the messages it completed. */
  feed(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // A lone \r at the end may be the first half of \r\n: wait for more.
      if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === '') {
      if (!this.started) return null;
      const message: SseMessage = { event: this.event || 'message', data: this.data.join('\n') };
      if (this.id !== undefined) message.id = this.id;
      this.data = [];
      this.event = '';
      this.id = undefined;
      this.started = false;
      return message;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        this.started = true;
        break;
      case 'event':
        this.event = value;
        this.started = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        this.started = true;
        break;
      default: // retry and unknown fields
    }
    return null;
  }
}
