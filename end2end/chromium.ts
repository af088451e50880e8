/**
 * The one Chromium the browser tests drive (Debian's, never `playwright install`) and
 * the flags that keep it quiet and offline. Shared by Playwright's config and the
 * Lighthouse test, which starts its own Chromium.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
