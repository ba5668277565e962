// Readability.js (Mozilla) over linkedom: every page of a folder of
// *.html.gz, cleaned text to OUT/ID.txt; prints pages/s of the extraction
// alone (files are read and inflated before the clock starts).
// usage: node readability_js.mjs HTML_DIR OUT_DIR
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, basename } from 'node:path';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';

const [dir, out] = process.argv.slice(2);
const pages = readdirSync(dir).filter((f) => f.endsWith('.html.gz')).map((f) => ({
  id: basename(f, '.html.gz'),
  html: gunzipSync(readFileSync(join(dir, f))).toString('utf8'),
}));
const t0 = process.hrtime.bigint();
const texts = pages.map(({ html }) => {
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document).parse();
    return article && article.textContent ? article.textContent : '';
  } catch (e) {
    return '';
  }
});
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
pages.forEach(({ id }, i) => writeFileSync(join(out, id + '.txt'), texts[i]));
console.log(`${pages.length} ${secs.toFixed(3)}`);
