// The certificate as a PDF a person prints (CER-1, CER-6): the layout of the national 特种作业操作证
// (title, photo, 证号 … 发证机关), on an A5 landscape sheet, with a QR code to verify it (CER-3).
// Pure: everything it shows comes in `CertificatePdfInput`; no database.
import type { CertificatePdfInput } from './rules.js';
import {
  A5_LANDSCAPE,
  MM,
  createCjkDocument,
  drawImageFitted,
  drawQrCode,
  drawText,
  embedImage,
  qrVersion,
  rgb,
} from '../../kernel/pdf.js';

export type { CertificatePdfInput } from './rules.js';

/**
 * The largest QR version printed: version 25 is 117 modules a side; with the 4-module quiet zone in
 * the 48 mm square a module is 0.38 mm, about the smallest a phone camera reads reliably from paper
 * at arm's length. At error-correction level M (15 % of the code may be soiled or creased) version
 * 25 holds 997 bytes in byte mode — a compact JWS is base64url, so byte mode — enough for a VC-JWT
 * of this certificate's claims (the sample, scripts/sample-certificate-data.ts, is about 880). A
 * longer credential is replaced by `verifyUrl`, whose page gives the same answer online.
 */
export const QR_MAX_VERSION = 25;
export const QR_MAX_BYTES_AT_M = 997;
export const QR_SIZE_MM = 48;

/** What the QR code holds: the credential when it fits a scannable code, otherwise the short link. */
export function certificateQrPayload(input: Pick<CertificatePdfInput, 'credentialToken' | 'verifyUrl'>): {
  kind: 'credential' | 'link';
  text: string;
} {
  if (input.credentialToken && qrVersion(input.credentialToken, 'M') <= QR_MAX_VERSION)
    return { kind: 'credential', text: input.credentialToken };
  return { kind: 'link', text: input.verifyUrl };
}

const SEX_LABELS: Record<string, string> = { male: '男', female: '女', m: '男', f: '女' };
const dash = (v: string | null | undefined) => (v && v.trim() ? v : '—');

const NAVY = rgb(0.09, 0.2, 0.42);
const RED = rgb(0.72, 0.09, 0.09);
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.42, 0.44, 0.48);

const TITLE = '中华人民共和国特种作业操作证';
const SUBTITLE = "SPECIAL OPERATIONS CERTIFICATE · THE PEOPLE'S REPUBLIC OF CHINA";
const FOOTER = '本证为电子证照，与纸质证书具有同等法律效力；全国有效。请扫码或在全国特种作业操作证查询平台核验。';
const QR_CAPTION = '扫码核验真伪';
const QR_NOTE = { credential: '二维码内含电子签名凭证，可离线核验', link: '二维码为核验链接' } as const;
const LABELS = [
  '证　　号',
  '姓　　名',
  '性　　别',
  '出生日期',
  '作业类别',
  '准操项目',
  '初领日期',
  '有 效 期',
  '复审日期',
  '发证机关',
  '身份证号',
  '照片',
  '签发日期',
  '至',
];

export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const sex = input.sex ? (SEX_LABELS[input.sex.toLowerCase()] ?? input.sex) : null;
  const qr = certificateQrPayload(input);
  const text = [
    TITLE,
    SUBTITLE,
    FOOTER,
    QR_CAPTION,
    QR_NOTE[qr.kind],
    ...LABELS,
    sex ?? '',
    ...Object.values(input).filter((v): v is string => typeof v === 'string' && v !== input.credentialToken),
  ].join('');
  const { doc, fonts } = await createCjkDocument(
    {
      title: `特种作业操作证 ${input.number}`,
      subject: `${input.holderName} · ${input.itemName}`,
      author: input.authorityName,
    },
    text,
  );
  const { width: W, height: H } = A5_LANDSCAPE;
  const page = doc.addPage([W, H]);

  // Paper, a double frame and a band under the title, as on the issued card.
  page.drawRectangle({ x: 0, y: 0, width: W, height: H, color: rgb(0.985, 0.978, 0.955) });
  page.drawRectangle({
    x: 7 * MM,
    y: 7 * MM,
    width: W - 14 * MM,
    height: H - 14 * MM,
    borderColor: NAVY,
    borderWidth: 2.2,
  });
  page.drawRectangle({
    x: 9 * MM,
    y: 9 * MM,
    width: W - 18 * MM,
    height: H - 18 * MM,
    borderColor: NAVY,
    borderWidth: 0.6,
  });

  drawText(page, TITLE, {
    x: W / 2,
    y: H - 23 * MM,
    size: 21,
    font: fonts.bold,
    color: RED,
    align: 'center',
    characterSpacing: 2.5,
  });
  drawText(page, SUBTITLE, {
    x: W / 2,
    y: H - 28.5 * MM,
    size: 6.5,
    font: fonts.regular,
    color: GREY,
    align: 'center',
    characterSpacing: 0.6,
  });
  page.drawLine({
    start: { x: 14 * MM, y: H - 31 * MM },
    end: { x: W - 14 * MM, y: H - 31 * MM },
    thickness: 0.8,
    color: NAVY,
  });

  // Photo (35 × 45 mm proportion, as an ID photo).
  const photoBox = { x: 15 * MM, y: H - 82 * MM, width: 33 * MM, height: 44 * MM };
  page.drawRectangle({ ...photoBox, color: rgb(1, 1, 1), borderColor: GREY, borderWidth: 0.6 });
  const photo = input.photo ? await embedImage(doc, input.photo).catch(() => null) : null;
  if (photo)
    drawImageFitted(page, photo, {
      x: photoBox.x + 1,
      y: photoBox.y + 1,
      width: photoBox.width - 2,
      height: photoBox.height - 2,
    });
  else
    drawText(page, '照片', {
      x: photoBox.x + photoBox.width / 2,
      y: photoBox.y + photoBox.height / 2 - 5,
      size: 12,
      font: fonts.regular,
      color: GREY,
      align: 'center',
      characterSpacing: 6,
    });
  drawText(page, `身份证号 ${input.idNumberMasked}`, {
    x: photoBox.x + photoBox.width / 2,
    y: photoBox.y - 5 * MM,
    size: 7,
    font: fonts.regular,
    color: GREY,
    align: 'center',
    maxWidth: 40 * MM,
  });

  // The fields, in the order of the national card.
  const validity = `${input.validFrom} 至 ${input.validUntil}`;
  const rows: Array<[string, string, 'bold' | 'regular']> = [
    ['证　　号', input.number, 'bold'],
    ['姓　　名', input.holderName, 'bold'],
    ['性　　别', dash(sex), 'regular'],
    ['出生日期', dash(input.birthDate), 'regular'],
    ['作业类别', input.categoryName, 'regular'],
    ['准操项目', input.itemName, 'bold'],
    ['初领日期', input.issuedOn, 'regular'],
    ['有 效 期', validity, 'regular'],
    ['复审日期', dash(input.nextReviewDue), 'regular'],
    ['发证机关', input.authorityName, 'regular'],
  ];
  const labelX = 55 * MM;
  const valueX = 75 * MM;
  const valueWidth = W - 68 * MM - valueX;
  let y = H - 40 * MM;
  for (const [label, value, weight] of rows) {
    drawText(page, label, { x: labelX, y, size: 9.5, font: fonts.regular, color: NAVY });
    const used = drawText(page, value, {
      x: valueX,
      y,
      size: weight === 'bold' ? 11 : 10,
      font: fonts[weight],
      color: INK,
      maxWidth: valueWidth,
      minSize: 6.5,
    });
    if (label === '准操项目') {
      const code = `（${input.itemCode}）`;
      const after = valueX + Math.min(fonts[weight].widthOfTextAtSize(value, used), valueWidth) + 2;
      if (after + fonts.regular.widthOfTextAtSize(code, 7.5) < valueX + valueWidth)
        drawText(page, code, { x: after, y, size: 7.5, font: fonts.regular, color: GREY });
    }
    page.drawLine({
      start: { x: valueX - 1, y: y - 3 },
      end: { x: valueX + valueWidth, y: y - 3 },
      thickness: 0.3,
      color: rgb(0.75, 0.77, 0.82),
    });
    y -= 8.2 * MM;
  }

  // QR code: the signed credential (checked offline against the published keys) or the short link.
  const qrSize = QR_SIZE_MM * MM;
  const qrX = W - 15 * MM - qrSize;
  const qrY = H - 37 * MM - qrSize;
  drawQrCode(page, qr.text, { x: qrX, y: qrY, size: qrSize, level: 'M' });
  page.drawRectangle({ x: qrX, y: qrY, width: qrSize, height: qrSize, borderColor: GREY, borderWidth: 0.4 });
  drawText(page, QR_CAPTION, {
    x: qrX + qrSize / 2,
    y: qrY - 5 * MM,
    size: 9,
    font: fonts.bold,
    color: NAVY,
    align: 'center',
    characterSpacing: 1,
  });
  drawText(page, QR_NOTE[qr.kind], {
    x: qrX + qrSize / 2,
    y: qrY - 9 * MM,
    size: 6.5,
    font: fonts.regular,
    color: GREY,
    align: 'center',
    maxWidth: qrSize + 6 * MM,
  });
  drawText(page, input.verifyUrl, {
    x: qrX + qrSize / 2,
    y: qrY - 12.5 * MM,
    size: 6,
    font: fonts.regular,
    color: GREY,
    align: 'center',
    maxWidth: qrSize + 8 * MM,
    minSize: 4.5,
  });

  // Footer.
  page.drawLine({
    start: { x: 14 * MM, y: 21 * MM },
    end: { x: W - 14 * MM, y: 21 * MM },
    thickness: 0.5,
    color: NAVY,
  });
  drawText(page, FOOTER, {
    x: 15 * MM,
    y: 15.5 * MM,
    size: 7,
    font: fonts.regular,
    color: GREY,
    maxWidth: W - 75 * MM,
  });
  drawText(page, `签发日期 ${input.issuedOn}`, {
    x: W - 15 * MM,
    y: 15.5 * MM,
    size: 8,
    font: fonts.regular,
    color: INK,
    align: 'right',
  });

  return doc.save({ useObjectStreams: true });
}
