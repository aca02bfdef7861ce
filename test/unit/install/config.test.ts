import { describe, expect, it, vi } from 'vitest';
import { attributeName, parseConfigObject, parseDataAttributes, readPageConfig } from '../../../src/config';

const attrs = (record: Record<string, string>) => Object.entries(record).map(([name, value]) => ({ name, value }));

describe('data attributes of the script tag', () => {
  it('reads every kind of option', () => {
    const { config, problems } = parseDataAttributes(
      attrs({
        'data-hotkey': 'Ctrl+Shift+Y',
        'data-open': '',
        'data-dock': 'right',
        'data-theme': 'dark',
        'data-capture-content': 'off',
        'data-llm-urls': '/api/chat, http://localhost:11434/*',
        'data-traceparent-origins': 'https://api.example.com/',
        'data-record-http': 'true',
        'data-max-sessions': '7',
        'data-max-megabytes': '2.5',
        'data-max-attribute-length': '1000',
        'data-overlay': 'yes',
        'data-nonce': 'abc',
      }),
    );
    expect(problems).toEqual([]);
    expect(config).toEqual({
      hotkey: 'Ctrl+Shift+Y',
      open: true,
      dock: 'right',
      theme: 'dark',
      captureContent: false,
      llmUrls: ['/api/chat', 'http://localhost:11434/*'],
      traceparentOrigins: ['https://api.example.com'],
      recordHttp: true,
      maxSessions: 7,
      maxMegabytes: 2.5,
      maxAttributeLength: 1000,
      overlay: true,
      nonce: 'abc',
    });
  });

  it('reads the forwarding options: endpoint (base or full), headers, protocol', () => {
    const { config, problems } = parseDataAttributes(
      attrs({
        'data-otlp-endpoint': 'https://cloud.langfuse.com/api/public/otel',
        'data-otlp-headers': 'authorization=Basic%20abc%3D%3D, x-langfuse-ingestion-version=4',
        'data-otlp-protocol': 'protobuf',
      }),
    );
    expect(problems).toEqual([]);
    expect(config).toEqual({
      otlpEndpoint: 'https://cloud.langfuse.com/api/public/otel/v1/traces',
      otlpHeaders: { authorization: 'Basic abc==', 'x-langfuse-ingestion-version': '4' },
      otlpProtocol: 'protobuf',
    });
    expect(parseDataAttributes(attrs({ 'data-otlp-endpoint': 'http://localhost:6006/v1/traces' })).config.otlpEndpoint).toBe('http://localhost:6006/v1/traces');
  });

  it('reads data-collector as a URL, or bare for the page origin', () => {
    expect(parseDataAttributes(attrs({ 'data-collector': 'http://localhost:4318/' })).config).toEqual({ collector: 'http://localhost:4318' });
    vi.stubGlobal('location', new URL('http://localhost:5173/chat'));
    try {
      expect(parseDataAttributes(attrs({ 'data-collector': '' })).config).toEqual({ collector: 'http://localhost:5173' });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(parseDataAttributes(attrs({ 'data-collector': 'ftp://x' })).problems).toHaveLength(1);
  });

  it('refuses a bad endpoint, bad headers and an unknown protocol', () => {
    const { config, problems } = parseDataAttributes(
      attrs({ 'data-otlp-endpoint': 'javascript:alert(1)', 'data-otlp-headers': 'no-equals-sign', 'data-otlp-protocol': 'grpc' }),
    );
    expect(config).toEqual({});
    expect(problems).toHaveLength(3);
    expect(problems[2]).toBe('spanlens: data-otlp-protocol="grpc" should be one of "json", "protobuf"; using the default (json)');
    expect(parseConfigObject({ otlpHeaders: { 'bad header': 'x' } }, 'c').problems).toHaveLength(1);
  });

  it('ignores attributes that are not data-*', () => {
    expect(parseDataAttributes(attrs({ src: '/x.js', async: '', nonce: 'n' }))).toEqual({ config: {}, problems: [] });
  });

  it('reports a malformed value in one line and keeps the default', () => {
    const { config, problems } = parseDataAttributes(
      attrs({ 'data-max-sessions': 'lots', 'data-open': 'maybe', 'data-dock': 'left', 'data-hotkey': 'K', 'data-max-megabytes': '-1' }),
    );
    expect(config).toEqual({});
    expect(problems).toEqual([
      'spanlens: data-max-sessions="lots" should be a whole number ≥ 1; using the default (50)',
      'spanlens: data-open="maybe" should be true or false; using the default (closed)',
      'spanlens: data-dock="left" should be one of "bottom", "right", "floating"; using the default (bottom)',
      'spanlens: data-hotkey="K" should be a key with modifiers, like "Alt+Shift+K"; using the default (Alt+Shift+K)',
      'spanlens: data-max-megabytes="-1" should be a number > 0; using the default (50)',
    ]);
    for (const line of problems) expect(line).not.toContain('\n');
  });

  it('rejects numbers with trailing junk, fractions where whole numbers are needed, and bad hotkey modifiers', () => {
    const { problems } = parseDataAttributes(attrs({ 'data-max-sessions': '5px', 'data-max-attribute-length': '100.5', 'data-hotkey': 'Hyper+K' }));
    expect(problems).toHaveLength(3);
  });

  it('names an unknown attribute and suggests the option it resembles', () => {
    const { problems } = parseDataAttributes(attrs({ 'data-hot-key': 'Alt+K', 'data-frobnicate': '1', 'data-prices': '{}' }));
    expect(problems).toEqual([
      'spanlens: data-hot-key is not an option (did you mean data-hotkey?); ignored',
      'spanlens: data-frobnicate is not an option; ignored',
      'spanlens: data-prices is not an option (it can only be set in window.spanlensConfig); ignored',
    ]);
  });

  it('clips a huge malformed value in the message', () => {
    const { problems } = parseDataAttributes(attrs({ 'data-dock': 'x'.repeat(500) }));
    expect(problems[0].length).toBeLessThan(160);
  });

  it('maps option names to attribute names', () => {
    expect(attributeName('maxMegabytes')).toBe('data-max-megabytes');
    expect(attributeName('hotkey')).toBe('data-hotkey');
  });
});

describe('a config object', () => {
  it('accepts values of the right types, RegExps and functions included', () => {
    const redact = () => undefined;
    const { config, problems } = parseConfigObject({ llmUrls: ['/api/chat', /ollama/], redact, open: false, prices: { 'my-model': { input: 1, output: 2 } } }, 'config');
    expect(problems).toEqual([]);
    expect(config.llmUrls).toEqual(['/api/chat', /ollama/]);
    expect(config.redact).toBe(redact);
    expect(config.open).toBe(false);
  });

  it('treats undefined and null as no config', () => {
    expect(parseConfigObject(undefined, 'x')).toEqual({ config: {}, problems: [] });
    expect(parseConfigObject(null, 'x')).toEqual({ config: {}, problems: [] });
  });

  it('reports a config of the wrong shape once and uses the defaults', () => {
    for (const wrong of ['dark', 42, ['open'], true]) {
      const { config, problems } = parseConfigObject(wrong, 'window.spanlensConfig');
      expect(config).toEqual({});
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^spanlens: window\.spanlensConfig should be an object like .*; using the defaults$/);
    }
  });

  it('reports each wrong field and unknown key, keeping the good ones', () => {
    const { config, problems } = parseConfigObject({ dock: 'right', open: 'yes', maxSessions: 0, llmUrls: [42], captureContnet: false }, 'window.spanlensConfig');
    expect(config).toEqual({ dock: 'right' });
    expect(problems).toEqual([
      'spanlens: window.spanlensConfig.open should be true or false, got "yes"; using the default (closed)',
      'spanlens: window.spanlensConfig.maxSessions should be a whole number ≥ 1, got 0; using the default (50)',
      'spanlens: window.spanlensConfig.llmUrls should be a list of URL paths, globs or RegExps, got an array; using the default (none)',
      'spanlens: window.spanlensConfig.captureContnet is not an option (did you mean captureContent?); ignored',
    ]);
  });

  it('rejects origins that are not origins', () => {
    const { problems } = parseConfigObject({ traceparentOrigins: ['https://x.com/path'] }, 'c');
    expect(problems).toHaveLength(1);
    expect(parseConfigObject({ traceparentOrigins: 'ftp://x.com' }, 'c').problems).toHaveLength(1);
  });
});

describe('the page config of the script tag', () => {
  it('lets data attributes win over window.spanlensConfig and takes the script nonce', () => {
    const script = {
      nonce: 'n0nce',
      attributes: attrs({ src: 'spanlens.iife.js', 'data-dock': 'right', 'data-max-sessions': '3' }),
    } as unknown as Element;
    const { config, problems } = readPageConfig(script, { dock: 'floating', theme: 'dark', hotkey: 5 });
    expect(config).toEqual({ dock: 'right', theme: 'dark', maxSessions: 3, nonce: 'n0nce' });
    expect(problems).toEqual(['spanlens: window.spanlensConfig.hotkey should be a key with modifiers, like "Alt+Shift+K", got 5; using the default (Alt+Shift+K)']);
  });

  it('works with no script element (loaded as a module or injected)', () => {
    expect(readPageConfig(null, undefined)).toEqual({ config: {}, problems: [] });
  });
});
