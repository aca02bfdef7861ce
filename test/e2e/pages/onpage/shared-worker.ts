/** A shared worker asking the mock LLM with the real `openai` client, per connected page. */
import '../../../../src/worker';
import OpenAI from 'openai';

(self as unknown as { onconnect: (event: MessageEvent) => void }).onconnect = (connect: MessageEvent) => {
  const port = connect.ports[0];
  const seen: unknown[] = [];
  port.onmessage = async (event: MessageEvent) => {
    seen.push(event.data);
    const client = new OpenAI({ apiKey: 'sk-shared-secret-0123456789', baseURL: `${self.location.origin}/v1`, dangerouslyAllowBrowser: true });
    const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: event.data.question }] });
    port.postMessage({ text: reply.choices[0].message.content, seen });
  };
};
