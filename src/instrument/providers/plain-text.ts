/**
 * A plain text stream (`text/plain`): what many app proxies send back (`/api/chat` streaming the
 * answer's text). The whole body is the assistant's answer; no usage, no finish reason.
 */
import type { StreamEvent } from '../streams/event-framing';
import { emptyOutcome, type LlmOutcome, type StreamAccumulator } from './types';

export const plainText = {
  id: 'text',
  createStream: (): StreamAccumulator => new PlainTextStream(),
};

class PlainTextStream implements StreamAccumulator {
  #text = '';

  push(event: StreamEvent): boolean {
    this.#text += event.data;
    return event.data !== '';
  }

  outcome(): LlmOutcome {
    const outcome = emptyOutcome();
    if (this.#text) outcome.messages = [{ role: 'assistant', parts: [{ type: 'text', content: this.#text }] }];
    return outcome;
  }
}
