import type { IncomingMessage, ServerResponse } from 'node:http';

export const GEMINI_ANSWER: string;
export const GEMINI_THOUGHT: string;
export const GEMINI_CALL: { name: string; args: Record<string, unknown> };
export const GEMINI_USAGE: {
  promptTokenCount: number;
  candidatesTokenCount: number;
  thoughtsTokenCount: number;
  cachedContentTokenCount: number;
  toolUsePromptTokenCount: number;
};
export const GEMINI_RESPONSE_ID: string;
/** Handle a Gemini request; false when the path is not a Gemini one. `text` is the request body. */
export function serveGemini(req: IncomingMessage, res: ServerResponse, text: string): boolean;
