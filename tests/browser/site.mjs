// Renders an already-built plansite site in Debian's headless Chromium.
//
//   node site.mjs OUTPUT_DIR [--base /plans/] [--no-screenshots]
//
// OUTPUT_DIR is what `plansite build --output OUTPUT_DIR` wrote. --base is the
// path of the base_url it was built with ("/" unless given): the site is served
// under that path, as a static host would. Screenshots (desktop 1280 px and
// phone 390 px wide) go to $PLANSITE_SCREENSHOTS, else to a new temporary
// directory; the directory is printed. Chromium is $CHROMIUM, else
// /usr/bin/chromium (Debian's package); nothing is downloaded.
//
// One line per check ("ok" or "FAIL" and why); exit 1 if any check failed,
// 2 if the run itself could not start.

import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { extname, join, resolve, sep } from 'node:path';
import { launchChromium, missingChromium } from './chromium.mjs';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- arguments

function usage(message) {
  console.error(`error: ${message}`);
  console.error('usage: node site.mjs OUTPUT_DIR [--base /plans/] [--no-screenshots]');
  process.exit(2);
}

const args = process.argv.slice(2);
let root = null;
let base = '/';
let screenshots = true;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--base') {
    base = args[++i] ?? usage('--base needs a path such as /plans/');
  } else if (arg === '--no-screenshots') {
    screenshots = false;
  } else if (arg.startsWith('-')) {
    usage(`unknown option ${arg}`);
  } else if (root === null) {
    root = resolve(arg);
  } else {
    usage(`unexpected argument ${arg}`);
  }
}
if (root === null) usage('give the built site directory');
if (!existsSync(join(root, 'index.html'))) usage(`${root} holds no index.html: build the site first`);
if (!base.startsWith('/')) base = `/${base}`;
if (!base.endsWith('/')) base = `${base}/`;

const noChromium = missingChromium();
if (noChromium) usage(noChromium);

// ------------------------------------------------------------------- server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** The file a URL path names under `root`, or null: a directory serves its index.html. */
function fileFor(urlPath) {
  if (!urlPath.startsWith(base)) return { file: null };
  let rel;
  try {
    rel = decodeURIComponent(urlPath.slice(base.length));
  } catch {
    return { file: null };
  }
  const path = resolve(root, `./${rel}`);
  if (path !== root && !path.startsWith(root + sep)) return { file: null };
  if (!existsSync(path)) return { file: null };
  if (statSync(path).isDirectory()) {
    // Pretty URLs: /prisons/leicester redirects to /prisons/leicester/, as static hosts do.
    if (!urlPath.endsWith('/')) return { redirect: `${urlPath}/` };
    const index = join(path, 'index.html');
    return { file: existsSync(index) ? index : null };
  }
  return { file: path };
}

function send(res, status, file, method) {
  res.writeHead(status, {
    'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  if (method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

const server = createServer((req, res) => {
  const urlPath = new URL(req.url, 'http://localhost').pathname;
  const found = fileFor(urlPath);
  if (found.redirect) {
    res.writeHead(301, { location: found.redirect });
    res.end();
  } else if (found.file) {
    send(res, 200, found.file, req.method);
  } else if (existsSync(join(root, '404.html'))) {
    send(res, 404, join(root, '404.html'), req.method);
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404.html is missing from the built site\n');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const url = (path) => `${origin}${base}${path}`;

// ------------------------------------------------------------------- checks

let failures = 0;
let passes = 0;
function report(ok, name, problems = []) {
  if (ok) {
    passes++;
    console.log(`ok   ${name}`);
  } else {
    failures++;
    console.log(`FAIL ${name}`);
    for (const problem of problems) console.log(`       ${problem}`);
  }
}

/** Runs one check; an exception (timeout, missing element) is that check's failure. */
async function check(name, body) {
  try {
    const problems = await body();
    report(problems.length === 0, name, problems);
  } catch (error) {
    report(false, name, [String(error?.message ?? error).split('\n')[0]]);
  }
}

const browser = await launchChromium();

/**
 * A page that records what went wrong while it loads: console errors, uncaught
 * exceptions, failed requests, HTTP errors of sub-resources, and any request
 * that leaves the local server (blocked: the site must not need the network).
 */
async function openPage(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  const reported = new Set(); // URLs already named, so one missing file is one line
  page.on('console', (msg) => {
    // "Failed to load resource" repeats what the request handlers below say, with the URL.
    if (msg.type() === 'error' && !/^Failed to load resource/.test(msg.text())) {
      problems.push(`console error: ${msg.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on('response', (response) => {
    const request = response.request();
    if (response.status() >= 400 && !(request.isNavigationRequest() && request.frame() === page.mainFrame())) {
      reported.add(request.url());
      problems.push(`HTTP ${response.status()} for ${request.resourceType()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    if (reported.has(request.url())) return;
    reported.add(request.url());
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  await page.route('**/*', (route) => {
    const target = route.request().url();
    if (target.startsWith(origin) || target.startsWith('data:') || target.startsWith('blob:')) {
      return route.continue();
    }
    reported.add(target);
    problems.push(`request outside the site (blocked): ${target}`);
    return route.abort('blockedbyclient');
  });
  return { page, problems };
}

const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });

// The main page kinds; example slugs are those of the repository's real content.
const PAGES = [
  ['home', ''],
  ['prisons index', 'prisons/'],
  ['prison', 'prisons/leicester/'],
  ['plan', 'prisons/leicester/2018/'],
  ['recommendation', 'prisons/leicester/2018/5.1/'],
  ['themes index', 'themes/'],
  ['theme', 'themes/health/'],
  ['theme at a prison', 'themes/health/leicester/'],
  ['owners index', 'owners/'],
  ['owner', 'owners/governor/'],
  ['owner at a prison', 'owners/governor/leicester/'],
  ['data', 'data/'],
  ['404 page', '404.html'],
];

for (const [name, path] of PAGES) {
  await check(`${name} (${base}${path}) loads cleanly`, async () => {
    const { page, problems } = await openPage(desktop);
    const response = await page.goto(url(path), { waitUntil: 'load' });
    await page.waitForLoadState('networkidle').catch(() => {});
    if (!response) problems.unshift('no response');
    else if (response.status() !== 200) problems.unshift(`HTTP ${response.status()}`);
    const title = (await page.title()).trim();
    if (!title) problems.push('empty <title>');
    const h1 = await page.locator('h1').count();
    if (h1 !== 1) problems.push(`${h1} <h1> elements, expected one`);
    await page.close();
    return problems;
  });
}

await check(`an unknown URL (${base}no/such/page/) answers 404 with the site's 404 page`, async () => {
  const { page, problems } = await openPage(desktop);
  const response = await page.goto(url('no/such/page/'), { waitUntil: 'load' });
  await page.waitForLoadState('networkidle').catch(() => {});
  const out = problems;
  if (response?.status() !== 404) out.unshift(`HTTP ${response?.status()}, expected 404`);
  if ((await page.locator('h1').count()) !== 1) out.push('no <h1> on the 404 page');
  // Its stylesheet and links must work from any depth, so they cannot be relative.
  const relative = await page.$$eval('a[href], link[href], script[src], img[src]', (els) =>
    els
      .map((el) => el.getAttribute('href') ?? el.getAttribute('src'))
      .filter((v) => v && !/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(v)),
  );
  if (relative.length) out.push(`relative links break on a 404 served at any depth: ${relative.join(', ')}`);
  await page.close();
  return out;
});

// Following links from the plan page: each reaches its own recommendation (5.1
// and 5.12 together catch a link that matches on a prefix of the ref).
for (const ref of ['5.1', '5.12']) {
  await check(`following recommendation ${ref}'s link on the Leicester 2018 plan reaches its page`, async () => {
    const { page, problems } = await openPage(desktop);
    await page.goto(url('prisons/leicester/2018/'), { waitUntil: 'load' });
    const item = page.locator(`[id="${ref}"]`);
    if ((await item.count()) !== 1) {
      await page.close();
      return [...problems, `no single element with id="${ref}" on the plan page`];
    }
    const target = `${base}prisons/leicester/2018/${ref}/`;
    const links = item.locator(`a[href="${target}"], a[href="${origin}${target}"]`);
    if ((await links.count()) === 0) {
      await page.close();
      return [...problems, `element id="${ref}" holds no link to ${target}`];
    }
    await Promise.all([page.waitForURL(`${origin}${target}`), links.first().click()]);
    const heading = (await page.locator('h1').first().innerText()).replace(/\s+/g, ' ');
    if (!new RegExp(`(^|[^0-9.])${ref.replace('.', '\\.')}($|[^0-9])`).test(heading)) {
      problems.push(`landed on ${page.url()} whose h1 "${heading}" does not name ${ref}`);
    }
    await page.close();
    return problems;
  });
}

// Accessibility: axe-core, WCAG 2.0/2.1/2.2 A and AA rules.
const AXE = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_PAGES = PAGES.filter(([name]) =>
  ['home', 'prison', 'plan', 'recommendation', 'theme', 'theme at a prison', 'owner', 'owner at a prison'].includes(name),
);
for (const [name, path] of AXE_PAGES) {
  await check(`axe: no serious or critical violation on the ${name} page (${base}${path})`, async () => {
    const page = await desktop.newPage();
    await page.goto(url(path), { waitUntil: 'load' });
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      AXE_TAGS,
    );
    await page.close();
    const problems = [];
    for (const v of result.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
      const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
      problems.push(`${v.impact} ${v.id}: ${v.help} [${v.nodes.length} element(s): ${where}${more}]`);
    }
    return problems;
  });
}

// Screenshots for a person to look at, and no sideways scrolling on a phone.
const SHOTS = PAGES.filter(([name]) => ['home', 'plan', 'recommendation', 'theme', 'owner'].includes(name));
const phone = await browser.newContext({
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
});
let shotDir = null;
if (screenshots) {
  shotDir = process.env.PLANSITE_SCREENSHOTS || mkdtempSync(join(tmpdir(), 'plansite-screenshots-'));
  mkdirSync(shotDir, { recursive: true });
}
for (const [width, context] of [['desktop', desktop], ['phone', phone]]) {
  for (const [name, path] of SHOTS) {
    await check(`${name} page at ${width} width${shotDir ? ': screenshot' : ''}, no sideways scrolling`, async () => {
      const page = await context.newPage();
      await page.goto(url(path), { waitUntil: 'load' });
      const problems = [];
      const [scroll, client] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      const viewport = page.viewportSize().width;
      if (client !== viewport) {
        problems.push(
          `laid out ${client} px wide on a ${viewport} px screen: no <meta name="viewport" content="width=device-width, initial-scale=1">?`,
        );
      } else if (scroll > client + 1) {
        problems.push(`page is ${scroll} px wide in a ${client} px viewport: it scrolls sideways`);
      }
      if (shotDir) {
        const slug = name.replace(/\W+/g, '-');
        // The whole page, and the first screen alone (long pages shrink to nothing in a viewer).
        await page.screenshot({ path: join(shotDir, `${slug}-${width}.png`), fullPage: true });
        await page.screenshot({ path: join(shotDir, `${slug}-${width}-top.png`) });
      }
      await page.close();
      return problems;
    });
  }
}

await browser.close();
server.close();

if (shotDir) console.log(`screenshots: ${shotDir}`);
console.log(`browser checks: ${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
