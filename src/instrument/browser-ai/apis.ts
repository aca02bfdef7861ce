/**
 * The browser's built-in AI APIs spanlens records, as the specifications define them
 * (webmachinelearning/prompt-api, writing-assistance-apis, translation-api, proofreader-api): each a class on the
 * global object with a static `create()` and prototype methods that answer with a promise of
 * text or a ReadableStream of text chunks.
 *
 * Which model answers is not exposed by any of these APIs (Chrome uses Gemini Nano for the
 * Prompt and writing APIs and separate expert models for translation and language detection;
 * Edge uses Phi-4-mini), so spans say `on-device` and name the browser as the provider, never
 * a model they cannot know.
 */

/** The model name every built-in AI span carries: the APIs do not tell which model it is. */
export const ON_DEVICE_MODEL = 'on-device';

export interface BrowserAiApi {
  /** The global's name: `LanguageModel`, `Summarizer`... */
  className: string;
  /** `gen_ai.operation.name` of its calls. */
  operation: string;
  /** Methods answering with a promise. */
  promiseMethods: readonly string[];
  /** Methods answering with a ReadableStream of text chunks. */
  streamMethods: readonly string[];
  /** Instance attributes that describe its settings, read (native getters) for the span. */
  settings: readonly string[];
}

const LANGUAGES = ['expectedInputLanguages', 'expectedContextLanguages', 'outputLanguage'];

export const BROWSER_AI_APIS: readonly BrowserAiApi[] = [
  // Temperature and topK are read from the create() options instead (see session-state.ts).
  { className: 'LanguageModel', operation: 'chat', promiseMethods: ['prompt'], streamMethods: ['promptStreaming'], settings: [] },
  {
    className: 'Summarizer',
    operation: 'summarize',
    promiseMethods: ['summarize'],
    streamMethods: ['summarizeStreaming'],
    settings: ['type', 'format', 'length', ...LANGUAGES],
  },
  { className: 'Writer', operation: 'write', promiseMethods: ['write'], streamMethods: ['writeStreaming'], settings: ['tone', 'format', 'length', ...LANGUAGES] },
  {
    className: 'Rewriter',
    operation: 'rewrite',
    promiseMethods: ['rewrite'],
    streamMethods: ['rewriteStreaming'],
    settings: ['tone', 'format', 'length', ...LANGUAGES],
  },
  {
    className: 'Translator',
    operation: 'translate',
    promiseMethods: ['translate'],
    streamMethods: ['translateStreaming'],
    settings: ['sourceLanguage', 'targetLanguage'],
  },
  { className: 'LanguageDetector', operation: 'detect_language', promiseMethods: ['detect'], streamMethods: [], settings: ['expectedInputLanguages'] },
  // proofreadStreaming is not recorded: what its chunks are is not settled in the explainer yet.
  {
    className: 'Proofreader',
    operation: 'proofread',
    promiseMethods: ['proofread'],
    streamMethods: [],
    settings: ['includeCorrectionTypes', 'includeCorrectionExplanations', 'correctionExplanationLanguage', 'expectedInputLanguages'],
  },
];

/**
 * `gen_ai.provider.name`: the browser that runs the model, from its client hints brands
 * (`chrome.built_in_ai`, `edge.built_in_ai`), `browser.built_in_ai` when it does not say.
 */
export function browserAiProvider(): string {
  const brands = (globalThis as { navigator?: { userAgentData?: { brands?: Array<{ brand?: unknown }> } } }).navigator?.userAgentData?.brands;
  const names = Array.isArray(brands) ? brands.map((b) => String(b?.brand ?? '')) : [];
  if (names.includes('Microsoft Edge')) return 'edge.built_in_ai';
  if (names.includes('Google Chrome') || names.includes('Chromium')) return 'chrome.built_in_ai';
  return 'browser.built_in_ai';
}
