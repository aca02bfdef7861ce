export const ANSWER: string;
export const TOOL_CALL: { id: string; name: string; arguments: string };
export const ANTHROPIC_TOOL: { id: string; name: string; input: { city: string; unit: string } };
export const USAGE: { input: number; cached: number; output: number; reasoning: number };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The client closed the connection before the response ended. */
  closedEarly: boolean;
}

export interface MockLlmServer {
  url: string;
  requests: RecordedRequest[];
  release(): void;
  gated(): Promise<void>;
  close(): Promise<void>;
}

export function startMockLlmServer(options?: {
  /** Answers other requests first (a test page, a bundle): return true when it did. */
  serve?: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean;
}): Promise<MockLlmServer>;
