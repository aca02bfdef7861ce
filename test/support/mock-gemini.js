/**
 * A mock of Google's Gemini API (generativelanguage.googleapis.com) speaking its documented wire
 * format, for the Gemini tests: `POST /v1beta/models/{model}:generateContent` (JSON) and
 * `:streamGenerateContent?alt=sse` (`data: {GenerateContentResponse}` events, each with the new
 * parts only, the last with finishReason and usageMetadata). Plain JavaScript so the e2e server
 * (a Vite middleware) and the Node tests share it.
 *
 * Behaviour by the `x-mock-scenario` header: text (default) | thinking | function_call | blocked
 * (promptFeedback.blockReason, no candidates) | cut (a stream that stops in the middle of a JSON
 * event) | http_error (a 400 with Google's error body).
 */

export const GEMINI_ANSWER = 'Paris is sunny today.';
export const GEMINI_THOUGHT = 'The user asks about the weather.';
export const GEMINI_CALL = { name: 'get_weather', args: { city: 'Paris' } };
export const GEMINI_USAGE = { promptTokenCount: 21, candidatesTokenCount: 6, thoughtsTokenCount: 9, cachedContentTokenCount: 4, toolUsePromptTokenCount: 3 };
export const GEMINI_RESPONSE_ID = 'resp-gemini-7Hq2';

const PATH = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** Handle a Gemini request; false when the path is not a Gemini one. `text` is the request body. */
export function serveGemini(req, res, text) {
  const url = new URL(req.url, 'http://x');
  const match = PATH.exec(url.pathname);
  if (!match || req.method !== 'POST') return false;
  const model = decodeURIComponent(match[1]);
  // No Date header: the client hands headers back, and a run without and one with spanlens are compared.
  res.sendDate = false;
  const scenario = String(req.headers['x-mock-scenario'] ?? 'text');
  const modelVersion = `${model}-001`;
  if (scenario === 'http_error' || !isJson(text)) {
    res.writeHead(400, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify({ error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT' } }));
    return true;
  }
  const responses = answer(scenario, modelVersion);
  if (match[2] === 'generateContent') {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(merge(responses)));
    return true;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  if (url.searchParams.get('alt') !== 'sse') {
    res.end(JSON.stringify(responses));
    return true;
  }
  for (const response of responses) res.write(`data: ${JSON.stringify(response)}\r\n\r\n`);
  if (scenario === 'cut') res.write('data: {"candidates": [{"content": {"parts": [{"text": " and wa');
  res.end();
  return true;
}

function isJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The stream's responses for a scenario; a JSON answer is them merged. */
function answer(scenario, modelVersion) {
  const base = { modelVersion, responseId: GEMINI_RESPONSE_ID };
  const usage = { ...GEMINI_USAGE, totalTokenCount: 43 };
  if (scenario === 'blocked') {
    return [{ ...base, promptFeedback: { blockReason: 'SAFETY', safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }] }, usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 } }];
  }
  if (scenario === 'function_call') {
    return [{ ...base, candidates: [{ index: 0, content: { role: 'model', parts: [{ functionCall: GEMINI_CALL }] }, finishReason: 'STOP' }], usageMetadata: usage }];
  }
  const words = GEMINI_ANSWER.split(/(?<= )/);
  const chunks = words.map((word) => ({ ...base, candidates: [{ index: 0, content: { role: 'model', parts: [{ text: word }] } }] }));
  if (scenario === 'thinking') chunks.unshift({ ...base, candidates: [{ index: 0, content: { role: 'model', parts: [{ text: GEMINI_THOUGHT, thought: true }] } }] });
  if (scenario === 'cut') return chunks.slice(0, 2);
  chunks[chunks.length - 1].candidates[0].finishReason = 'STOP';
  chunks[chunks.length - 1].usageMetadata = usage;
  return chunks;
}

/** The responses of a stream as one answer: parts joined, the last finishReason and usage. */
function merge(responses) {
  const out = { ...responses[responses.length - 1] };
  if (!out.candidates) return out;
  const parts = [];
  for (const response of responses) {
    for (const part of response.candidates[0].content.parts) {
      const last = parts[parts.length - 1];
      if (last && typeof last.text === 'string' && typeof part.text === 'string' && Boolean(last.thought) === Boolean(part.thought)) last.text += part.text;
      else parts.push({ ...part });
    }
  }
  out.candidates = [{ ...out.candidates[0], content: { role: 'model', parts } }];
  return out;
}
