/**
 * A module worker that asks the mock LLM with the real `openai` client. spanlens' worker entry is
 * its first import; every message the app's own listener sees is echoed back, so the test can
 * check that spanlens added none.
 */
import '../../../../src/worker';
import OpenAI from 'openai';

const seen: unknown[] = [];

self.addEventListener('message', async (event: MessageEvent) => {
  seen.push(event.data);
  if (event.data?.type !== 'ask') return;
  const client = new OpenAI({ apiKey: 'sk-worker-secret-0123456789', baseURL: `${self.location.origin}/v1`, dangerouslyAllowBrowser: true });
  const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: event.data.question }] });
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'again, streamed' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let streamed = '';
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';
  self.postMessage({ type: 'answer', text: reply.choices[0].message.content, streamed, seen });
});
