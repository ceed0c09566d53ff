import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { sampleCertificateInput, sampleToken } from '../../../scripts/sample-certificate-data.js';
import { qrVersion } from '../../kernel/pdf.js';
import { pdfText, renderPdfPage } from '../../testing/pdf.js';
import { QR_MAX_BYTES_AT_M, QR_MAX_VERSION, certificateQrPayload, renderCertificatePdf } from './pdf.js';

/** Share of pixels that are not the paper or white: ink, photo, frame. */
function inkShare(rgba: Uint8ClampedArray): number {
  let ink = 0;
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] + rgba[i + 1] + rgba[i + 2] < 600) ink += 1;
  return ink / (rgba.length / 4);
}

// jsqr is CommonJS with a `default` export in its types; Node hands ESM importers module.exports.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

function decodeQr(page: { rgba: Uint8ClampedArray; width: number; height: number }): string | null {
  return jsQR(page.rgba, page.width, page.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

describe('certificate PDF', () => {
  it('CER-1 carries the holder’s Chinese name, the number and the national fields as text, in an embedded subset font', async () => {
    const input = await sampleCertificateInput();
    const pdf = await renderCertificatePdf(input);
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBe(1);
    // The title is set letter-spaced, which the extractor reads as spaces.
    expect(text.replace(/\s+/g, '')).toContain('中华人民共和国特种作业操作证');
    for (const expected of [
      '张三丰',
      'T510107198506150011',
      '低压电工作业',
      '电工作业',
      '成都市应急管理局',
      '2026-11-23 至 2032-11-22',
      '2029-11-22',
      '510107********0011',
      '男',
      '1985-06-15',
    ]) {
      expect(text).toContain(expected);
    }
    for (const label of [
      '证',
      '姓',
      '性',
      '出生日期',
      '作业类别',
      '准操项目',
      '初领日期',
      '有 效 期',
      '复审日期',
      '发证机关',
    ])
      expect(text).toContain(label);
    expect(text).not.toContain('510107198506150011 '); // the full ID number is not printed beside the mask
    // A subset, not the 8 MB font: the whole certificate, photo included, stays small.
    expect(pdf.length).toBeLessThan(250 * 1024);
  });

  it('CER-6 page 1 renders to a PNG that is not blank, and the QR code on it decodes to the signed credential', async () => {
    const input = await sampleCertificateInput();
    expect(certificateQrPayload(input).kind).toBe('credential');
    const page = await renderPdfPage(await renderCertificatePdf(input), 1, 3);
    expect(page.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(page.width).toBeGreaterThan(1500);
    expect(inkShare(page.rgba)).toBeGreaterThan(0.05);
    expect(decodeQr(page)).toBe(input.credentialToken);
  });

  it('CER-3 a credential too long for a scannable QR code is replaced by the verification link', async () => {
    const input = await sampleCertificateInput({ longToken: true });
    expect(qrVersion(input.credentialToken, 'M')).toBeGreaterThan(QR_MAX_VERSION);
    expect(certificateQrPayload(input)).toEqual({ kind: 'link', text: input.verifyUrl });
    const pdf = await renderCertificatePdf(input);
    expect((await pdfText(pdf)).text).toContain('二维码为核验链接');
    expect(decodeQr(await renderPdfPage(pdf, 1, 3))).toBe(input.verifyUrl);
  });

  it('CER-3 the QR threshold is the byte capacity of the largest printed version at level M', () => {
    // Just under the capacity fits; just over does not (byte mode: base64url has lower case).
    const header = sampleToken().split('.')[0];
    const filler = (n: number) => `${header}.${'a'.repeat(n - header.length - 1)}`;
    expect(qrVersion(filler(QR_MAX_BYTES_AT_M), 'M')).toBe(QR_MAX_VERSION);
    expect(certificateQrPayload({ credentialToken: filler(QR_MAX_BYTES_AT_M), verifyUrl: 'u' }).kind).toBe(
      'credential',
    );
    expect(certificateQrPayload({ credentialToken: filler(QR_MAX_BYTES_AT_M + 1), verifyUrl: 'u' }).kind).toBe('link');
  });

  it('CER-1 draws a photo placeholder when there is no photo or it is not an image, and shows 男/女 and dashes for missing facts', async () => {
    const input = {
      ...(await sampleCertificateInput({ photo: false })),
      sex: 'female',
      birthDate: null,
      nextReviewDue: null,
      holderName: '欧阳娜娜',
    };
    const { text } = await pdfText(await renderCertificatePdf(input));
    expect(text).toContain('照');
    expect(text).toContain('女');
    expect(text).toContain('欧阳娜娜');
    expect(text).toContain('—');
    const broken = await renderCertificatePdf({ ...input, photo: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) });
    expect((await pdfText(broken)).text).toContain('欧阳娜娜');
  });
});
