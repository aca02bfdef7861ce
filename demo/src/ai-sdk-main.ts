/**
 * Wayfarer on the Vercel AI SDK (demo/ai-sdk.html): the framework-agnostic `Chat` of the `ai`
 * package (AbstractChat over a plain state, as @ai-sdk/react builds its own) with
 * DefaultChatTransport to the demo server's /api/chat (demo/mock/ai-sdk-chat.ts). Nothing here
 * knows about spanlens: the script tag recognises the route's UI message stream by itself.
 */
import { AbstractChat, DefaultChatTransport, type ChatState, type ChatStatus, type UIMessage } from 'ai';
import { AssistantMessage, userMessage } from './message-view';

/** The Chat's state, with a callback when the streamed message changes. */
class ViewState implements ChatState<UIMessage> {
  status: ChatStatus = 'ready';
  error: Error | undefined = undefined;
  messages: UIMessage[] = [];
  onChange: (message: UIMessage) => void = () => {};
  pushMessage = (message: UIMessage) => {
    this.messages.push(message);
    this.onChange(message);
  };
  popMessage = () => void this.messages.pop();
  replaceMessage = (index: number, message: UIMessage) => {
    this.messages[index] = message;
    this.onChange(message);
  };
  snapshot = <T>(thing: T): T => structuredClone(thing);
}

class Chat extends AbstractChat<UIMessage> {
  readonly view: ViewState;
  constructor() {
    const state = new ViewState();
    super({ state, transport: new DefaultChatTransport({ api: '/api/chat' }) });
    this.view = state;
  }
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('composer');
const input = $<HTMLTextAreaElement>('input');
const send = $<HTMLButtonElement>('send');
const stop = $<HTMLButtonElement>('stop');
const list = $<HTMLElement>('messages');
const chat = new Chat();

/** Draw the assistant message as it streams: text deltas and tool chips from the UIMessage parts. */
function follow(answer: AssistantMessage): (message: UIMessage) => void {
  let shown = '';
  const tools = new Map<string, string>();
  return (message) => {
    if (message.role !== 'assistant') return;
    const text = message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
    if (text.length > shown.length) answer.onText(text.slice(shown.length));
    shown = text;
    for (const part of message.parts) {
      if (!part.type.startsWith('tool-') || !('toolCallId' in part)) continue;
      const args = (part.input ?? {}) as Record<string, unknown>;
      if (!tools.has(part.toolCallId)) {
        tools.set(part.toolCallId, part.state);
        answer.onToolStart({ id: part.toolCallId, name: part.type.slice('tool-'.length), arguments: JSON.stringify(args) }, args);
      }
      if (tools.get(part.toolCallId) === part.state) continue;
      tools.set(part.toolCallId, part.state);
      if (part.state === 'output-available') {
        const w = part.output as { temperature_c?: number; conditions?: string };
        answer.onToolEnd(part.toolCallId, true, `${w.temperature_c} °C, ${w.conditions}`);
      } else if (part.state === 'output-error') answer.onToolEnd(part.toolCallId, false, part.errorText);
    }
    list.scrollTop = list.scrollHeight;
  };
}

async function ask(question: string): Promise<void> {
  if (chat.status === 'submitted' || chat.status === 'streaming' || !question.trim()) return;
  $('empty')?.remove();
  const answer = new AssistantMessage('AI SDK · /api/chat');
  list.append(userMessage(question), answer.root);
  chat.view.onChange = follow(answer);
  setBusy(true);
  let stopped = false;
  stop.onclick = () => {
    stopped = true;
    void chat.stop();
  };
  await chat.sendMessage({ text: question });
  if (chat.error) answer.fail(chat.error.message);
  else answer.finish(stopped ? 'stopped' : 'done');
  setBusy(false);
  input.focus();
}

function setBusy(busy: boolean): void {
  send.disabled = busy;
  stop.disabled = !busy;
  document.body.dataset.busy = String(busy);
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
for (const chip of document.querySelectorAll<HTMLButtonElement>('.scenarios [data-prompt]')) {
  chip.addEventListener('click', () => void ask(chip.dataset.prompt ?? ''));
}
document.body.dataset.ready = 'true';
