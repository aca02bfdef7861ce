/**
 * `npm run demo` (it builds dist/ first): the chat app with the mock LLM on http://localhost:5173.
 * With OPENAI_API_KEY set in this server's environment, a "real OpenAI" model appears in the
 * picker; the key stays on the server (demo/mock/proxy.ts).
 */
import { defineConfig } from 'vite';
import { demoConfig } from './server.ts';

export default defineConfig(demoConfig({ openAiKey: process.env.OPENAI_API_KEY || undefined }));
