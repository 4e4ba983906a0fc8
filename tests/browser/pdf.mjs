// Reads back a PDF that Chromium printed: its pages, in order, and the text
// on each. No PDF library: Chromium (through Skia) writes plain numbered
// objects, Flate-compressed page contents, one ToUnicode map per font and
// text as hex glyph codes shown with Tj or TJ, and this reads that much and
// no more. Anything else it meets (an object stream, an indirect length) is
// an error rather than a page read as empty, so a change in Chromium's
// output fails the tests that use it instead of passing them.

import { inflateSync } from 'node:zlib';

/** The objects of a PDF by number: `{ dict, stream }`, `stream` a Buffer or null. */
function objectsOf(pdf) {
  const raw = pdf.toString('latin1'); // one character per byte, so offsets match
  const objects = new Map();
  const start = /(\d+) 0 obj\b/g;
  let m;
  while ((m = start.exec(raw))) {
    const from = start.lastIndex;
    const streamAt = raw.indexOf('stream', from);
    const endAt = raw.indexOf('endobj', from);
    if (streamAt !== -1 && streamAt < endAt) {
      const dict = raw.slice(from, streamAt);
      const length = /\/Length (\d+)\s*[/>]/.exec(dict);
      if (!length) throw new Error(`PDF object ${m[1]}: a stream without a direct /Length`);
      const dataAt = streamAt + 'stream'.length + (raw[streamAt + 6] === '\r' ? 2 : 1);
      let stream = pdf.subarray(dataAt, dataAt + Number(length[1]));
      if (/\/Filter\s*\/FlateDecode/.test(dict)) stream = inflateSync(stream);
      else if (/\/Filter/.test(dict)) throw new Error(`PDF object ${m[1]}: a filter other than Flate`);
      if (/\/Type\s*\/ObjStm/.test(dict)) throw new Error('PDF with object streams: not read here');
      objects.set(Number(m[1]), { dict, stream });
      start.lastIndex = raw.indexOf('endobj', dataAt + Number(length[1]));
    } else {
      objects.set(Number(m[1]), { dict: raw.slice(from, endAt), stream: null });
      start.lastIndex = endAt;
    }
  }
  return objects;
}

/** UTF-16BE hex (`00480065`) as a string. */
function utf16(hex) {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

/** A ToUnicode CMap as a map from glyph code (hex, upper case) to text. */
function toUnicode(cmap) {
  const map = new Map();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) {
      map.set(code.toUpperCase(), utf16(text));
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const range = /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])/g;
    for (const [, lo, hi, to] of block[1].matchAll(range)) {
      const width = lo.length;
      const first = parseInt(lo, 16);
      const targets = to.startsWith('[') ? [...to.matchAll(/<([0-9A-Fa-f]*)>/g)].map((t) => t[1]) : null;
      const base = targets ? 0 : parseInt(to.slice(1, -1), 16);
      for (let code = first; code <= parseInt(hi, 16); code++) {
        const key = code.toString(16).toUpperCase().padStart(width, '0');
        map.set(key, targets ? utf16(targets[code - first] ?? '') : String.fromCodePoint(base + code - first));
      }
    }
  }
  return map;
}

const ref = (text, name) => {
  const m = new RegExp(`/${name}\\s+(\\d+) 0 R`).exec(text);
  return m ? Number(m[1]) : null;
};

/**
 * The pages of a PDF Chromium printed, in order, each as `{ text }`: the
 * text of each text object on its own line, in the order it was drawn.
 */
export function readPdf(pdf) {
  const objects = objectsOf(pdf);
  const get = (n) => {
    const o = objects.get(n);
    if (!o) throw new Error(`PDF: object ${n} is missing`);
    return o;
  };
  const trailer = pdf.toString('latin1');
  const root = ref(trailer.slice(trailer.lastIndexOf('trailer')), 'Root');
  if (root === null) throw new Error('PDF: no /Root in the trailer');
  const pagesRoot = ref(get(root).dict, 'Pages');

  const fonts = new Map(); // font object number -> glyph map
  const fontMap = (n) => {
    if (!fonts.has(n)) {
      const unicode = ref(get(n).dict, 'ToUnicode');
      fonts.set(n, unicode === null ? new Map() : toUnicode(get(unicode).stream.toString('latin1')));
    }
    return fonts.get(n);
  };

  const decode = (hex, map) => {
    let out = '';
    for (let i = 0; i < hex.length; i += 4) out += map.get(hex.slice(i, i + 4).toUpperCase()) ?? '\uFFFD';
    return out;
  };

  const pageText = (page) => {
    const resources = ref(page, 'Resources');
    const dict = resources === null ? page : `${page} ${get(resources).dict}`;
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(dict);
    const byName = new Map();
    for (const [, name, n] of (fontDict?.[1] ?? '').matchAll(/\/(\S+?)\s+(\d+) 0 R/g)) byName.set(name, Number(n));
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(dict);
    const streams = contents ? [...contents[1].matchAll(/(\d+) 0 R/g)].map((c) => get(Number(c[1])).stream) : [];
    const lines = [];
    for (const stream of streams) {
      let map = new Map();
      let line = '';
      const ops = /\/(\S+)\s+[\d.]+\s+Tf|(<[0-9A-Fa-f]*>)\s*Tj|\[([^\]]*)\]\s*TJ|\bET\b/g;
      for (const [op, font, shown, array] of stream.toString('latin1').matchAll(ops)) {
        if (font) map = byName.has(font) ? fontMap(byName.get(font)) : new Map();
        else if (shown) line += decode(shown.slice(1, -1), map);
        else if (array !== undefined) for (const h of array.matchAll(/<([0-9A-Fa-f]*)>/g)) line += decode(h[1], map);
        else if (op === 'ET') {
          lines.push(line);
          line = '';
        }
      }
    }
    return lines.join('\n');
  };

  const pages = [];
  const walk = (n) => {
    const { dict } = get(n);
    if (/\/Type\s*\/Pages\b/.test(dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(dict)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+) 0 R/g)) walk(Number(k[1]));
    } else {
      pages.push({ text: pageText(dict) });
    }
  };
  walk(pagesRoot);
  return pages;
}
