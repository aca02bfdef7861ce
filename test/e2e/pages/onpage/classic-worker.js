// A classic worker: the built-in AI stand-in (Chrome exposes the Prompt API to workers too), then
// spanlens' worker bundle through importScripts; a plain fetch and a prompt.
importScripts('/test/support/browser-ai-standin.js');
installBuiltInAiStandIn(self);
importScripts('/dist/spanlens.worker.js');

self.onmessage = async (event) => {
  const response = await fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-classic-secret-0123456789' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: event.data.question }] }),
  });
  const body = await response.json();
  // The same request through XMLHttpRequest, as axios would send it from a worker.
  const viaXhr = await new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/v1/chat/completions');
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('authorization', 'Bearer sk-classic-secret-0123456789');
    xhr.responseType = 'json';
    xhr.onload = () => resolve(xhr.response.choices[0].message.content);
    xhr.onerror = () => reject(new Error('xhr failed'));
    xhr.send(JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'via xhr' }] }));
  });
  const session = await LanguageModel.create();
  const onDevice = await session.prompt('In a worker?');
  self.postMessage({ text: body.choices[0].message.content, viaXhr, onDevice, seen: [event.data] });
};
