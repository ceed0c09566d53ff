// Face pictures for calibration, tests and demo data, cut from the group photos that
// @vladmandic/face-api (MIT, a devDependency) ships as demo/sample1–6.jpg. No face data set
// exists on the npm registry, so same-person pairs are the same face under the documented
// transformations below; see docs/face.md for what that can and cannot tell.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';

const require = createRequire(import.meta.url);

/** The folder holding sample1–6.jpg, or null when @vladmandic/face-api is not installed. */
export function faceApiSamplesDir(): string | null {
  try {
    let dir = path.dirname(require.resolve('@vladmandic/face-api'));
    while (path.basename(dir) !== 'face-api' && dir !== path.dirname(dir)) dir = path.dirname(dir);
    const demo = path.join(dir, 'demo');
    return existsSync(path.join(demo, 'sample1.jpg')) ? demo : null;
  } catch {
    return null;
  }
}

/** A box [x, y, width, height] in the pixels of the picture resized to `analysedWidth`. */
export type Box = [number, number, number, number];

/** How a portrait is cut and altered; each field is one documented transformation. */
export interface PortraitOptions {
  /** Side of the square crop as a multiple of the face box (≈ an ID photo at 2.2). */
  margin: number;
  /** Shift of the crop centre as a fraction of the face size (framing differs between shots). */
  shift?: [number, number];
  rotate?: number;
  flip?: boolean;
  /** Brightness multiplier (exposure) and gamma. */
  brightness?: number;
  gamma?: number;
  /** Gaussian blur sigma (focus). */
  blur?: number;
  /** Output side in pixels and JPEG quality (camera resolution and compression). */
  side?: number;
  quality?: number;
  /**
   * Other faces of the group photo (same coordinates as the box), covered with grey before the
   * cut: people stand close in these photos, and a neighbour's half face would make the portrait
   * a "several faces" picture rather than one person's.
   */
  cover?: Box[];
}

/** Named transformations used for same-person pairs (the reference portrait is `reference`). */
export const TRANSFORMS: Record<string, PortraitOptions> = {
  reference: { margin: 2.2 },
  tighter_darker_q60: { margin: 1.8, shift: [0.05, -0.05], brightness: 0.75, quality: 60 },
  wider_rotated_8deg: { margin: 2.7, shift: [-0.1, 0.05], rotate: 8 },
  mirrored_gamma_blur: { margin: 2.0, flip: true, gamma: 1.6, blur: 1.2 },
  small_240px_q50: { margin: 2.4, side: 240, quality: 50 },
};

/** Cuts one portrait around `box` from `file` (whose analysed copy was `analysedWidth` wide). */
export async function cutPortrait(file: string, box: Box, analysedWidth: number, o: PortraitOptions): Promise<Buffer> {
  const meta = await sharp(file).metadata();
  const k = (meta.width ?? analysedWidth) / analysedWidth;
  const size = Math.max(box[2], box[3]) * k;
  const cx = (box[0] + box[2] / 2) * k + (o.shift?.[0] ?? 0) * size;
  const cy = (box[1] + box[3] / 2) * k + (o.shift?.[1] ?? 0) * size;
  const side = size * o.margin;
  const left = Math.max(0, Math.round(cx - side / 2));
  const top = Math.max(0, Math.round(cy - side / 2));
  const width = Math.min(Math.round(side), (meta.width ?? 0) - left);
  const height = Math.min(Math.round(side), (meta.height ?? 0) - top);
  const covers = (o.cover ?? []).map(([x, y, w, h]) => {
    const [cl, ct] = [Math.max(0, Math.round(x * k)), Math.max(0, Math.round(y * k))];
    const [cw, ch] = [
      Math.min(Math.round(w * k), (meta.width ?? 0) - cl),
      Math.min(Math.round(h * k), (meta.height ?? 0) - ct),
    ];
    return {
      input: { create: { width: cw, height: ch, channels: 3 as const, background: '#808080' } },
      left: cl,
      top: ct,
    };
  });
  const source = covers.length ? await sharp(file).composite(covers).toBuffer() : file;
  let img = sharp(source).extract({ left, top, width, height });
  if (o.rotate) img = sharp(await img.rotate(o.rotate, { background: '#808080' }).toBuffer());
  if (o.flip) img = img.flop();
  if (o.brightness) img = img.modulate({ brightness: o.brightness });
  if (o.gamma) img = img.gamma(o.gamma);
  if (o.blur) img = img.blur(o.blur);
  return img
    .resize({ width: o.side ?? 480, height: o.side ?? 480, fit: 'inside' })
    .jpeg({ quality: o.quality ?? 90 })
    .toBuffer();
}

/** A region of `file` (in analysed pixels) as JPEG, e.g. two neighbours for a "several faces" picture. */
export async function cutRegion(file: string, region: Box, analysedWidth: number): Promise<Buffer> {
  const meta = await sharp(file).metadata();
  const k = (meta.width ?? analysedWidth) / analysedWidth;
  const [left, top, width, height] = region.map((v) => Math.round(v * k));
  return sharp(file)
    .extract({ left, top, width, height })
    .resize({ width: 640, fit: 'inside' })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/**
 * Faces found by the engine in sample1.jpg at 800 px wide (measured 2026-11-23), so tests and
 * demo data can cut portraits without running the detector on the whole group photo first.
 */
export const SAMPLE1_FACES: Box[] = [
  [138, 131, 147, 147],
  [595, 77, 118, 118],
  [321, 158, 137, 137],
];
/** sample1.jpg region (800 px wide) holding the first and third faces side by side. */
export const SAMPLE1_TWO_FACES: Box = [100, 60, 400, 300];
