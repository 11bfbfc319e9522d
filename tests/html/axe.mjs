// Runs axe-core (WCAG 2.1 A and AA rules) on each HTML file given, in headless Chromium
// through puppeteer-core, at a desktop and two phone widths, and checks that no text runs
// past the page's column there (reported as "reflow-overflow"). Prints one JSON object:
// { "file": [violations…] }, each violation as axe reports it (id, impact, help, nodes'
// targets). With SHOTS=DIR set, also saves DIR/<file>.<width>.png full-page screenshots.
//
// Usage: node axe.mjs NODE_MODULES CHROMIUM FILE…
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [modules, chromium, ...files] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const puppeteer = require("puppeteer-core");
const axeSource = require("fs").readFileSync(path.join(modules, "axe-core", "axe.min.js"), "utf8");

// 320 px is WCAG 1.4.10's reflow width; 375 px a common phone.
const widths = [[1200, 900], [375, 812], [320, 640]];
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const result = {};
try {
  const page = await browser.newPage();
  for (const file of files) {
    const found = [];
    for (const [width, height] of widths) {
      await page.setViewport({ width, height });
      await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: "load" });
      await page.evaluate(axeSource);
      const r = await page.evaluate(() =>
        axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
          resultTypes: ["violations"],
        }),
      );
      // Reflow (WCAG 1.4.10): no text past the page's column, whatever glues it (a number
      // with its no-break space, a URL). A data table may scroll inside its own focusable
      // box (`.table`), which 1.4.10 allows; the page itself must never scroll sideways.
      const overflow = await page.evaluate(() => {
        const column = document.querySelector(".page") || document.body;
        const style = getComputedStyle(column);
        const right = column.getBoundingClientRect().right - parseFloat(style.paddingRight);
        const past = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!n.textContent.trim() || n.parentElement.closest(".table")) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          for (const rect of range.getClientRects()) {
            if (rect.right > right + 0.5) past.push(n.textContent.trim().slice(0, 60));
          }
        }
        const root = document.documentElement;
        if (root.scrollWidth > root.clientWidth) past.push("the page scrolls sideways");
        return past;
      });
      if (overflow.length) {
        found.push({ width, id: "reflow-overflow", impact: "serious",
          help: "text runs past the column", nodes: overflow });
      }
      for (const v of r.violations) {
        found.push({
          width,
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => n.target.join(" ")),
        });
      }
      if (process.env.SHOTS) {
        const name = path.basename(file) + "." + width + ".png";
        await page.screenshot({ path: path.join(process.env.SHOTS, name), fullPage: true });
      }
    }
    result[file] = found;
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result, null, 1));
