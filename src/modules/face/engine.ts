// The face engine: @vladmandic/human (MIT) on TensorFlow.js's WASM backend, models read from the
// npm package on disk. Loaded once per process on first use, so start-up and the tests that never
// touch a face pay nothing. Everything runs on the CPU of this machine; nothing is downloaded.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config as HumanConfig, Human as HumanInstance } from '@vladmandic/human';
import sharp from 'sharp';
import { recordFaceEngine } from '../../kernel/metrics.js';

const require = createRequire(import.meta.url);

/** One face as the engine saw it, in the pixels of the (resized) analysed image. */
export interface DetectedFace {
  box: [number, number, number, number];
  /** Smaller side of the face box, in analysed pixels. */
  size: number;
  /** Face detector confidence (0–1). */
  boxScore: number;
  /** Overall face confidence from detector + mesh (0–1). */
  score: number;
  /** The 1024-value descriptor (faceres), or null when the description model produced none. */
  descriptor: Float32Array | null;
  /** Anti-spoofing "real" score (0–1) and liveness score (0–1); weak evidence, see docs/face.md. */
  real: number | null;
  live: number | null;
}

export interface FaceAnalysis {
  faces: DetectedFace[];
  width: number;
  height: number;
  /** The analysed image re-encoded as JPEG (≤ 800 px, no metadata): what we store as evidence. */
  jpeg: Buffer;
  decodeMs: number;
  inferMs: number;
}

export interface FaceModelInfo {
  name: string;
  /** Library version plus a digest of the model files, so a stored descriptor names exactly what made it. */
  version: string;
}

export interface FaceEngine {
  readonly model: FaceModelInfo;
  analyse(image: Buffer): Promise<FaceAnalysis>;
}

/** Refused images (not JPEG/PNG, undecodable, too many pixels); the service turns these into 400s. */
export class ImageError extends Error {}

/** FACE.md: the detector wants reasonably large faces; resizing to ≤ 800 px keeps inference < 0.3 s. */
export const MAX_SIDE = 800;
/** Refuse decompression bombs before decoding: 40 megapixels is more than any phone camera sends. */
const MAX_INPUT_PIXELS = 40_000_000;
/** Faces counted at most; more than one is already "several". */
const MAX_FACES = 5;
const MODEL_FILES = ['blazeface', 'facemesh', 'faceres', 'antispoof', 'liveness'];

function packageDir(name: string): string {
  // Resolve the package's main entry and walk up to its folder (the exports map hides sub-paths).
  let dir = path.dirname(require.resolve(name));
  while (!path.basename(dir).startsWith(name.split('/').pop()!)) dir = path.dirname(dir);
  return dir;
}

/**
 * Node's fetch does not read file:// URLs, and tfjs loads models with fetch. This serves exactly
 * the model folder from disk and passes every other request to the real fetch unchanged.
 */
function installModelFileFetch(modelDir: string): void {
  const realFetch = globalThis.fetch;
  const prefix = pathToFileURL(modelDir + path.sep).href;
  const marker = Symbol.for('quanlian.face.modelFetch');
  if ((realFetch as unknown as Record<symbol, boolean>)[marker]) return;
  const modelFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file://')) return realFetch(input, init);
    if (!url.startsWith(prefix)) return new Response(null, { status: 404 });
    const body = await readFile(fileURLToPath(url));
    const type = url.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return new Response(body, { status: 200, headers: { 'content-type': type } });
  };
  Object.assign(modelFetch, { [marker]: true });
  globalThis.fetch = modelFetch as typeof fetch;
}

async function modelDigest(modelDir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const name of MODEL_FILES) {
    hash.update(await readFile(path.join(modelDir, `${name}.json`)));
    hash.update(await readFile(path.join(modelDir, `${name}.bin`)));
  }
  return hash.digest('hex').slice(0, 12);
}

function humanConfig(modelDir: string, wasmDir: string): Partial<HumanConfig> {
  return {
    backend: 'wasm',
    wasmPath: wasmDir + path.sep,
    modelBasePath: pathToFileURL(modelDir + path.sep).href,
    debug: false,
    async: true,
    warmup: 'none',
    cacheModels: false,
    // Still images, not a video stream: never reuse a previous frame's result.
    cacheSensitivity: 0,
    filter: { enabled: false },
    gesture: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: true,
      detector: {
        rotation: true,
        maxDetected: MAX_FACES,
        minConfidence: 0.3,
        skipFrames: 0,
        skipTime: 0,
        return: false,
      },
      mesh: { enabled: true },
      iris: { enabled: false },
      emotion: { enabled: false },
      attention: { enabled: false },
      gear: { enabled: false },
      description: { enabled: true, skipFrames: 0, skipTime: 0 },
      antispoof: { enabled: true, skipFrames: 0, skipTime: 0 },
      liveness: { enabled: true, skipFrames: 0, skipTime: 0 },
    } as HumanConfig['face'],
  } as Partial<HumanConfig>;
}

/** Reads only the header: JPEG or PNG, or an ImageError — before anything loads a model. */
export async function checkImageFormat(image: Buffer): Promise<void> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch {
    throw new ImageError('无法识别的图片：请上传 JPEG 或 PNG 照片。');
  }
  if (meta.format !== 'jpeg' && meta.format !== 'png') throw new ImageError('仅支持 JPEG 或 PNG 照片。');
  if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_INPUT_PIXELS)
    throw new ImageError('图片像素过多：请上传不超过 4000 万像素的照片。');
}

/** Decodes JPEG/PNG only, applies EXIF orientation, resizes to ≤ 800 px, drops alpha and metadata. */
export async function decodeImage(
  image: Buffer,
): Promise<{ rgb: Buffer; width: number; height: number; jpeg: Buffer }> {
  await checkImageFormat(image);
  try {
    const pipeline = sharp(image, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb');
    const { data, info } = await pipeline.clone().raw().toBuffer({ resolveWithObject: true });
    const jpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
      .jpeg({ quality: 88, mozjpeg: true })
      .toBuffer();
    return { rgb: data, width: info.width, height: info.height, jpeg };
  } catch {
    throw new ImageError('图片已损坏或无法解码：请重新拍摄或上传 JPEG/PNG 照片。');
  }
}

class HumanFaceEngine implements FaceEngine {
  // The WASM backend runs one inference at a time; callers queue here rather than interleave.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly human: HumanInstance,
    readonly model: FaceModelInfo,
  ) {}

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async analyse(image: Buffer): Promise<FaceAnalysis> {
    const t0 = performance.now();
    const decoded = await decodeImage(image);
    const decodeMs = performance.now() - t0;
    return this.serialised(async () => {
      const t1 = performance.now();
      const tf = this.human.tf as typeof import('@tensorflow/tfjs-core');
      const tensor = tf.tensor(new Int32Array(decoded.rgb), [1, decoded.height, decoded.width, 3], 'int32');
      try {
        const result = await this.human.detect(tensor as never);
        const faces = result.face.map<DetectedFace>((f) => ({
          box: f.box,
          size: Math.min(f.box[2], f.box[3]),
          boxScore: f.boxScore,
          score: f.score,
          descriptor: f.embedding?.length ? Float32Array.from(f.embedding) : null,
          real: typeof f.real === 'number' ? f.real : null,
          live: typeof f.live === 'number' ? f.live : null,
        }));
        const inferMs = performance.now() - t1;
        recordFaceEngine(decodeMs, inferMs);
        return { faces, width: decoded.width, height: decoded.height, jpeg: decoded.jpeg, decodeMs, inferMs };
      } finally {
        tf.dispose(tensor);
      }
    });
  }
}

let loading: Promise<FaceEngine> | null = null;

/** The process's one engine: loaded on first call; a failed load is retried on the next call. */
export function loadFaceEngine(): Promise<FaceEngine> {
  loading ??= createEngine().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

async function createEngine(): Promise<FaceEngine> {
  const humanDir = packageDir('@vladmandic/human');
  const modelDir = path.join(humanDir, 'models');
  const wasmDir = path.join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist');
  installModelFileFetch(modelDir);
  // dist/human.node-wasm.js is not in the package's exports map (FACE.md), so it is loaded by path.
  const lib = require(path.join(humanDir, 'dist', 'human.node-wasm.js')) as {
    Human: new (config: Partial<HumanConfig>) => HumanInstance;
  };
  const human = new lib.Human(humanConfig(modelDir, wasmDir));
  await human.load();
  await human.tf.ready();
  const version = (require(path.join(humanDir, 'package.json')) as { version: string }).version;
  return new HumanFaceEngine(human, {
    name: '@vladmandic/human faceres',
    version: `${version}+${await modelDigest(modelDir)}`,
  });
}

/** Cosine similarity of two descriptors, in −1..1 (FACE.md: separates people better than the library's own measure). */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error('descriptor lengths differ');
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
