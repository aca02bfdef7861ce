import { describe, expect, it } from 'vitest';
import { MAX_CALLS, MAX_TOTAL_BODY_CHARS, RequestMemory } from '../../../src/instrument/fetch/request-memory';

describe('RequestMemory bounds', () => {
  it('keeps at most MAX_CALLS calls and MAX_TOTAL_BODY_CHARS of bodies, dropping the oldest bodies first', () => {
    const memory = new RequestMemory();
    const body = 'x'.repeat(900_000);
    for (let i = 0; i < MAX_CALLS + 5; i++) memory.remember(`s${i}`, { url: 'https://api.example/v1/chat/completions', method: 'POST', headers: new Headers({ authorization: 'Bearer k' }), body });
    expect(memory.has('s0')).toBe(false);
    expect(memory.has(`s${MAX_CALLS + 4}`)).toBe(true);
    let total = 0;
    for (let i = 5; i < MAX_CALLS + 5; i++) total += memory.get(`s${i}`)?.body?.length ?? 0;
    expect(total).toBeLessThanOrEqual(MAX_TOTAL_BODY_CHARS);
    expect(memory.get(`s${MAX_CALLS + 4}`)?.body).toBe(body);
    // Older calls keep their headers (a replay rebuilds their body from the span).
    expect(memory.get('s5')?.headers.get('authorization')).toBe('Bearer k');
    expect(memory.get('s5')?.body).toBeUndefined();
  });
});
