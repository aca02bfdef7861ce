/**
 * One Chromium and one Vite test server for the test file that calls this (in its top level),
 * started before its tests and closed after them.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startTestServer, type TestServer } from './serve';

export interface BrowserAndServer {
  browser: Browser;
  server: TestServer;
}

export function useBrowserAndServer(): BrowserAndServer {
  const env = {} as BrowserAndServer;
  beforeAll(async () => {
    [env.browser, env.server] = await Promise.all([launchBrowser(), startTestServer()]);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
