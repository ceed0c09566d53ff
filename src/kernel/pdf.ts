// PDF building blocks for documents people print and file (certificates, class archives, reports):
// an embedded Chinese font from an npm package, subset to the characters used; text that fits its
// box; photos; QR codes drawn as vectors (sharp at any print size, a few kB).
//
// Subsetting is done by HarfBuzz (subset-font), not by pdf-lib: fontkit's subsetter drops glyphs of
// CFF-flavoured OpenType fonts such as Noto Sans SC (whole characters came out blank). So a document
// declares the text it will draw when it is created, and draws nothing else.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFDocument,
  PDFOperator,
  PDFOperatorNames,
  asPDFNumber,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingColor,
  type PDFFont,
  type PDFImage,
  type PDFPage,
  type RGB,
} from 'pdf-lib';
import QRCode from 'qrcode';
import subsetFont from 'subset-font';

export { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB };

/** Points per millimetre (1 pt = 1/72 in). */
export const MM = 72 / 25.4;
export const A4 = { width: 210 * MM, height: 297 * MM };
export const A5_LANDSCAPE = { width: 210 * MM, height: 148 * MM };

export type CjkWeight = 'regular' | 'medium' | 'bold';
const FONT_FILES: Record<CjkWeight, string> = {
  regular: 'NotoSansHans-Regular.otf',
  medium: 'NotoSansHans-Medium.otf',
  bold: 'NotoSansHans-Bold.otf',
};

// Noto Sans SC (Source Han Sans) as shipped by @embedpdf/fonts-sc (SIL OFL): ~8 MB per weight, so
// each is read once per process and only the glyphs a document uses are embedded.
const fontCache = new Map<CjkWeight, Promise<Uint8Array>>();
function fontFolder(): string {
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return path.resolve(path.dirname(entry), '../fonts');
}

export function loadCjkFont(weight: CjkWeight = 'regular'): Promise<Uint8Array> {
  let bytes = fontCache.get(weight);
  if (!bytes) {
    bytes = readFile(path.join(fontFolder(), FONT_FILES[weight])).then((b) => new Uint8Array(b));
    bytes.catch(() => fontCache.delete(weight));
    fontCache.set(weight, bytes);
  }
  return bytes;
}

export interface CjkDocument<W extends CjkWeight> {
  doc: PDFDocument;
  fonts: Record<W, PDFFont>;
}

/** Characters every document may draw besides its own text (ellipsis of cut lines, digits, dates). */
const ALWAYS = '…—–-:：/()（）.,，。·0123456789 ';

/**
 * A new PDF with the CJK font in the weights asked for, each embedded as a subset holding exactly
 * the characters of `text` (pass every string the document will draw, concatenated).
 */
export async function createCjkDocument<W extends CjkWeight = 'regular' | 'bold'>(
  meta: { title: string; subject?: string; author?: string },
  text: string,
  weights: readonly W[] = ['regular', 'bold'] as W[],
): Promise<CjkDocument<W>> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.subject) doc.setSubject(meta.subject);
  doc.setAuthor(meta.author ?? '全链 Quanlian');
  doc.setCreator('全链 Quanlian');
  doc.setProducer('全链 Quanlian (pdf-lib)');
  doc.setLanguage('zh-CN');
  const characters = [...new Set(text + ALWAYS)].join('');
  const fonts = {} as Record<W, PDFFont>;
  for (const weight of weights) {
    const font = await loadCjkFont(weight);
    // subset-font sniffs the format with Buffer methods: give it a Buffer view, not a copy.
    const subset = await subsetFont(Buffer.from(font.buffer, font.byteOffset, font.byteLength), characters, {
      targetFormat: 'sfnt',
    });
    fonts[weight] = await doc.embedFont(new Uint8Array(subset), { subset: false, customName: `NotoSansSC-${weight}` });
  }
  return { doc, fonts };
}

export interface TextBox {
  x: number;
  y: number;
  size: number;
  font: PDFFont;
  color?: RGB;
  /** Shrinks the text (down to `minSize`) rather than overflow this width. */
  maxWidth?: number;
  minSize?: number;
  align?: 'left' | 'center' | 'right';
  /** Extra space between characters, in points (titles). */
  characterSpacing?: number;
}

const spacedWidth = (text: string, font: PDFFont, size: number, spacing: number) =>
  font.widthOfTextAtSize(text, size) + spacing * Math.max([...text].length - 1, 0);

/** Draws one line; returns the size used. Text too long even at `minSize` is cut with an ellipsis. */
export function drawText(page: PDFPage, text: string, box: TextBox): number {
  const spacing = box.characterSpacing ?? 0;
  let size = box.size;
  let line = text;
  if (box.maxWidth) {
    const min = box.minSize ?? box.size * 0.6;
    while (size > min && spacedWidth(line, box.font, size, spacing) > box.maxWidth) size -= 0.25;
    if (spacedWidth(line, box.font, size, spacing) > box.maxWidth) {
      const chars = [...line];
      while (chars.length > 1 && spacedWidth(`${chars.join('')}…`, box.font, size, spacing) > box.maxWidth) chars.pop();
      line = `${chars.join('')}…`;
    }
  }
  const width = spacedWidth(line, box.font, size, spacing);
  const x = box.align === 'center' ? box.x - width / 2 : box.align === 'right' ? box.x - width : box.x;
  if (spacing === 0) {
    page.drawText(line, { x, y: box.y, size, font: box.font, color: box.color ?? rgb(0, 0, 0) });
  } else {
    let cursor = x;
    for (const ch of line) {
      page.drawText(ch, { x: cursor, y: box.y, size, font: box.font, color: box.color ?? rgb(0, 0, 0) });
      cursor += box.font.widthOfTextAtSize(ch, size) + spacing;
    }
  }
  return size;
}

/** JPEG or PNG by its magic bytes; null for anything else (the caller draws a placeholder). */
export async function embedImage(doc: PDFDocument, bytes: Uint8Array): Promise<PDFImage | null> {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return doc.embedJpg(bytes);
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return doc.embedPng(bytes);
  return null;
}

/** Draws `image` centred in the box, as large as fits without cropping. */
export function drawImageFitted(
  page: PDFPage,
  image: PDFImage,
  box: { x: number; y: number; width: number; height: number },
): void {
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  page.drawImage(image, { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height });
}

export type QrLevel = 'L' | 'M' | 'Q' | 'H';

/** The QR version (1–40; 17 + 4·version modules a side) that `text` needs at `level`. */
export function qrVersion(text: string, level: QrLevel = 'M'): number {
  return QRCode.create(text, { errorCorrectionLevel: level }).version;
}

/**
 * Draws a QR code as filled squares with its 4-module quiet zone inside `size`; returns the module
 * size in points, so a caller can check it prints large enough to scan.
 */
export function drawQrCode(
  page: PDFPage,
  text: string,
  at: { x: number; y: number; size: number; level?: QrLevel; color?: RGB },
): number {
  const qr = QRCode.create(text, { errorCorrectionLevel: at.level ?? 'M' });
  const count = qr.modules.size;
  const module = at.size / (count + 8);
  const color = at.color ?? rgb(0, 0, 0);
  page.drawRectangle({ x: at.x, y: at.y, width: at.size, height: at.size, color: rgb(1, 1, 1) });
  // All dark modules (runs of a row merged) as rectangles of one path and a single fill: pdf-lib's
  // drawRectangle per run costs a graphics-state round trip each and made rendering 5× slower.
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingColor(color)];
  const n = (v: number) => asPDFNumber(Math.round(v * 1000) / 1000);
  for (let row = 0; row < count; row += 1) {
    let start = -1;
    for (let col = 0; col <= count; col += 1) {
      const dark = col < count && qr.modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        const y = at.y + at.size - (4 + row + 1) * module;
        ops.push(
          PDFOperator.of(PDFOperatorNames.AppendRectangle, [
            n(at.x + (4 + start) * module),
            n(y),
            n((col - start) * module),
            n(module),
          ]),
        );
        start = -1;
      }
    }
  }
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
  return module;
}
