// A realistic certificate for samples and tests: a Sichuan holder, a photo drawn with sharp, and a
// credential token shaped like the signed one (a compact JWS of a W3C VC 2.0), not signed.
import sharp from 'sharp';
import type { CertificatePdfInput } from '../src/modules/certificates/pdf.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function sampleToken(extraClaims: Record<string, unknown> = {}): string {
  const header = { alg: 'EdDSA', typ: 'vc+jwt', kid: 'sc-510100-2026-1' };
  const payload = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential', 'SpecialOperationsCertificate'],
    issuer: 'did:web:quanlian.example:authorities:510100',
    validFrom: '2026-11-23T00:00:00+08:00',
    validUntil: '2032-11-22T23:59:59+08:00',
    credentialSubject: { number: 'T510107198506150011', name: '张三', item: '1.1', review: '2029-11-22' },
    credentialStatus: {
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '4711',
      statusListCredential: 'https://quanlian.example/status/510100/1',
    },
    ...extraClaims,
  };
  return `${b64(header)}.${b64(payload)}.${Buffer.alloc(64, 7).toString('base64url')}`;
}

export async function samplePhoto(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="330" height="440">
    <rect width="330" height="440" fill="#dbe7f5"/>
    <circle cx="165" cy="165" r="78" fill="#4a5a70"/>
    <path d="M25 440 C40 300 110 265 165 265 C220 265 290 300 305 440 Z" fill="#4a5a70"/>
  </svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer());
}

export async function sampleCertificateInput(
  o: { longToken?: boolean; photo?: boolean } = {},
): Promise<CertificatePdfInput> {
  return {
    number: 'T510107198506150011',
    holderName: '张三丰',
    sex: 'male',
    birthDate: '1985-06-15',
    idNumberMasked: '510107********0011',
    photo: o.photo === false ? null : await samplePhoto(),
    categoryName: '电工作业',
    itemName: '低压电工作业',
    itemCode: '1.1',
    authorityName: '成都市应急管理局',
    issuedOn: '2026-11-23',
    validFrom: '2026-11-23',
    validUntil: '2032-11-22',
    nextReviewDue: '2029-11-22',
    credentialToken: sampleToken(
      o.longToken
        ? {
            evidence: [{ type: 'ExamRecord', theory: 92, practical: 88, site: '成都市安全生产培训考试中心'.repeat(6) }],
          }
        : {},
    ),
    verifyUrl: 'https://quanlian.example/v/7kQ2mZp9XbR4',
  };
}
