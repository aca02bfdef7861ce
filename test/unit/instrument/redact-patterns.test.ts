import { describe, expect, it } from 'vitest';
import { collectSecrets, sanitizeUrl, scrubSecrets } from '../../../src/instrument/secrets';
import { formatTraceparent, traceparentOrigins } from '../../../src/instrument/fetch/traceparent';
import { compilePattern } from '../../../src/instrument/url-patterns';

describe('sanitizeUrl', () => {
  it('removes credentials and replaces secret query values, keeps the rest as it was', () => {
    expect(sanitizeUrl('https://u:p4ss@example.com/v1beta/models/x:generateContent?key=AIza123&alt=sse')).toBe(
      'https://example.com/v1beta/models/x:generateContent?key=REDACTED&alt=sse',
    );
    for (const name of ['key', 'api_key', 'apiKey', 'api-key', 'access_token', 'token', 'sig', 'x-goog-api-key']) {
      expect(sanitizeUrl(`https://e.com/?${name}=s3cr3t&q=1`), name).toBe(`https://e.com/?${name}=REDACTED&q=1`);
    }
    expect(sanitizeUrl('https://e.com/a?q=hello%20world&monkey=1')).toBe('https://e.com/a?q=hello%20world&monkey=1');
  });
});

describe('collectSecrets / scrubSecrets', () => {
  it('collects the values of secret headers and params and scrubs them anywhere', () => {
    const headers = new Headers({ authorization: 'Bearer tok_abcdef123', cookie: 'sid=cookie_value_1; x=1', 'x-other': 'visible-value' });
    const secrets = collectSecrets(new URL('https://e.com/?key=querykey999'), headers);
    const text = 'auth tok_abcdef123, sid cookie_value_1, q querykey999, other visible-value';
    expect(scrubSecrets(text, secrets)).toBe('auth REDACTED, sid REDACTED, q REDACTED, other visible-value');
  });

  it('scrubs well-known key shapes even when they were not in the request', () => {
    expect(scrubSecrets('key sk-proj-abcdefghijklmnopqrstuvwx used', [])).toBe('key REDACTED used');
    expect(scrubSecrets('AIzaSyA1234567890abcdefghijklmnopqrstu', [])).toBe('REDACTED');
  });
});

describe('url patterns', () => {
  const url = (href: string) => new URL(href);

  it('a path matches on any origin, exactly, ignoring the query', () => {
    const match = compilePattern('/api/chat');
    expect(match(url('https://app.example/api/chat?x=1'))).toBe(true);
    expect(match(url('https://app.example/api/chat/more'))).toBe(false);
  });

  it('a full URL with * matches that origin\'s paths', () => {
    const match = compilePattern('http://localhost:11434/*');
    expect(match(url('http://localhost:11434/api/chat'))).toBe(true);
    expect(match(url('http://localhost:8080/api/chat'))).toBe(false);
  });

  it('a RegExp is tested against the full URL, also a global one, repeatedly', () => {
    const match = compilePattern(/openrouter\.ai\/api\/v1\//g);
    expect(match(url('https://openrouter.ai/api/v1/chat/completions'))).toBe(true);
    expect(match(url('https://openrouter.ai/api/v1/chat/completions'))).toBe(true);
  });
});

describe('traceparent', () => {
  it('formats version 00, sampled', () => {
    expect(formatTraceparent({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' })).toBe(
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
  });

  it('allows the page origin and the listed ones, normalised', () => {
    const origins = traceparentOrigins('https://app.example', ['https://api.example/some/path', 'not a url']);
    expect([...origins]).toEqual(['https://app.example', 'https://api.example']);
    expect([...traceparentOrigins('null', undefined)]).toEqual([]);
  });
});
