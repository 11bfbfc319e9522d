// Reports, for every text of each HTML file given (each in an element of its own), the face
// headless Chromium drew that text with (CDP's CSS.getPlatformFontsForNode) beside the
// face its computed style asks for, on screen and in print. Prints one JSON object:
// { "file": [{media, tag, class, family, weight, style, text, fonts: [{familyName,
// postScriptName, isCustomFont, glyphCount}]}…] }. tests/html.rs checks that every web-font page draws
// each text in exactly the web font the stylesheet names: the page carries that face, and
// that face holds every character.
//
// Usage: node faces.mjs NODE_MODULES CHROMIUM FILE…
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [modules, chromium, ...files] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const puppeteer = require("puppeteer-core");

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const result = {};
try {
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  for (const file of files) {
    const found = [];
    for (const media of ["screen", "print"]) {
      await page.emulateMediaType(media);
      await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      // CDP reports the fonts of an element's whole subtree: give every text its own
      // element (a span, which no rule styles) and ask about those alone.
      await page.evaluate(() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const texts = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (n.textContent.trim() && !n.parentElement.closest("svg")) texts.push(n);
        }
        for (const n of texts) {
          const parent = n.parentElement;
          if ([...parent.childNodes].every((c) => c.nodeType === Node.TEXT_NODE)) {
            parent.setAttribute("data-face-check", "");
          } else {
            const span = document.createElement("span");
            span.setAttribute("data-face-check", "");
            parent.replaceChild(span, n);
            span.appendChild(n);
          }
        }
      });
      await cdp.send("DOM.enable");
      await cdp.send("CSS.enable");
      const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
      const { nodeIds } = await cdp.send("DOM.querySelectorAll", {
        nodeId: root.nodeId,
        selector: "[data-face-check]",
      });
      for (const nodeId of nodeIds) {
        const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
        if (!fonts.length) continue;
        const { computedStyle } = await cdp.send("CSS.getComputedStyleForNode", { nodeId });
        const get = (name) => (computedStyle.find((p) => p.name === name) || {}).value;
        const { node } = await cdp.send("DOM.describeNode", { nodeId, depth: 1 });
        const attrs = node.attributes || [];
        const ci = attrs.indexOf("class");
        found.push({
          media,
          tag: node.localName,
          class: ci >= 0 ? attrs[ci + 1] : "",
          family: get("font-family"),
          weight: get("font-weight"),
          style: get("font-style"),
          text: (node.children || []).map((c) => c.nodeValue || "").join(""),
          fonts,
        });
      }
      await cdp.send("CSS.disable");
      await cdp.send("DOM.disable");
    }
    result[file] = found;
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
