// `plansite serve --watch` seen from an open tab in Debian's headless Chromium.
//
//   node serve.mjs PLANSITE_BINARY SITE_DIR [--as-of YYYY-MM-DD]
//
// SITE_DIR is a throwaway copy of the repository's site (plansite.toml and
// content/): the script edits and finally deletes content/inspections/
// leicester-2018.md in it. It starts `PLANSITE_BINARY serve --watch --port 0`
// on SITE_DIR, opens the Leicester 2018 plan page once, and from then on only
// changes files on disk: it never reloads or navigates the tab itself.
//
//   1. an edited recommendation text appears (the live script reloads the tab);
//   2. an invalid edit shows the error overlay naming the file, line and column,
//      over the last good page;
//   3. the fix removes the overlay;
//   4. deleting the plan turns the same tab into the site's 404 page, and the
//      URL answers 404.
// Across the run the tab logs no console error but the expected 404.
//
// One line per step ("ok" or "FAIL" and why); the steps build on each other,
// so the first failure ends the run. Exit 1 if a step failed, 2 if the run
// could not start. The server is killed on every way out.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium, missingChromium } from './chromium.mjs';

const STEP_TIMEOUT = 15000; // per step: a debug build rebuilds the site in well under a second
const RUN_TIMEOUT = 180000; // the whole run, whatever hangs
const PLAN_FILE = 'content/inspections/leicester-2018.md';
const PLAN_PATH = '/prisons/leicester/2018/';
const REF = '5.1';

// ---------------------------------------------------------------- arguments

function usage(message) {
  console.error(`error: ${message}`);
  console.error('usage: node serve.mjs PLANSITE_BINARY SITE_DIR [--as-of YYYY-MM-DD]');
  process.exit(2);
}

const positional = [];
let asOf = '2026-01-31';
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--as-of') asOf = args[++i] ?? usage('--as-of needs a date');
  else if (args[i].startsWith('-')) usage(`unknown option ${args[i]}`);
  else positional.push(args[i]);
}
if (positional.length !== 2) usage('give the plansite binary and a copy of the site');
const [binary, site] = positional.map((p) => resolve(p));
if (!existsSync(binary)) usage(`no plansite binary at ${binary}: run \`cargo build\``);
const planFile = join(site, PLAN_FILE);
if (!existsSync(planFile)) usage(`${site} holds no ${PLAN_FILE}: give a copy of the repository's site`);
const noChromium = missingChromium();
if (noChromium) usage(noChromium);

// ------------------------------------------------------------------- server

const serverOutput = []; // every line the server printed, "out: " or "err: "
const server = spawn(
  binary,
  ['serve', '--watch', '--port', '0', '--as-of', asOf, '--root', site],
  { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
);
let serverExit = null;
server.on('exit', (code, signal) => {
  serverExit = signal ?? `status ${code}`;
});
server.on('error', (error) => {
  serverExit = `could not start: ${error.message}`;
});
for (const [stream, tag] of [
  [server.stdout, 'out'],
  [server.stderr, 'err'],
]) {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) serverOutput.push(`${tag}: ${line}`);
  });
}
console.log(`server pid ${server.pid}`);

function killServer() {
  if (serverExit === null && server.exitCode === null) server.kill('SIGKILL');
}
process.on('exit', killServer);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killServer();
    process.exit(2);
  });
}
setTimeout(() => {
  console.log(`FAIL the run took longer than ${RUN_TIMEOUT / 1000} s`);
  dumpServer();
  process.exit(1);
}, RUN_TIMEOUT).unref();

function dumpServer() {
  console.log(`       server output (${serverExit ? `exited: ${serverExit}` : 'still running'}):`);
  for (const line of serverOutput.slice(-40)) console.log(`         ${line}`);
}

// ------------------------------------------------------------------ helpers

class StepFailure extends Error {}

/** Polls `probe` (which may throw while the tab reloads) until it returns a truthy value. */
async function until(what, probe, timeout = STEP_TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last = null;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (serverExit !== null) throw new StepFailure(`the server exited (${serverExit}) while waiting for ${what}`);
    if (Date.now() > deadline) {
      const why = last ? ` (last error: ${String(last.message ?? last).split('\n')[0]})` : '';
      throw new StepFailure(`no ${what} within ${timeout / 1000} s${why}`);
    }
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

function expect(condition, message) {
  if (!condition) throw new StepFailure(message);
}

let failed = false;
let stepNumber = 0;
/** Runs one step and prints its line; after a failure the remaining steps are skipped. */
async function step(name, body) {
  stepNumber++;
  if (failed) {
    console.log(`skip ${stepNumber}. ${name}`);
    return;
  }
  const started = Date.now();
  try {
    const detail = await body();
    console.log(`ok   ${stepNumber}. ${name}${detail ? `: ${detail}` : ''} (${Date.now() - started} ms)`);
  } catch (error) {
    failed = true;
    console.log(`FAIL ${stepNumber}. ${name}`);
    console.log(`       ${String(error?.message ?? error).split('\n')[0]}`);
    dumpServer();
  }
}

/** The 1-based line and column at which `needle` starts in `text` (its first occurrence after `from`). */
function placeOf(text, needle, from = 0) {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new StepFailure(`the plan file holds no ${JSON.stringify(needle)}`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

// -------------------------------------------------------------------- run

let browser = null;
try {
  const origin = await until(
    'line "serving ... at http://127.0.0.1:PORT/" from the server',
    () => {
      for (const line of serverOutput) {
        const match = /^out: serving .* at (http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
        if (match) return match[1];
      }
      return null;
    },
    60000,
  ).catch((error) => {
    console.log(`FAIL the server did not start: ${error.message}`);
    dumpServer();
    process.exit(2);
  });
  const planUrl = `${origin}${PLAN_PATH}`;

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });

  // What the site's own 404 page calls itself, read from the page as served,
  // so that the test follows the theme rather than repeating its words.
  const notFound = await (async () => {
    const probe = await context.newPage();
    const response = await probe.goto(`${origin}/404.html`, { waitUntil: 'load' });
    const found = {
      status: response?.status(),
      title: (await probe.title()).trim(),
      h1: (await probe.locator('h1').first().innerText()).trim(),
    };
    await probe.close();
    return found;
  })();
  if (notFound.status !== 200 || !notFound.title || !notFound.h1) {
    throw new StepFailure(`/404.html answered ${notFound.status} with title "${notFound.title}", h1 "${notFound.h1}"`);
  }

  // The one tab, and everything it does by itself.
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  const consoleErrors = []; // { text, phase }
  let phase = 'open';
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push({ text: msg.text(), phase, url: page.url() });
  });
  page.on('pageerror', (error) => consoleErrors.push({ text: `uncaught: ${error.message}`, phase }));
  let navigations = 0;
  let liveConnected = false; // the current document's event stream is open
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) {
      navigations++;
      liveConnected = false;
    }
  });
  page.on('response', (response) => {
    if (response.url().endsWith('/__plansite/events') && response.frame() === page.mainFrame()) {
      liveConnected = response.status() === 200;
    }
  });
  // The live script only hears of rebuilds once its event stream is open; a
  // change saved before that would go unnoticed by this document.
  const live = () => until('open event stream (/__plansite/events) in the tab', () => liveConnected);
  // A property on the window survives anything but a reload.
  const mark = () => page.evaluate(() => (window.__plansiteTestMark = true));
  const marked = () => page.evaluate(() => window.__plansiteTestMark === true);
  const recommendationText = () => page.locator(`[id="${REF}"]`).innerText();
  const overlay = page.locator('#plansite-error-overlay');

  const original = readFileSync(planFile, 'utf8');
  const sentence = `Every wing should hold a weekly violence review chaired by a duty governor (live edit ${Date.now().toString(36)}).`;
  let good = null; // the plan file as last saved valid

  await step(`open ${PLAN_PATH} in headless Chromium`, async () => {
    const response = await page.goto(planUrl, { waitUntil: 'load' });
    expect(response?.status() === 200, `HTTP ${response?.status()} for ${planUrl}`);
    expect((await page.locator(`[id="${REF}"]`).count()) === 1, `no element with id="${REF}" on the plan page`);
    await live();
    return `"${await page.title()}", live script connected`;
  });

  await step(`edit recommendation ${REF}'s text on disk: the tab reloads by itself and shows it`, async () => {
    // Replace the folded text of the first recommendation (ref "5.1") with one line.
    const match = /(- ref: "5\.1"\n(?:  .*\n)*?  text: >-\n)((?:    .*\n)+)/.exec(original);
    expect(match, `no folded text of recommendation ${REF} in ${PLAN_FILE}`);
    expect(!(await recommendationText()).includes(sentence), 'the new sentence is on the page before the edit');
    good = original.replace(match[0], `${match[1]}    ${sentence}\n`);
    await mark();
    const before = navigations;
    writeFileSync(planFile, good);
    await until(`new text of ${REF} on the page`, async () => (await recommendationText()).includes(sentence));
    expect(!(await marked()), 'the page shows the new text without having reloaded');
    expect(navigations > before, 'no navigation of the tab was seen');
    expect(page.url() === planUrl, `the tab moved to ${page.url()}`);
    await live();
    return `${navigations - before} reload(s) by the live script`;
  });

  await step('save an unknown theme: the overlay names the file, line and column over the last good page', async () => {
    // A theme misspelt under recommendation 5.1, after its decision: an
    // editor's typo, an error (a label the plan writes would only warn).
    const at = good.indexOf(`- ref: "${REF}"`);
    const key = '  decision: Agreed\n';
    const keyAt = good.indexOf(key, at);
    expect(at >= 0 && keyAt > at, `no "decision: Agreed" after ref ${REF}`);
    const label = 'helth';
    const broken = `${good.slice(0, keyAt)}${key}  themes: [${label}]\n${good.slice(keyAt + key.length)}`;
    const { line, column } = placeOf(broken, label, keyAt);
    const place = `${PLAN_FILE}:${line}:${column}`;
    phase = 'broken';
    await mark();
    writeFileSync(planFile, broken);
    const text = await until('error overlay', async () =>
      (await overlay.count()) === 1 && (await overlay.isVisible()) ? overlay.locator('pre').innerText() : null,
    );
    expect((await overlay.getAttribute('role')) === 'alertdialog', 'the overlay is not role="alertdialog"');
    expect(text.includes(place), `the overlay does not name ${place}; it says: ${text}`);
    expect(text.includes(label), `the overlay does not quote the theme "${label}"; it says: ${text}`);
    // The terminal says the same words.
    const printed = await until('the error line on the server\'s stderr', () =>
      serverOutput.find((l) => l.startsWith('err: error: ') && l.includes(place)),
    );
    const words = printed.slice('err: '.length);
    expect(text.includes(words), `the overlay lacks the terminal's words "${words}"; it says: ${text}`);
    expect(await marked(), 'the tab reloaded on a failed build');
    expect((await recommendationText()).includes(sentence), 'the page behind the overlay lost the last good text');
    const served = await (await fetch(planUrl)).text();
    expect(served.includes(sentence), 'the server no longer serves the last good page');
    return `"${words}"`;
  });

  await step('fix the theme: the overlay goes away', async () => {
    phase = 'fixed';
    writeFileSync(planFile, good);
    await until('overlay gone', async () => (await overlay.count()) === 0);
    await until(`text of ${REF} after the fix`, async () => (await recommendationText()).includes(sentence));
    expect(page.url() === planUrl, `the tab moved to ${page.url()}`);
    await live();
    // Still gone once the reloaded tab has heard the server's state.
    expect((await overlay.count()) === 0, 'the overlay came back after the reload');
  });

  await step(`delete ${PLAN_FILE}: the same tab becomes the site's 404 page`, async () => {
    phase = 'deleted';
    await mark();
    unlinkSync(planFile);
    await until(`the 404 page ("${notFound.title}") in the tab`, async () =>
      (await page.title()).trim() === notFound.title && (await page.locator('h1').first().innerText()).trim() === notFound.h1,
    );
    expect(!(await marked()), 'the 404 page is showing without a reload');
    expect(page.url() === planUrl, `the tab moved to ${page.url()}`);
    const status = await page.evaluate(async () => (await fetch(location.href, { cache: 'no-store' })).status);
    expect(status === 404, `fetching ${PLAN_PATH} from the tab answers ${status}, expected 404`);
    await live();
    return `"${notFound.h1}", HTTP ${status}`;
  });

  await step('no console errors but the expected 404, and the server still running', async () => {
    const unexpected = consoleErrors.filter(
      (e) => !(e.phase === 'deleted' && /^Failed to load resource: the server responded with a status of 404/.test(e.text)),
    );
    expect(
      unexpected.length === 0,
      `console errors: ${unexpected.map((e) => `[${e.phase}] ${e.text}`).join(' | ')}`,
    );
    expect(serverExit === null, `the server exited: ${serverExit}`);
    const expected = consoleErrors.length - unexpected.length;
    return `${expected} expected 404 message(s)`;
  });
} catch (error) {
  failed = true;
  console.log(`FAIL ${String(error?.message ?? error).split('\n')[0]}`);
  dumpServer();
} finally {
  if (browser) await browser.close().catch(() => {});
  killServer();
}

console.log(failed ? 'serve in the browser: FAILED' : 'serve in the browser: every step passed');
process.exit(failed ? 1 : 0);
