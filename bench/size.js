// `node bench/size.js [depth] [dir]` (after `npm run build`; dir defaults to dist): the sizes of the
// script tag's file and of the panel file, and which parts of the source each comes from
// (SIZE_FILE=spanlens.single.iife.js for another file). Each output byte is attributed to its
// source file through the source map; a part's gzip size is that of its own bytes compressed
// alone, so the parts add up to a little more than the whole (gzip shares less across them).
// The budgets themselves are checked by scripts/size-report.js.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const depth = Number(args[0] ?? 2);
const dir = args[1] ?? 'dist';
const files = process.env.SIZE_FILE ? [process.env.SIZE_FILE] : ['spanlens.iife.js', 'spanlens.panel.js'];
const gzip = (text) => gzipSync(text, { level: 9 }).length;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** One source-map segment: [column delta, source delta, line delta, column delta, name delta?]. */
function decodeSegment(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >> 1) : value >> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/** A source path as a part: its first `depth` folders, or "libraries" for node_modules. */
function partOf(source) {
  // Relative to wherever the bundle was written: keep the path from src/ or node_modules/ on.
  const path = source.replace(/^.*?(?=(src|node_modules)\/)/, '');
  return path.includes('node_modules/') ? 'libraries (preact, signals, idb)' : path.split('/').slice(0, depth).join('/');
}

const UNMAPPED = '(unmapped: inlined CSS, glue)';

function report(file) {
  const bundle = readFileSync(`${dir}/${file}`, 'utf8');
  const map = JSON.parse(readFileSync(`${dir}/${file}.map`, 'utf8'));
  const parts = new Map();
  const lines = bundle.split('\n');
  let source = 0;
  map.mappings.split(';').forEach((mapping, lineIndex) => {
    const line = lines[lineIndex] ?? '';
    const segments = mapping.split(',').filter(Boolean).map(decodeSegment);
    // A line without a mapping (inside a multi-line CSS string) belongs to no source.
    if (segments.length === 0) parts.set(UNMAPPED, (parts.get(UNMAPPED) ?? '') + line + '\n');
    let column = 0;
    segments.forEach((segment, i) => {
      column += segment[0];
      if (segment.length > 1) source += segment[1];
      const next = i + 1 < segments.length ? column + segments[i + 1][0] : line.length;
      // Bytes without a source: mostly the CSS, which Vite inlines as strings without a mapping.
      const part = segment.length > 1 ? partOf(map.sources[source]) : UNMAPPED;
      parts.set(part, (parts.get(part) ?? '') + line.slice(column, next));
    });
  });

  const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(6) + ' KB';
  console.log(`${dir}/${file}: ${kb(bundle.length)} minified, ${kb(gzip(bundle))} gzip`);
  console.log(`${'minified'.padStart(9)} ${'gzip'.padStart(9)}  part`);
  for (const [part, text] of [...parts].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`${kb(text.length)} ${kb(gzip(text))}  ${part}`);
  }
}

for (const file of files) {
  report(file);
  console.log('');
}
