// Reading a PDF back as a person would (tests, scripts): its text, and a page as pixels and PNG.
// pdf.js in Node draws on @napi-rs/canvas (both dev dependencies).
import { createCanvas } from '@napi-rs/canvas';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

async function open(bytes: Uint8Array) {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  return getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
}

/** The text of every page, joined, as pdf.js extracts it (the ToUnicode map must be right). */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const doc = await open(bytes);
  try {
    const parts: string[] = [];
    for (let n = 1; n <= doc.numPages; n += 1) {
      const content = await (await doc.getPage(n)).getTextContent();
      parts.push(content.items.map((i) => ('str' in i ? i.str : '')).join(''));
    }
    return { pages: doc.numPages, text: parts.join('\n') };
  } finally {
    await doc.destroy();
  }
}

/** Page `n` at `scale` (1 = 72 dpi) on a white background: RGBA pixels and a PNG. */
export async function renderPdfPage(
  bytes: Uint8Array,
  n = 1,
  scale = 2,
): Promise<{ width: number; height: number; rgba: Uint8ClampedArray; png: Buffer }> {
  const doc = await open(bytes);
  try {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return {
      width: canvas.width,
      height: canvas.height,
      rgba: image.data as Uint8ClampedArray,
      png: canvas.toBuffer('image/png'),
    };
  } finally {
    await doc.destroy();
  }
}
