/**
 * The built-in AI instrumentation against the stand-in (test/support/browser-ai-standin.js),
 * which has the specifications' shape: what the spans hold, and that the app sees exactly what
 * it would without spanlens (same objects, values, errors; streams not read ahead).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../support/browser-ai-standin.js';
import { instrumentBrowserAi, type BrowserAiInstrumentation } from '../../../src/instrument/browser-ai/instrument-browser-ai';
import * as sem from '../../../src/core/semconv';
import { json, recordingTracer, type Recorded } from './helpers';

type StandIn = { pulls: number; calls: string[] };
const g = globalThis as unknown as Record<string, any> & { installBuiltInAiStandIn(target: object, settings?: object): StandIn };
const NAMES = ['LanguageModel', 'Summarizer', 'Writer', 'Rewriter', 'Translator', 'LanguageDetector', 'Proofreader'];

let rec: Recorded;
let stats: StandIn;
let instrumentation: BrowserAiInstrumentation;
let nativePrompt: unknown;

beforeEach(() => {
  stats = g.installBuiltInAiStandIn(globalThis);
  nativePrompt = g.LanguageModel.prototype.prompt;
  rec = recordingTracer();
  instrumentation = instrumentBrowserAi({ tracer: rec.tracer });
});

afterEach(() => {
  instrumentation.uninstall();
  for (const name of NAMES) delete g[name];
});

describe('LanguageModel', () => {
  it('records a prompt as an llm span, handing the app the native session and answer', async () => {
    const session = await g.LanguageModel.create({ temperature: 0.7, topK: 5, initialPrompts: [{ role: 'system', content: 'Answer briefly.' }] });
    expect(Object.getPrototypeOf(session)).toBe(g.LanguageModel.prototype);
    expect(session).toBeInstanceOf(g.LanguageModel);
    const answer = await session.prompt('What is the capital of France?');
    expect(answer).toBe('Paris is the capital of France.');
    const [span] = await rec.waitForEnded(1);
    expect(span.name).toBe('chat on-device');
    expect(span.kind).toBe('llm');
    expect(span.attributes).toMatchObject({
      [sem.GEN_AI_OPERATION_NAME]: 'chat',
      [sem.GEN_AI_PROVIDER_NAME]: 'browser.built_in_ai',
      [sem.GEN_AI_REQUEST_MODEL]: 'on-device',
      [sem.GEN_AI_REQUEST_STREAM]: false,
      [sem.GEN_AI_REQUEST_TEMPERATURE]: 0.7,
      [sem.GEN_AI_REQUEST_TOP_K]: 5,
      [sem.SPANLENS_BROWSER_AI_API]: 'LanguageModel.prompt',
      [sem.SPANLENS_BROWSER_AI_CONTEXT_USAGE_BEFORE]: 2,
      [sem.SPANLENS_BROWSER_AI_CONTEXT_USAGE]: 2 + 6 + 6,
      [sem.SPANLENS_BROWSER_AI_CONTEXT_WINDOW]: 1000,
    });
    expect(json(span.attributes[sem.GEN_AI_SYSTEM_INSTRUCTIONS])).toEqual([{ type: 'text', content: 'Answer briefly.' }]);
    expect(json(span.attributes[sem.GEN_AI_INPUT_MESSAGES])).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'What is the capital of France?' }] }]);
    // The conversation is turned into JSON after the app's call, not during it.
    const started = rec.events.find((e) => e.type === 'start' && e.span.spanId === span.spanId)!;
    expect(started.span.attributes[sem.GEN_AI_INPUT_MESSAGES]).toBeUndefined();
    expect(json(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: answer }] }]);
    // Never invented: the API reports no token counts and the model has no price.
    expect(span.attributes[sem.GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined();
    expect(span.attributes[sem.SPANLENS_COST_USD]).toBeUndefined();
  });

  it('keeps the conversation of a session: appended input and earlier turns are in the next input', async () => {
    const session = await g.LanguageModel.create();
    await session.append([{ role: 'user', content: 'My name is Ada.' }]);
    await session.prompt('Hi');
    await session.prompt([{ role: 'user', content: [{ type: 'text', value: 'And my name?' }, { type: 'image', value: new Uint8Array(4) }] }]);
    const [first, second] = await rec.waitForEnded(2);
    expect(second.attributes[sem.GEN_AI_CONVERSATION_ID]).toBe(first.attributes[sem.GEN_AI_CONVERSATION_ID]);
    expect(json(second.attributes[sem.GEN_AI_INPUT_MESSAGES])).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'My name is Ada.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'Paris is the capital of France.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'And my name?' }, { type: 'blob', modality: 'image' }] },
    ]);
    const clone = await session.clone();
    expect(clone).toBeInstanceOf(g.LanguageModel);
    await clone.prompt('Again');
    const [, , third] = await rec.waitForEnded(3);
    expect(third.attributes[sem.GEN_AI_CONVERSATION_ID]).not.toBe(first.attributes[sem.GEN_AI_CONVERSATION_ID]);
    expect((json(third.attributes[sem.GEN_AI_INPUT_MESSAGES]) as unknown[]).length).toBe(6);
  });

  it('streams: the app reads a pass-through stream, pulled no further than it reads, with a first-chunk event', async () => {
    const session = await g.LanguageModel.create();
    const stream = session.promptStreaming('Tell me');
    expect(stream).toBeInstanceOf(ReadableStream);
    const reader = stream.getReader();
    expect(await reader.read()).toEqual({ done: false, value: 'Paris ' });
    await new Promise((r) => setTimeout(r, 20));
    expect(stats.pulls).toBe(1);
    let text = 'Paris ';
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
    expect(text).toBe('Paris is the capital of France.');
    const [span] = await rec.waitForEnded(1);
    expect(span.attributes[sem.GEN_AI_REQUEST_STREAM]).toBe(true);
    expect(span.attributes[sem.SPANLENS_BROWSER_AI_API]).toBe('LanguageModel.promptStreaming');
    expect(span.events.map((e) => e.name)).toEqual([sem.EVENT_FIRST_TOKEN]);
    expect(span.attributes[sem.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThanOrEqual(0);
    expect(span.attributes[sem.SPANLENS_STREAM_EVENTS]).toBe(6);
    expect(json(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: text }] }]);
    expect(span.status.code).toBe('unset');
  });

  it('an abort reaches the app as the very same error, and the span says aborted', async () => {
    const session = await g.LanguageModel.create();
    const controller = new AbortController();
    controller.abort();
    const error = await session.prompt('Hi', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBe(controller.signal.reason);
    const streamController = new AbortController();
    const reader = session.promptStreaming('Hi', { signal: streamController.signal }).getReader();
    await reader.read();
    streamController.abort();
    const streamError = await reader.read().catch((e: unknown) => e);
    expect(streamError).toBe(streamController.signal.reason);
    const [promptSpan, streamSpan] = await rec.waitForEnded(2);
    expect(promptSpan.attributes[sem.ERROR_TYPE]).toBe('aborted');
    expect(promptSpan.status).toEqual({ code: 'error', message: 'aborted by the app' });
    expect(streamSpan.attributes).toMatchObject({ [sem.ERROR_TYPE]: 'aborted', [sem.SPANLENS_INCOMPLETE]: true });
    expect(json(streamSpan.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Paris ' }] }]);
  });

  it('errors the spec names pass through unchanged: destroyed session, quota, a cancelled stream', async () => {
    const session = await g.LanguageModel.create();
    const long = 'word '.repeat(1200);
    const quota = await session.prompt(long).catch((e: unknown) => e);
    expect(quota).toBeInstanceOf(DOMException);
    expect((quota as DOMException).name).toBe('QuotaExceededError');
    const cancelled = session.promptStreaming('Hi');
    const reader = cancelled.getReader();
    await reader.read();
    await reader.cancel('user left');
    session.destroy();
    const destroyed = await session.prompt('Hi').catch((e: unknown) => e);
    expect((destroyed as DOMException).name).toBe('InvalidStateError');
    const [quotaSpan, cancelSpan, destroyedSpan] = await rec.waitForEnded(3);
    expect(quotaSpan.attributes).toMatchObject({ [sem.ERROR_TYPE]: 'QuotaExceededError', 'spanlens.browser_ai.quota_requested': 1200, 'spanlens.browser_ai.quota': 1000 });
    expect(quotaSpan.events[0].attributes?.[sem.EXCEPTION_TYPE]).toBe('QuotaExceededError');
    expect(cancelSpan.status).toEqual({ code: 'error', message: 'stream cancelled by the app' });
    expect(cancelSpan.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(destroyedSpan.attributes[sem.ERROR_TYPE]).toBe('InvalidStateError');
  });

  it('records a responseConstraint as a JSON output', async () => {
    const session = await g.LanguageModel.create();
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    const answer = await session.prompt('Is it?', { responseConstraint: schema });
    expect(JSON.parse(answer)).toEqual({ answer: 'yes', words: 2 });
    const [span] = await rec.waitForEnded(1);
    expect(span.attributes[sem.GEN_AI_OUTPUT_TYPE]).toBe('json');
    expect(json(span.attributes[sem.SPANLENS_BROWSER_AI_RESPONSE_CONSTRAINT])).toEqual(schema);
    await session.prompt('Yes or no?', { responseConstraint: /^(yes|no)$/ });
    const [, regex] = await rec.waitForEnded(2);
    expect(regex.attributes[sem.GEN_AI_OUTPUT_TYPE]).toBe('text');
    expect(regex.attributes[sem.SPANLENS_BROWSER_AI_RESPONSE_CONSTRAINT]).toBe('/^(yes|no)$/');
  });

  it('the wrappers look like the native methods, and uninstall puts the natives back', async () => {
    const prompt = g.LanguageModel.prototype.prompt;
    expect(prompt).not.toBe(nativePrompt);
    expect(prompt.name).toBe('prompt');
    expect(prompt.length).toBe((nativePrompt as () => void).length);
    expect(() => new prompt()).toThrow(TypeError);
    expect(() => new g.LanguageModel()).toThrow('Illegal constructor');
    // Called on something that is not a session: the native error, and no span.
    await expect(prompt.call({}, 'Hi')).rejects.toThrow(TypeError);
    instrumentation.uninstall();
    expect(g.LanguageModel.prototype.prompt).toBe(nativePrompt);
    expect(rec.ended).toHaveLength(0);
  });

  it('records metadata only when content capture is off', async () => {
    rec.tracer.captureContent = false;
    const session = await g.LanguageModel.create({ initialPrompts: [{ role: 'system', content: 'secret instructions' }] });
    await session.prompt('my private question');
    const [span] = await rec.waitForEnded(1);
    expect(JSON.stringify(span)).not.toMatch(/private|secret|Paris/);
    expect(span.attributes[sem.SPANLENS_BROWSER_AI_CONTEXT_USAGE]).toBeGreaterThan(0);
  });

  it('bad input: a huge prompt is cut with a marker, hostile keys stay data, odd values are text', async () => {
    rec.tracer.maxAttributeLength = 200;
    const session = await g.LanguageModel.create();
    await session.prompt('lorem '.repeat(100));
    await rec.waitForEnded(1);
    rec.tracer.maxAttributeLength = 65536;
    const hostile = JSON.parse('{"role":"user","content":"hi","__proto__":{"polluted":true}}');
    // A symbol as text: the browser's own TypeError reaches the app, as without spanlens.
    const error = await session.prompt([hostile, { role: '__proto__', content: [{ type: 'text', value: Symbol('odd') }] }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    const [huge, odd] = await rec.waitForEnded(2);
    expect(odd.attributes[sem.ERROR_TYPE]).toBe('TypeError');
    expect(String(huge.attributes[sem.GEN_AI_INPUT_MESSAGES]).length).toBe(200);
    expect(huge.attributes[sem.SPANLENS_ORIGINAL_LENGTH_PREFIX + sem.GEN_AI_INPUT_MESSAGES]).toBeGreaterThan(600);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(String(odd.attributes[sem.GEN_AI_INPUT_MESSAGES])).toContain('"role":"__proto__"');
    expect(String(odd.attributes[sem.GEN_AI_INPUT_MESSAGES])).toContain('Symbol(odd)');
  });

  it('a failure inside spanlens never reaches the app', async () => {
    const session = await g.LanguageModel.create();
    rec.tracer.startSpan = () => {
      throw new Error('recorder broke');
    };
    expect(await session.prompt('Hi')).toBe('Paris is the capital of France.');
    expect(rec.tracer.errors.map((e) => e.where)).toContain('browser AI: start');
  });
});

describe('the writing, translation and detection APIs', () => {
  it('records each call with its operation, settings and context', async () => {
    const summarizer = await g.Summarizer.create({ type: 'tldr', sharedContext: 'A news article' });
    expect(await summarizer.summarize('The sky is blue. It is day.', { context: 'for kids' })).toBe('- The sky is blue.');
    const translator = await g.Translator.create({ sourceLanguage: 'en', targetLanguage: 'fr' });
    let translated = '';
    for await (const chunk of translator.translateStreaming('Hello')) translated += chunk;
    expect(translated).toBe('Bonjour');
    const detector = await g.LanguageDetector.create();
    const detected = await detector.detect('Guten Tag');
    expect(detected[0]).toEqual({ detectedLanguage: 'de', confidence: 0.92 });
    const [summary, translation, detection] = await rec.waitForEnded(3);
    expect(summary.name).toBe('summarize on-device');
    expect(json(summary.attributes[sem.SPANLENS_BROWSER_AI_OPTIONS])).toEqual({ type: 'tldr', format: 'markdown', length: 'short' });
    expect(json(summary.attributes[sem.GEN_AI_SYSTEM_INSTRUCTIONS])).toEqual([
      { type: 'text', content: 'A news article' },
      { type: 'text', content: 'for kids' },
    ]);
    expect(summary.attributes[sem.SPANLENS_BROWSER_AI_INPUT_QUOTA]).toBe(4000);
    expect(translation.attributes).toMatchObject({ [sem.GEN_AI_OPERATION_NAME]: 'translate', [sem.GEN_AI_REQUEST_STREAM]: true });
    expect(json(translation.attributes[sem.SPANLENS_BROWSER_AI_OPTIONS])).toEqual({ sourceLanguage: 'en', targetLanguage: 'fr' });
    expect(json(translation.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Bonjour' }] }]);
    expect(detection.name).toBe('detect_language on-device');
    expect(JSON.parse((json(detection.attributes[sem.GEN_AI_OUTPUT_MESSAGES]) as any)[0].parts[0].content)[0].detectedLanguage).toBe('de');
  });

  it('records a proofreading: the corrected text as output, the corrections counted', async () => {
    const proofreader = await g.Proofreader.create({ includeCorrectionTypes: true });
    const result = await proofreader.proofread('I saw teh cat.');
    expect(result.correctedInput).toBe('I saw the cat.');
    const [span] = await rec.waitForEnded(1);
    expect(span.name).toBe('proofread on-device');
    expect(span.attributes['spanlens.browser_ai.corrections']).toBe(1);
    expect(json(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'I saw the cat.' }] }]);
    expect(json(span.attributes[sem.SPANLENS_BROWSER_AI_OPTIONS])).toEqual({ includeCorrectionTypes: true, includeCorrectionExplanations: false });
  });

    it('a create() error is the native one, untouched', async () => {
    const error = await g.Translator.create({ sourceLanguage: 'en', targetLanguage: 'tlh' }).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('NotSupportedError');
    const missing = await g.Translator.create({}).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TypeError);
  });
});
