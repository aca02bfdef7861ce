/**
 * Incremental parsers for streamed response bodies: Server-Sent Events (OpenAI, Anthropic) and
 * newline-delimited JSON (Ollama's native API). Text goes in as the network delivers it, in pieces
 * of any size; whole events come out. Pure, no I/O, no timers.
 */

/** One dispatched event. `event` is absent for SSE events without an `event:` field and for NDJSON. */
export interface StreamEvent {
  event?: string;
  data: string;
}

export interface StreamFraming {
  /** Feed the next piece of text; returns the events it completed (often none, often one). */
  push(text: string): StreamEvent[];
  /** The body ended: whatever is still buffered, as a last event if it holds data. */
  end(): StreamEvent[];
}

/**
 * SSE per the HTML spec: lines end in \n, \r\n or \r; `data:` lines of one event are joined with
 * \n; a blank line dispatches; lines starting with `:` are comments (keep-alives). At the end of
 * the body an unterminated event is still dispatched: a server that forgot the last blank line
 * should not lose its final usage event.
 */
export class SseParser implements StreamFraming {
  #buffer = '';
  #event: string | undefined;
  #data: string[] = [];
  /** The last piece ended in \r: a \n starting the next piece belongs to the same line break. */
  #pendingCr = false;

  push(text: string): StreamEvent[] {
    if (text === '') return [];
    if (this.#pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.#pendingCr = false;
    const out: StreamEvent[] = [];
    const buffer = this.#buffer + text;
    let start = 0;
    // Found once and advanced, not searched again per line: most streams have no \r at all.
    let cr = buffer.indexOf('\r');
    for (;;) {
      if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
      const lf = buffer.indexOf('\n', start);
      if (lf === -1 && cr === -1) break;
      let end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      const line = buffer.slice(start, end);
      if (end === cr) {
        if (end + 1 === buffer.length) this.#pendingCr = true;
        else if (buffer.charCodeAt(end + 1) === 10 /* \n */) end++;
      }
      start = end + 1;
      this.line(line, out);
    }
    this.#buffer = start === 0 ? buffer : buffer.slice(start);
    return out;
  }

  end(): StreamEvent[] {
    const out: StreamEvent[] = [];
    if (this.#buffer.length > 0) this.line(this.#buffer, out);
    this.#buffer = '';
    this.#dispatch(out);
    return out;
  }

  protected line(line: string, out: StreamEvent[]): void {
    if (line === '') {
      this.#dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* space */) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    // `id` and `retry` matter to EventSource reconnection, not to us.
  }

  #dispatch(out: StreamEvent[]): void {
    if (this.#data.length > 0) {
      const event: StreamEvent = { data: this.#data.join('\n') };
      if (this.#event !== undefined) event.event = this.#event;
      out.push(event);
    }
    this.#data = [];
    this.#event = undefined;
  }
}

/** Newline-delimited JSON: every non-blank line is one event (lines are split as for SSE). */
export class NdjsonParser extends SseParser {
  protected line(line: string, out: StreamEvent[]): void {
    const data = line.trim();
    if (data) out.push({ data });
  }
}

/** No framing: every piece of text is an event (plain text streams). */
export class RawTextFraming implements StreamFraming {
  push(text: string): StreamEvent[] {
    return text === '' ? [] : [{ data: text }];
  }

  end(): StreamEvent[] {
    return [];
  }
}

/** The whole body as one event at its end (a JSON answer read as it goes to the app). */
export class WholeBodyFraming implements StreamFraming {
  #text = '';

  push(text: string): StreamEvent[] {
    this.#text += text;
    return [];
  }

  end(): StreamEvent[] {
    const data = this.#text;
    this.#text = '';
    return data === '' ? [] : [{ data }];
  }
}
