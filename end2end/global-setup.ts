/**
 * Waits for the server: `cargo leptos end-to-end` starts the server and this suite at
 * the same time, so poll `/healthz` until it answers 200 (at most 120 s).
 */
import type { FullConfig } from '@playwright/test';

const TIMEOUT_MS = 120_000;

export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL ?? process.env.BASE_URL ?? 'http://127.0.0.1:3000';
  const url = new URL('/healthz', baseURL).href;
  const deadline = Date.now() + TIMEOUT_MS;
  let last = 'no answer yet';
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      const body = await response.text();
      if (response.status === 200) return;
      last = `HTTP ${response.status} ${body}`;
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      last = String(cause ?? error);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `The server at ${baseURL} did not become healthy within ${TIMEOUT_MS / 1000} s ` +
          `(GET /healthz, last: ${last}). Is it running, with its database up? Set BASE_URL if it listens elsewhere.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
