#!/usr/bin/env node
// Drives the web client (web/) in Debian's headless Chromium for the integration tests
// (test_web_browser.py). Never downloads a browser: playwright-core + /usr/bin/chromium.
//
//   node web_peer.js --url https://10.77.0.1:PORT/ --profile DIR [--loopback] [--fake-audio WAV]
//
// --fake-audio makes the fake microphone play that WAV file in a loop (default: Chromium's beeps).
//
// Reads one JSON command per line on stdin, answers one JSON line on stdout:
//   {"cmd":"login","name":"webby"}            log in through the form, wait until online
//   {"cmd":"wait_user","name":"term"}         wait until the user list shows `name`
//   {"cmd":"chat","text":"..."}               send a chat message through the form
//   {"cmd":"wait_chat","text":"..."}          wait until a chat line contains `text`
//   {"cmd":"chat_html"}                       the chat log's innerHTML and its element count
//   {"cmd":"call","name":"term"}              click that user's Call button
//   {"cmd":"wait_incoming"}                   wait for the incoming call banner
//   {"cmd":"click","id":"answer"}             click a button by id (answer, decline, hangup, mute, camera)
//   {"cmd":"wait_state","text":"..."}         wait until #call-state contains `text`
//   {"cmd":"stats"}                           window.clivrt.stats() + state()
//   {"cmd":"sample_callee","url":"wss://...","name":"n"}  a second login behaving as MDN's sample callee
//                                             (sample_callee.js); its progress in window.sampleCallee
//   {"cmd":"eval","expr":"..."}               evaluate an expression in the page (debugging)
//   {"cmd":"screenshot","path":"..."}         PNG of the page
//   {"cmd":"quit"}
// Every answer is {"ok":true,...} or {"ok":false,"error":"..."}; console errors of the page are
// reported as {"event":"console",...} lines.
'use strict';

const readline = require('node:readline');
const { chromium } = require('playwright-core');

const TIMEOUT_MS = 45000;

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

function emit(object) { process.stdout.write(JSON.stringify(object) + '\n'); }

// Polls `predicate(arg)` in the page with page.evaluate. Not page.waitForFunction: its polling
// compiles strings in the page, which the page's CSP (no 'unsafe-eval') rightly refuses, and the
// test keeps that CSP in force.
async function waitFor(page, predicate, arg, what) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    if (await page.evaluate(predicate, arg)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function main() {
  const url = option('--url');
  const profile = option('--profile');
  if (!url || !profile) throw new Error('usage: web_peer.js --url URL --profile DIR [--loopback]');
  const args = [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required',
    '--ignore-certificate-errors',  // the test's self-signed certificate
  ];
  if (process.argv.includes('--loopback')) args.push('--allow-loopback-in-peer-connection');
  const fakeAudio = option('--fake-audio');
  if (fakeAudio) args.push(`--use-file-for-fake-audio-capture=${fakeAudio}`);
  // headless: false keeps Playwright from adding its own (old) --headless flag: ours is above.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: false, args, ignoreHTTPSErrors: true,
    viewport: { width: 1200, height: 760 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.on('console', (message) => {  // CSP violations are reported here too
    if (message.type() === 'error') emit({ event: 'console', text: message.text() });
  });
  page.on('pageerror', (error) => emit({ event: 'pageerror', text: String(error) }));
  await page.goto(url);  // netns_testlib's namespaces have no IPv6: no address settles late
  emit({ ok: true, ready: true });

  const commands = {
    async login({ name }) {
      await page.fill('#login-name', name);
      await page.click('#login-button');
      await page.waitForSelector('#main:not([hidden])');
      await waitFor(page, (me) => window.clivrt.state().online.includes(me), name, `${name} online`);
      return { state: await page.evaluate(() => window.clivrt.state()) };
    },
    async wait_user({ name }) {
      await waitFor(page, (who) => window.clivrt.state().online.includes(who), name, `${name} online`);
      return {};
    },
    async chat({ text }) {
      await page.fill('#chat-input', text);
      await page.click('#chat-form button');
      return {};
    },
    async wait_chat({ text }) {
      await waitFor(page, (want) => [...document.querySelectorAll('#chat-log li')]
        .some((li) => li.textContent.includes(want)), text, `chat line ${text}`);
      return {};
    },
    async chat_html() {
      return page.evaluate(() => ({
        html: document.getElementById('chat-log').innerHTML,
        elements: document.querySelectorAll('#chat-log *').length,
        foreign: document.querySelectorAll('#chat-log img, #chat-log b, #chat-log script').length,
      }));
    },
    async call({ name }) {
      await page.click(`#users button[data-user="${name}"]`);
      return {};
    },
    async wait_incoming() {
      await page.waitForSelector('#incoming:not([hidden])');
      return { text: await page.textContent('#incoming-text') };
    },
    async click({ id }) {
      await page.click(`#${id}`);
      return {};
    },
    async wait_state({ text }) {
      await waitFor(page, (want) => document.getElementById('call-state').textContent.includes(want), text,
        `call state ${text}`);
      return { state: await page.textContent('#call-state') };
    },
    async stats() {
      return { stats: await page.evaluate(() => window.clivrt.stats()), state: await page.evaluate(() => window.clivrt.state()),
        callState: await page.textContent('#call-state') };
    },
    async sample_callee({ url, name }) {
      const source = require('node:fs').readFileSync(require('node:path').join(__dirname, 'sample_callee.js'), 'utf8');
      await page.evaluate(`(${source.slice(source.indexOf('async ('))})(${JSON.stringify({ url, name })})`);
      return {};
    },
    async eval({ expr }) {  // debugging: evaluate an expression in the page (CDP, not page script)
      return { value: await page.evaluate(expr) };
    },
    async screenshot({ path }) {
      await page.screenshot({ path });
      return {};
    },
  };

  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let command;
    try {
      command = JSON.parse(line);
    } catch (e) {
      emit({ ok: false, error: `not JSON: ${line}` });
      continue;
    }
    if (command.cmd === 'quit') break;
    const handler = commands[command.cmd];
    if (!handler) {
      emit({ ok: false, error: `unknown command ${command.cmd}` });
      continue;
    }
    try {
      emit({ ok: true, ...(await handler(command)) });
    } catch (e) {
      emit({ ok: false, error: String(e && e.message ? e.message : e) });
    }
  }
  await context.close();
}

main().catch((error) => {
  emit({ ok: false, fatal: true, error: String(error && error.stack ? error.stack : error) });
  process.exit(1);
});
