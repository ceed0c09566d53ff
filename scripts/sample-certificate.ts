// Writes a sample certificate PDF and a PNG of its page, to look at the layout:
//   npx tsx scripts/sample-certificate.ts /tmp/sample   → /tmp/sample.pdf, /tmp/sample.png
// A second argument "link" forces a credential too long for the QR code (the QR then holds the link).
import { writeFile } from 'node:fs/promises';
import { renderCertificatePdf } from '../src/modules/certificates/pdf.js';
import { renderPdfPage } from '../src/testing/pdf.js';
import { sampleCertificateInput } from './sample-certificate-data.js';

const out = process.argv[2];
if (!out) {
  console.error('usage: tsx scripts/sample-certificate.ts <path without extension> [link]');
  process.exit(2);
}
const input = await sampleCertificateInput({ longToken: process.argv[3] === 'link' });
let started = performance.now();
await renderCertificatePdf(input);
const first = performance.now() - started;
started = performance.now();
const pdf = await renderCertificatePdf(input);
const again = performance.now() - started;
await writeFile(`${out}.pdf`, pdf);
const page = await renderPdfPage(pdf, 1, 2.5);
await writeFile(`${out}.png`, page.png);
console.log(
  `${out}.pdf: ${(pdf.length / 1024).toFixed(1)} kB; rendered in ${first.toFixed(0)} ms (first, fonts read), ${again.toFixed(0)} ms (again); ${out}.png: ${page.width}×${page.height}`,
);
console.log(`credential token ${input.credentialToken.length} bytes`);
