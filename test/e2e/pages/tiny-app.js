// A minimal chat app for the test pages: one question, one answer, through window.fetch, inside a
// spanlens turn when spanlens is there. Works in HTML and in XHTML without <head> or <body>.
(async function () {
  var answer = document.getElementById('answer');
  if (!answer) {
    answer = document.createElement('p');
    answer.id = 'answer';
    (document.getElementById('app') || document.body || document.documentElement).appendChild(answer);
  }
  async function ask() {
    var response = await fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-page-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello from the page' }] }),
    });
    var json = await response.json();
    return json.choices[0].message.content;
  }
  var spanlens = window.spanlens;
  answer.textContent = spanlens ? await spanlens.trace('turn', ask) : await ask();
  document.documentElement.setAttribute('data-done', 'true');
})().catch(function (error) {
  document.documentElement.setAttribute('data-done', 'error: ' + error.message);
});
