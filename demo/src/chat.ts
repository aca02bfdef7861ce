/**
 * One chat turn, the way a real RAG + tools app does it, recorded with spanlens' manual API:
 *
 *   turn
 *   ├─ retrieve        (top_k=5, /api/search)
 *   ├─ rerank          (top 3, /api/rerank)
 *   ├─ chat <model>    (the SDK's fetch, recorded by spanlens on its own)
 *   ├─ execute_tool get_weather   × each call the model asked for, run in parallel
 *   └─ chat <model>    (with the tool results)
 */
import type { ModelClient, ToolCallRequest, Turn } from './conversation';
import { rerankNotes, searchNotes, systemPrompt, type Doc } from './knowledge';
import { manualApi, type AppSpan } from './spanlens';
import { getWeather } from './tools';

export interface TurnView {
  onSources(notes: Doc[]): void;
  onText(delta: string): void;
  onToolStart(call: ToolCallRequest, args: Record<string, unknown>): void;
  onToolEnd(callId: string, ok: boolean, summary: string): void;
}

export interface TurnResult {
  text: string;
  stopped: boolean;
}

const MAX_MODEL_CALLS = 4;

export function runTurn(question: string, history: Turn[], model: ModelClient, signal: AbortSignal, view: TurnView): Promise<TurnResult> {
  const spanlens = manualApi();
  return spanlens.trace('turn', async (turn) => {
    turn.setAttribute('input.value', question);
    const found = await spanlens.retrieval(question, () => searchNotes(question, 5, signal), { topK: 5 });
    const notes = await spanlens.rerank(question, () => rerankNotes(question, found, 3, signal), { topK: 3 });
    view.onSources(notes);

    const conversation: Turn[] = [{ role: 'system', text: systemPrompt(notes) }, ...history, { role: 'user', text: question }];
    let answer = '';
    for (let call = 0; call < MAX_MODEL_CALLS; call++) {
      const step = await model.step(conversation, (delta) => {
        answer += delta;
        view.onText(delta);
      }, signal);
      if (step.stopped) return { text: answer, stopped: true };
      if (step.toolCalls.length === 0) break;
      conversation.push({ role: 'assistant', text: step.text, toolCalls: step.toolCalls });
      const results = await Promise.all(step.toolCalls.map((toolCall) => runTool(toolCall, turn, signal, view)));
      conversation.push(...results);
    }
    turn.setAttribute('output.value', answer);
    history.push({ role: 'user', text: question }, { role: 'assistant', text: answer, toolCalls: [] });
    return { text: answer, stopped: signal.aborted };
  });
}

/** Run one tool call; a failure becomes an error result for the model, not a failed turn. */
async function runTool(toolCall: ToolCallRequest, turn: AppSpan, signal: AbortSignal, view: TurnView): Promise<Turn> {
  const args = parseArgs(toolCall.arguments);
  view.onToolStart(toolCall, args);
  try {
    if (toolCall.name !== 'get_weather') throw new Error(`no tool named ${toolCall.name}`);
    // Parallel tools: name the parent, so each run nests under the turn rather than a sibling.
    const weather = await manualApi().tool(toolCall.name, args, () => getWeather(args, signal), { callId: toolCall.id, parent: turn });
    view.onToolEnd(toolCall.id, true, `${weather.temperature_c} °C, ${weather.conditions}`);
    return { role: 'tool', callId: toolCall.id, content: JSON.stringify(weather), isError: false };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    view.onToolEnd(toolCall.id, false, message);
    return { role: 'tool', callId: toolCall.id, content: JSON.stringify({ city: args.city, error: message }), isError: true };
  }
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
