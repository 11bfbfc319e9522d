// Opens communique's preview page in headless Chromium, saves the release the way editors do
// (a new file renamed over it) and waits for the page to reload itself.
//
//   node reload.cjs CACHE_DIR URL RELEASE_FILE NEW_TEXT_FILE
//
// Prints one JSON line: the build generation the page showed before and after, and the
// PDF frame's source after. Exits non-zero (with the reason) if the page does not reload.
const { createRequire } = require("module");
const fs = require("fs");
const [cache, url, release, newText] = process.argv.slice(2);
const puppeteer = createRequire(cache + "/node_modules/")("puppeteer-core");

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    // Root in a container has no user namespace for Chromium's sandbox.
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: "load" });
    // The page's script: `built` is its generation, `es` its event stream.
    await page.waitForFunction("es.readyState === 1", { timeout: 60000 });
    const before = await page.evaluate("built");
    const reloaded = page.waitForNavigation({ waitUntil: "load", timeout: 60000 });
    fs.writeFileSync(release + ".swp", fs.readFileSync(newText));
    fs.renameSync(release + ".swp", release);
    await reloaded;
    const after = await page.evaluate("built");
    const frame = await page.evaluate("document.querySelector('iframe').getAttribute('src')");
    console.log(JSON.stringify({ before, after, frame }));
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
