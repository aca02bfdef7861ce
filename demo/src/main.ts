/**
 * Wayfarer, the demo chat app: wires the page (demo/index.html) to the chat loop (chat.ts).
 * Nothing here knows about spanlens except through window.spanlens in chat.ts: delete the script
 * tag and the app works the same.
 */
import { anthropicClient } from './anthropic-client';
import { runTurn } from './chat';
import type { ModelClient, Turn } from './conversation';
import { AssistantMessage, userMessage } from './message-view';
import { openAiClient } from './openai-client';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('composer');
const input = $<HTMLTextAreaElement>('input');
const send = $<HTMLButtonElement>('send');
const stop = $<HTMLButtonElement>('stop');
const picker = $<HTMLSelectElement>('model');
const list = $<HTMLElement>('messages');

const history: Turn[] = [];
const clients = new Map<string, ModelClient>();
let running: AbortController | undefined;

function clientFor(choice: string): ModelClient {
  let client = clients.get(choice);
  if (!client) {
    const [provider, model] = choice.split(':');
    client = provider === 'anthropic' ? anthropicClient(model) : provider === 'real' ? openAiClient(model, '/openai/v1') : openAiClient(model);
    clients.set(choice, client);
  }
  return client;
}

async function ask(question: string): Promise<void> {
  if (running || !question.trim()) return;
  $('empty')?.remove();
  const controller = new AbortController();
  running = controller;
  setBusy(true);
  const client = clientFor(picker.value);
  const answer = new AssistantMessage(client.label);
  list.append(userMessage(question), answer.root);
  scrollDown();
  const follow = new MutationObserver(scrollDown);
  follow.observe(answer.root, { childList: true, subtree: true, characterData: true });
  try {
    const result = await runTurn(question, history, client, controller.signal, answer);
    answer.finish(result.stopped ? 'stopped' : 'done');
  } catch (error) {
    if (controller.signal.aborted) answer.finish('stopped');
    else answer.fail(error instanceof Error ? error.message : String(error));
  } finally {
    follow.disconnect();
    running = undefined;
    setBusy(false);
    input.focus();
  }
}

function setBusy(busy: boolean): void {
  send.disabled = busy;
  stop.disabled = !busy;
  document.body.dataset.busy = String(busy);
}

function scrollDown(): void {
  list.scrollTop = list.scrollHeight;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const question = input.value;
  input.value = '';
  void ask(question);
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});
stop.addEventListener('click', () => running?.abort());
for (const chip of document.querySelectorAll<HTMLButtonElement>('.scenarios [data-prompt]')) {
  chip.addEventListener('click', () => void ask(chip.dataset.prompt ?? ''));
}

// The real API through the server-side proxy, when the server has a key.
void fetch('/api/demo-info')
  .then((r) => r.json() as Promise<{ realOpenAI?: boolean }>)
  .then((info) => {
    if (!info.realOpenAI) return;
    picker.append(new Option('gpt-4o-mini (real OpenAI)', 'real:gpt-4o-mini'));
  })
  .catch(() => undefined);
document.body.dataset.ready = 'true';
