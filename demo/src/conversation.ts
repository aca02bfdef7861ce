/** The app's own conversation format; each model adapter converts it to its provider's shape. */
export interface ToolCallRequest {
  id: string;
  name: string;
  /** JSON text as the model wrote it. */
  arguments: string;
}

export type Turn =
  | { role: 'system' | 'user'; text: string }
  | { role: 'assistant'; text: string; toolCalls: ToolCallRequest[] }
  | { role: 'tool'; callId: string; content: string; isError: boolean };

export interface StepResult {
  text: string;
  toolCalls: ToolCallRequest[];
  /** The user pressed Stop: the text is what arrived before. */
  stopped: boolean;
}

/** One model call (streamed): what the chat loop needs from a provider. */
export interface ModelClient {
  readonly label: string;
  step(conversation: Turn[], onText: (delta: string) => void, signal: AbortSignal): Promise<StepResult>;
}

/** A placeholder key: the mock accepts any key, and spanlens must never record it. */
export const DEMO_API_KEY = 'sk-demo-0000-not-a-real-key';
