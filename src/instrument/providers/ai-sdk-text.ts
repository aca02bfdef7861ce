/**
 * The AI SDK's plain text stream protocol (`toTextStreamResponse()`, read by
 * `TextStreamChatTransport`): the answer's text as it comes, nothing else. One turn, one step;
 * the request is the same UIMessage body as for the UI message stream.
 */
import type { StreamEvent } from '../streams/event-framing';
import { parseRequest } from './ai-sdk-request';
import { streamOutcome } from './build';
import { emptyOutcome, type ChildSpan, type LlmOutcome, type TurnOutcome, type TurnProtocol, type TurnReader, type TurnSpans } from './types';

export const aiSdkTextStream: TurnProtocol = {
  id: 'ai_sdk.text_stream',
  kind: 'agent',
  name: 'invoke_agent ai_sdk',
  parseRequest,
  createReader: (spans) => new TextStreamReader(spans),
};

class TextStreamReader implements TurnReader {
  readonly #spans: TurnSpans;
  #text = '';
  #step: ChildSpan | undefined;
  readonly #outcome = emptyOutcome();

  constructor(spans: TurnSpans) {
    this.#spans = spans;
  }

  push(event: StreamEvent): boolean {
    this.#step ??= this.#spans.openStep(() => this.#answer());
    this.#text += event.data;
    this.#step.changed();
    return true;
  }

  #answer(): LlmOutcome {
    return streamOutcome(this.#outcome, this.#text ? [{ type: 'text', content: this.#text }] : [], undefined);
  }

  close(): TurnOutcome {
    // The end of the body is the end of the answer: this protocol has no final event.
    this.#outcome.complete = true;
    this.#step?.end();
    if (this.#text) this.#spans.describe({ outputMessages: this.#answer().messages });
    return { complete: true, parseErrors: [] };
  }
}
