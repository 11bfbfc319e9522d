// node pdfjs.mjs PDFJS_DIST PDF... : each PDF's text as PDF.js (pdfjs-dist) reads it, as a JSON
// array of strings: the text items of every page in content order, a newline where PDF.js
// ends a line (`hasEOL`) and after each page. PDFJS_DIST is the pdfjs-dist package folder.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// PDF.js 5 creates a DOMMatrix when its module loads, for rendering only; Node has none and
// text extraction never uses it, so a bare stand-in keeps @napi-rs/canvas (native) out.
globalThis.DOMMatrix ??= class DOMMatrix {};
const [dist, ...files] = process.argv.slice(2);
const { getDocument } = await import(pathToFileURL(join(dist, "legacy/build/pdf.mjs")).href);
const texts = [];
for (const file of files) {
  const data = new Uint8Array(readFileSync(file));
  const doc = await getDocument({ data, verbosity: 0 }).promise;
  let out = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) {
      out += item.str;
      if (item.hasEOL) out += "\n";
    }
    out += "\n";
  }
  texts.push(out);
  await doc.destroy();
}
process.stdout.write(JSON.stringify(texts));
