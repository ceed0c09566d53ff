// Takes one face picture: the device camera with a live preview, capture and retry, or an
// uploaded JPEG/PNG when there is no camera (or the user prefers a file). Reusable by the
// attendance kiosk (TRN-2), online learning (TRN-3) and the exam door (EXM-5): it only produces
// a JPEG; the server decides everything about the face.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Flex, Space, Typography } from 'antd';
import { CameraOutlined, CheckOutlined, RedoOutlined, UploadOutlined } from '@ant-design/icons';

export interface CapturedFace {
  blob: Blob;
  /** Base64 of the JPEG without a data: prefix, as the API takes it. */
  base64: string;
  /** For an <img> preview. */
  dataUrl: string;
}

interface Props {
  /** Called when the user confirms a picture ("使用此照片"). */
  onCapture: (face: CapturedFace) => void;
  /** Label of the confirm button, e.g. "提交登记" or "开始核验". */
  confirmText?: string;
  busy?: boolean;
  /** Longest side of the JPEG sent; the server analyses at ≤ 800 px anyway. */
  maxSide?: number;
  /**
   * A camera the caller keeps open (useCamera) across several captures — the roll call photographs a
   * whole class with one stream. Without it the component opens its own and switches it off once a
   * picture is taken.
   */
  camera?: Camera;
}

export type CameraState = 'starting' | 'live' | 'unavailable' | 'off';
export interface Camera {
  stream: MediaStream | null;
  state: CameraState;
  error: string | null;
  start: () => Promise<void>;
  stop: () => void;
}

const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** Draws a video frame or an image onto a canvas at ≤ maxSide and encodes it as JPEG. */
async function toJpeg(
  source: CanvasImageSource,
  width: number,
  height: number,
  maxSide: number,
  mirror: boolean,
): Promise<CapturedFace> {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const g = canvas.getContext('2d')!;
  if (mirror) {
    // The preview is mirrored like a looking-glass; the stored picture is not.
    g.translate(canvas.width, 0);
    g.scale(-1, 1);
  }
  g.drawImage(source, 0, 0, canvas.width, canvas.height);
  const dataUrl = canvas.toDataURL('image/jpeg', 0.9);
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), 'image/jpeg', 0.9),
  );
  return { blob, dataUrl, base64: dataUrl.slice(dataUrl.indexOf(',') + 1) };
}

function cameraMessage(err: unknown): string {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return '未获得摄像头权限：请在浏览器地址栏允许使用摄像头，或改为上传照片。';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return '未找到摄像头：请改为上传照片。';
  if (name === 'NotReadableError') return '摄像头被其他程序占用：请关闭其他程序后重试，或改为上传照片。';
  return '无法打开摄像头（需通过 HTTPS 或本机地址访问）：请改为上传照片。';
}

/**
 * One camera stream, opened when the component mounts (if `enabled`) and stopped when it unmounts.
 * A caller that photographs many people in turn holds it and hands it to each FaceCapture, so the
 * camera is not reopened (a second or two, and a permission prompt on some browsers) per person.
 */
export function useCamera(enabled = true): Camera {
  const streamRef = useRef<MediaStream | null>(null);
  // Each start or stop gets a number: a stream arriving after a newer start or stop is released at once.
  const generation = useRef(0);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [state, setState] = useState<CameraState>(enabled ? 'starting' : 'off');
  const [error, setError] = useState<string | null>(null);

  const release = useCallback(() => {
    streamRef.current?.getTracks().forEach((t) => t.stop());
    streamRef.current = null;
  }, []);

  const stop = useCallback(() => {
    generation.current += 1;
    release();
    setStream(null);
    setState('off');
  }, [release]);

  const start = useCallback(async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setState('unavailable');
      setError('此浏览器或访问方式不支持摄像头：请上传照片。');
      return;
    }
    const mine = ++generation.current;
    setState('starting');
    try {
      const opened = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
      if (mine !== generation.current) {
        opened.getTracks().forEach((t) => t.stop());
        return;
      }
      release();
      streamRef.current = opened;
      setStream(opened);
      setState('live');
      setError(null);
    } catch (err) {
      if (mine !== generation.current) return;
      setState('unavailable');
      setError(cameraMessage(err));
    }
  }, [release]);

  useEffect(() => {
    if (!enabled) return;
    void start();
    return stop;
  }, [enabled, start, stop]);

  return { stream, state, error, start, stop };
}

/** Resolves once the video knows its size (a stream just attached has none for a moment). */
function sized(video: HTMLVideoElement): Promise<boolean> {
  if (video.videoWidth) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(!!video.videoWidth), 3000);
    video.addEventListener(
      'loadedmetadata',
      () => {
        clearTimeout(timer);
        resolve(!!video.videoWidth);
      },
      { once: true },
    );
  });
}

export default function FaceCapture({
  onCapture,
  confirmText = '使用此照片',
  busy = false,
  maxSide = 800,
  camera,
}: Props) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const own = useCamera(!camera);
  const cam = camera ?? own;
  const cameraState = cam.state;
  const cameraError = cam.error;
  const [captured, setCaptured] = useState<CapturedFace | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);

  // The video stays mounted: the stream (own, or the caller's) is attached whenever it changes.
  useEffect(() => {
    const video = videoRef.current;
    if (!video || video.srcObject === cam.stream) return;
    video.srcObject = cam.stream;
    if (cam.stream) void video.play().catch(() => undefined);
  }, [cam.stream]);

  /** An own camera goes dark once a picture is taken; a caller's stays on for the next person. */
  function pause() {
    if (!camera) own.stop();
  }

  async function takePicture() {
    const video = videoRef.current;
    if (!video || !(await sized(video))) return;
    setCaptured(await toJpeg(video, video.videoWidth, video.videoHeight, maxSide, true));
    // Freeze on the picture; an own camera's light goes off until the user retries.
    pause();
  }

  async function onFile(file: File | undefined) {
    setUploadError(null);
    if (!file) return;
    if (!/^image\/(jpeg|png)$/.test(file.type)) return setUploadError('仅支持 JPEG 或 PNG 照片。');
    if (file.size > MAX_UPLOAD_BYTES) return setUploadError('照片不能超过 5 MB。');
    try {
      const bitmap = await createImageBitmap(file);
      setCaptured(await toJpeg(bitmap, bitmap.width, bitmap.height, maxSide, false));
      bitmap.close();
      pause();
    } catch {
      setUploadError('无法读取该图片，请换一张 JPEG 或 PNG 照片。');
    }
  }

  function retry() {
    setCaptured(null);
    // A caller's camera still live is used as it is: the retake is immediate.
    if (cam.state !== 'live') void cam.start();
  }

  const frame: React.CSSProperties = {
    width: '100%',
    maxWidth: 480,
    aspectRatio: '4 / 3',
    background: '#111',
    borderRadius: 8,
    overflow: 'hidden',
    position: 'relative',
  };
  return (
    <Flex vertical gap={12} align="center">
      <div style={frame}>
        {/* The video stays mounted so a retry can attach the new stream at once. */}
        <video
          ref={videoRef}
          muted
          playsInline
          style={{
            width: '100%',
            height: '100%',
            objectFit: 'cover',
            transform: 'scaleX(-1)',
            display: !captured && cameraState === 'live' ? 'block' : 'none',
          }}
        />
        {captured && (
          <img
            src={captured.dataUrl}
            alt="拍摄的照片"
            style={{ width: '100%', height: '100%', objectFit: 'contain' }}
          />
        )}
        {!captured && cameraState === 'live' && (
          // A face-sized oval: people fill it, which is what the detector needs (one large face).
          <div
            aria-hidden
            style={{
              position: 'absolute',
              left: '30%',
              top: '12%',
              width: '40%',
              height: '70%',
              border: '3px dashed rgba(255,255,255,0.8)',
              borderRadius: '50%',
            }}
          />
        )}
        {!captured && cameraState !== 'live' && (
          <Flex
            align="center"
            justify="center"
            style={{ height: '100%', color: '#bbb', padding: 16, textAlign: 'center' }}
          >
            {cameraState === 'starting' ? '正在打开摄像头…' : '摄像头不可用，请上传照片'}
          </Flex>
        )}
      </div>
      {cameraError && !captured && <Alert type="info" showIcon title={cameraError} style={{ maxWidth: 480 }} />}
      {uploadError && <Alert type="error" showIcon title={uploadError} style={{ maxWidth: 480 }} />}
      <Typography.Text type="secondary" style={{ maxWidth: 480, textAlign: 'center' }}>
        请正对镜头、光线充足、画面中只有本人，脸部填满虚线框。
      </Typography.Text>
      <Space wrap>
        {!captured && (
          <Button
            type="primary"
            icon={<CameraOutlined />}
            disabled={cameraState !== 'live'}
            onClick={() => void takePicture()}
          >
            拍照
          </Button>
        )}
        {captured && (
          <>
            <Button icon={<RedoOutlined />} onClick={retry} disabled={busy}>
              重拍
            </Button>
            <Button type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => onCapture(captured)}>
              {confirmText}
            </Button>
          </>
        )}
        <Button icon={<UploadOutlined />} onClick={() => fileRef.current?.click()} disabled={busy}>
          上传照片
        </Button>
        <input
          ref={fileRef}
          type="file"
          accept="image/jpeg,image/png"
          hidden
          onChange={(e) => void onFile(e.target.files?.[0] ?? undefined).finally(() => (e.target.value = ''))}
        />
      </Space>
    </Flex>
  );
}
