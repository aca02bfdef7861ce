/**
 * One Chromium and one server for the test file that calls this (in its top level), started
 * before its tests and closed after them.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startTestServer, type TestServer } from './serve';

export interface BrowserAnd<Server> {
  browser: Browser;
  server: Server;
}

/** Chromium and the server that `start` starts (the demo, a test server with pages, ...). */
export function useBrowserWith<Server extends { close(): Promise<void> }>(start: () => Promise<Server>): BrowserAnd<Server> {
  const env = {} as BrowserAnd<Server>;
  beforeAll(async () => {
    [env.browser, env.server] = await Promise.all([launchBrowser(), start()]);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

export type BrowserAndServer = BrowserAnd<TestServer>;

/** Chromium and the plain test server (the repository's pages and bundles). */
export function useBrowserAndServer(): BrowserAndServer {
  return useBrowserWith(() => startTestServer());
}
