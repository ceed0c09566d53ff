// Evidence reports a regulator can attach to a case: one per flag (statistic, method, decision and
// the answering timelines) and one per site (its pass-rate position and its flags). Drawn with the
// platform's embedded CJK font (kernel/pdf.ts), simple paginated lines.
import { A4, MM, createCjkDocument, drawText, rgb } from '../../kernel/pdf.js';

export interface ReportSection {
  heading: string;
  lines: string[];
}

/** Renders a title, a subtitle and sections of lines onto as many A4 pages as needed. */
export async function renderReport(title: string, subtitle: string, sections: ReportSection[]): Promise<Uint8Array> {
  const all = [title, subtitle, ...sections.flatMap((s) => [s.heading, ...s.lines]), '第页共'].join('');
  const { doc, fonts } = await createCjkDocument({ title, subject: subtitle }, all);
  const margin = 18 * MM;
  const lineH = 5.2 * MM;
  let page = doc.addPage([A4.width, A4.height]);
  let y = A4.height - margin;
  drawText(page, title, {
    x: A4.width / 2,
    y,
    size: 16,
    font: fonts.bold,
    align: 'center',
    maxWidth: A4.width - 2 * margin,
  });
  y -= 8 * MM;
  drawText(page, subtitle, {
    x: A4.width / 2,
    y,
    size: 9,
    font: fonts.regular,
    align: 'center',
    color: rgb(0.35, 0.35, 0.35),
    maxWidth: A4.width - 2 * margin,
  });
  y -= 10 * MM;
  const ensure = (h: number) => {
    if (y - h < margin) {
      page = doc.addPage([A4.width, A4.height]);
      y = A4.height - margin;
    }
  };
  for (const s of sections) {
    ensure(lineH * 2);
    drawText(page, s.heading, { x: margin, y, size: 11.5, font: fonts.bold, maxWidth: A4.width - 2 * margin });
    y -= lineH * 1.3;
    for (const line of s.lines) {
      ensure(lineH);
      drawText(page, line, {
        x: margin + 3 * MM,
        y,
        size: 9,
        font: fonts.regular,
        maxWidth: A4.width - 2 * margin - 3 * MM,
        minSize: 6.5,
      });
      y -= lineH;
    }
    y -= lineH * 0.5;
  }
  const pages = doc.getPages();
  pages.forEach((p, i) =>
    drawText(p, `第 ${i + 1} 页 共 ${pages.length} 页`, {
      x: A4.width / 2,
      y: 10 * MM,
      size: 8,
      font: fonts.regular,
      align: 'center',
      color: rgb(0.4, 0.4, 0.4),
    }),
  );
  return doc.save();
}
