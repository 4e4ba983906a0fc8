// Debian's headless Chromium through playwright-core, launched the same way
// by every browser suite here. Chromium is $CHROMIUM, else /usr/bin/chromium
// (Debian's package); nothing is downloaded.

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

/** Why Chromium cannot be launched here, as what to run; null when it can. */
export function missingChromium() {
  return existsSync(executablePath)
    ? null
    : `no Chromium at ${executablePath}: run \`apt-get install -y chromium\` (or set CHROMIUM)`;
}

/** A headless Chromium: no sandbox (containers), no GPU, no calls home. */
export function launchChromium() {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
