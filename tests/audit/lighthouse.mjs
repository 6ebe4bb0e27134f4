// Lighthouse (mobile, the CLI's defaults) on one URL per line of standard input, in one Node
// process and one headless Chromium (CHROME_PATH): the CLI's start-up, about 4 s a run, is paid
// once. Answers one JSON line per URL: {"url", "scores": {category: score}} or {"url", "error"}.
// Each run still starts from cleared storage (Lighthouse resets the origin's cache, storage and
// service workers first), as a fresh CLI run does.
import readline from "node:readline";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const url = line.trim();
  if (!url) continue;
  let answer;
  try {
    const result = await lighthouse(url, {
      port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES,
      disableFullPageScreenshot: true,  // not scored; 1.2 s a run
    });
    const categories = result.lhr.categories;
    answer = { url, scores: Object.fromEntries(CATEGORIES.map((c) => [c, categories[c].score])) };
    if (result.lhr.runtimeError) answer.error = result.lhr.runtimeError.message;
  } catch (error) {
    answer = { url, error: String(error && error.stack || error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
await chrome.kill();
