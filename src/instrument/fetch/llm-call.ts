/**
 * One LLM request seen by the fetch wrapper, as one `llm` span: the Response side of it. What the
 * body says is read by the transport-independent LlmExchange (../llm-exchange.ts); here is only
 * how a Response gives it that text without the app noticing:
 *   - an HTTP error or a JSON answer: a clone is read (the app reads the original, unaffected);
 *   - a stream: the app gets a pass-through Response (streams/tap.ts) whose text the exchange sees.
 * Every method is called inside the wrapper's try/catch: a failure here is reported, never thrown.
 */
import { tapResponse } from '../streams/tap';
import { LlmExchange, type LlmCallContext } from '../llm-exchange';
import type { BodyText } from './outgoing-request';

export { errorName, isAbort, isStream, type LlmCallContext } from '../llm-exchange';

export class LlmCall {
  readonly #exchange: LlmExchange;

  constructor(context: LlmCallContext) {
    this.#exchange = new LlmExchange(context);
  }

  /** The request body, as readBodyText (outgoing-request.ts) found it. */
  takeRequestBody(body: BodyText): void {
    this.#exchange.takeRequestBody(body);
  }

  /** The response headers arrived. Returns what the app gets: the same response, or a tapped one. */
  response(response: Response): Response {
    const exchange = this.#exchange;
    const plan = exchange.responseHead(response.status, response.headers.get('content-type') ?? '', Boolean(response.body));
    if (plan.read === 'stream') return tapResponse(response, exchange.stream(plan.contentType));
    const status = response.status;
    void readClone(response, exchange, (text) => (plan.read === 'error' ? exchange.errorBody(status, text) : exchange.jsonBody(text)));
    return response;
  }

  /** fetch itself rejected: network failure or abort before the headers. */
  failed(error: unknown): void {
    this.#exchange.failed(error);
  }
}

/** Read a clone: the app reads the original Response, unaffected. */
async function readClone(response: Response, exchange: LlmExchange, use: (text: string) => void): Promise<void> {
  let text: string;
  try {
    text = await response.clone().text();
  } catch (error) {
    // The app aborted while the body was downloading, or the network failed.
    exchange.bodyFailed(error);
    return;
  }
  use(text);
}
