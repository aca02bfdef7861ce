// A classic worker: spanlens' worker bundle through importScripts, then a plain fetch.
importScripts('/dist/spanlens.worker.js');

self.onmessage = async (event) => {
  const response = await fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-classic-secret-0123456789' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: event.data.question }] }),
  });
  const body = await response.json();
  self.postMessage({ text: body.choices[0].message.content, seen: [event.data] });
};
