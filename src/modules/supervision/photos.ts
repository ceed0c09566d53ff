// Evidence pictures (report attachments, inspection photos): decoded and written again, which drops
// EXIF — a phone photo's GPS position and owner would otherwise travel with it — and bounds the size.
import sharp from 'sharp';
import { badRequest } from '../../kernel/problem.js';

const MAX_SIDE = 2400;

/** The picture re-encoded without metadata; a 400 naming `label` when it is not a readable image. */
export async function cleanImage(bytes: Buffer, as: 'jpeg' | 'png', label: string, field: string): Promise<Buffer> {
  try {
    const image = sharp(bytes, { limitInputPixels: 40_000_000, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true });
    return as === 'png' ? await image.png().toBuffer() : await image.jpeg({ quality: 82, mozjpeg: true }).toBuffer();
  } catch {
    throw badRequest(`${label}无法作为图片读取，可能已损坏。`, [{ field, message: '图片已损坏' }]);
  }
}

export const MAX_PHOTO_BYTES = 6 * 1024 * 1024;

/** Inspection and rectification photos arrive as base64 JPEG or PNG; they are kept as JPEG. */
export async function evidencePhotos(photos: readonly string[] | undefined, field: string): Promise<Buffer[]> {
  return Promise.all(
    (photos ?? []).map(async (data, i) => {
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length === 0 || bytes.length > MAX_PHOTO_BYTES)
        throw badRequest(`第 ${i + 1} 张照片为空或超过 6 MB。`, [{ field: `${field}[${i}]`, message: '照片大小不符' }]);
      return cleanImage(bytes, 'jpeg', `第 ${i + 1} 张照片`, `${field}[${i}]`);
    }),
  );
}
