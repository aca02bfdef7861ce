/**
 * "Copy as Markdown": one trace as text to paste into an issue or a chat with a model. The span
 * tree as nested headings and lists: each llm call's conversation (system, messages by role, the
 * answer), tool calls with their arguments and results, errors, timings and tokens.
 *
 * Model output and tool results go in fenced blocks (fences longer than any backtick run inside),
 * so nothing in them is read as Markdown structure. Only what the spans hold is written: secrets
 * never reach a span (see instrument/secrets.ts), so they cannot reach this text either.
 */
import type { ChatMessage } from '../core/messages';
import { readScores } from '../core/scores';
import * as sem from '../core/semconv';
import type { SpanData } from '../core/span';
import { partsText, readLlmExample, type LlmExample } from './llm-example';
import { roots } from './trace-diff';

interface Node {
  span: SpanData;
  children: Node[];
}

export function traceMarkdown(spans: readonly SpanData[], traceId: string): string {
  const trace = spans.filter((s) => s.traceId === traceId);
  if (trace.length === 0) return `No spans of trace ${traceId}.\n`;
  const top = roots(trace);
  const start = Math.min(...trace.map((s) => s.startTime));
  const end = Math.max(...trace.map((s) => s.endTime ?? s.startTime));
  const input = sum(trace, sem.GEN_AI_USAGE_INPUT_TOKENS);
  const output = sum(trace, sem.GEN_AI_USAGE_OUTPUT_TOKENS);
  const cost = sum(trace, sem.SPANLENS_COST_USD);
  const errors = trace.filter((s) => s.status.code === 'error').length;
  const lines: string[] = [
    `# Trace: ${inline(top[0].span.name)}`,
    '',
    `- trace id: \`${traceId}\``,
    `- started: ${new Date(start).toISOString()}`,
    `- duration: ${ms(end - start)}`,
    `- spans: ${trace.length}${errors > 0 ? ` (${errors} failed)` : ''}`,
  ];
  if (input > 0 || output > 0) lines.push(`- tokens: ${input} in, ${output} out`);
  if (cost > 0) lines.push(`- cost: $${cost.toFixed(6)}`);
  lines.push('');
  for (const node of top) writeNode(node, 2, lines);
  return lines.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}

function writeNode(node: Node, level: number, lines: string[]): void {
  const span = node.span;
  const heading = '#'.repeat(Math.min(level, 6));
  lines.push(`${heading} ${inline(span.name)} (${span.kind})`, '');
  lines.push(`- ${timing(span)}`);
  if (span.status.code === 'error') lines.push(`- **error**: ${inline(span.status.message ?? 'failed')}`);
  for (const score of readScores(span)) {
    const parts = [score.value === undefined ? '' : String(score.value), score.label ?? ''].filter(Boolean).join(' ');
    lines.push(`- score ${inline(score.name)}: ${inline(parts)}${score.explanation ? ` (${inline(score.explanation)})` : ''}`);
  }
  if (span.kind === 'llm') writeLlm(readLlmExample(span), lines);
  else if (span.kind === 'tool') writeTool(span, lines);
  lines.push('');
  for (const child of node.children) writeNode(child, level + 1, lines);
}

function writeLlm(example: LlmExample, lines: string[]): void {
  if (example.model) lines.push(`- model: ${inline(example.model)}${example.provider ? ` (${inline(example.provider)})` : ''}`);
  const u = example.usage;
  if (u.inputTokens !== undefined || u.outputTokens !== undefined) lines.push(`- tokens: ${u.inputTokens ?? '?'} in, ${u.outputTokens ?? '?'} out`);
  if (example.finishReasons.length > 0) lines.push(`- finish: ${example.finishReasons.map(inline).join(', ')}`);
  if (example.tools.length > 0) lines.push(`- tools offered: ${example.tools.map((t) => `\`${inline(t.name)}\``).join(', ')}`);
  lines.push('');
  const system = partsText(example.system);
  if (system !== '') lines.push('**system**', '', fence(system), '');
  for (const message of example.input) writeMessage(message, lines);
  if (example.output.length > 0) lines.push('**answer:**', '');
  for (const message of example.output) writeMessage(message, lines);
}

function writeMessage(message: ChatMessage, lines: string[]): void {
  lines.push(`**${inline(message.role)}**`, '');
  for (const part of message.parts as Array<Record<string, unknown>>) {
    if (part.type === 'text' || part.type === 'reasoning') {
      if (part.type === 'reasoning') lines.push('_reasoning_', '');
      lines.push(fence(String(part.content ?? '')), '');
    } else if (part.type === 'tool_call') {
      lines.push(`tool call \`${inline(String(part.name))}\`${part.id ? ` (${inline(String(part.id))})` : ''}:`, '', fence(pretty(part.arguments), 'json'), '');
    } else if (part.type === 'tool_call_response') {
      lines.push(`tool result${part.id ? ` (${inline(String(part.id))})` : ''}:`, '', fence(pretty(part.response)), '');
    } else {
      lines.push(`_${inline(String(part.type))} part_`, '');
    }
  }
}

function writeTool(span: SpanData, lines: string[]): void {
  const a = span.attributes;
  const args = a[sem.GEN_AI_TOOL_CALL_ARGUMENTS];
  const result = a[sem.GEN_AI_TOOL_CALL_RESULT];
  if (a[sem.GEN_AI_TOOL_CALL_ID] !== undefined) lines.push(`- call id: ${inline(String(a[sem.GEN_AI_TOOL_CALL_ID]))}`);
  lines.push('');
  if (args !== undefined) lines.push('arguments:', '', fence(pretty(parseMaybe(args)), 'json'), '');
  if (result !== undefined) lines.push('result:', '', fence(pretty(parseMaybe(result))), '');
}

function timing(span: SpanData): string {
  if (span.endTime === undefined) return 'still running (no end recorded)';
  const ttfc = span.attributes[sem.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
  return `took ${ms(span.endTime - span.startTime)}${typeof ttfc === 'number' ? `, first token after ${ms(ttfc * 1000)}` : ''}`;
}

/** A fenced block whose fence no backtick run inside can close. */
export function fence(text: string, language = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const bar = '`'.repeat(longest + 1);
  return `${bar}${language}\n${text}\n${bar}`;
}

/** Text for a heading or list item: one line, Markdown's own characters escaped. */
function inline(text: string): string {
  return String(text).replace(/\s+/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

function pretty(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function parseMaybe(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function sum(spans: readonly SpanData[], key: string): number {
  return spans.reduce((total, s) => total + (typeof s.attributes[key] === 'number' ? (s.attributes[key] as number) : 0), 0);
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}
