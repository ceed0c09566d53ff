// 一期一档 as one PDF a regulator files or an inspector reads (TRN-5, seed 001 annex 六、1): the class,
// its completeness check, roster with hours, schedule, attendance with the captured portraits as
// thumbnails, online learning records, teaching materials and the exam application — on A4 pages.
// Pure: everything it shows comes in `ClassArchivePdfInput`; no database.
import {
  A4,
  MM,
  createCjkDocument,
  drawImageFitted,
  drawText,
  embedImage,
  rgb,
  type PDFFont,
  type PDFPage,
} from '../../kernel/pdf.js';

export interface ClassArchivePdfInput {
  title: string;
  /** Label → value lines of the class (机构, 班级, 项目 …). */
  info: Array<[string, string]>;
  complete: boolean;
  missing: string[];
  roster: string[][];
  schedule: string[][];
  /** One line per attendance record; portraits are small JPEGs (or null when none could be read). */
  attendance: Array<{ cells: string[]; checkInPortrait: Uint8Array | null; checkOutPortrait: Uint8Array | null }>;
  online: string[][];
  materials: string[];
  examApplication: string[];
}

export const ROSTER_HEAD = ['序号', '姓名', '身份证号', '线下理论', '线上理论', '实操', '人脸核验', '学时达标'];
export const SCHEDULE_HEAD = ['课程内容', '类型', '方式', '开始', '结束'];
export const ATTENDANCE_HEAD = [
  '姓名',
  '课程',
  '签到时间',
  '签到人像',
  '签到核验',
  '签退时间',
  '签退人像',
  '签退核验',
  '分钟',
  '学时',
];
export const ONLINE_HEAD = ['姓名', '线上计时（分钟）', '折合学时', '最近计时'];
const SECTIONS = [
  '一、班级信息',
  '二、学员名册与学时',
  '三、课程表',
  '四、考勤记录（含人脸抓拍）',
  '五、线上学习记录',
  '六、培训教材与课件目录',
  '七、考试申请',
  '档案完整性：',
  '完整',
  '不完整，缺少：',
  '无',
  '无人像',
  '第',
  '页',
  '共',
];

const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.45, 0.47, 0.5);
const LINE = rgb(0.75, 0.77, 0.8);
const RED = rgb(0.72, 0.09, 0.09);
const MARGIN = 15 * MM;

interface Column {
  head: string;
  width: number;
  image?: boolean;
}

class Pager {
  page!: PDFPage;
  y = 0;
  pages: PDFPage[] = [];
  constructor(private readonly add: () => PDFPage) {
    this.next();
  }
  next() {
    this.page = this.add();
    this.pages.push(this.page);
    this.y = A4.height - MARGIN;
  }
  need(height: number) {
    if (this.y - height < MARGIN + 8 * MM) this.next();
  }
}

export async function renderClassArchivePdf(input: ClassArchivePdfInput): Promise<Uint8Array> {
  const allText = [
    input.title,
    ...SECTIONS,
    ...ROSTER_HEAD,
    ...SCHEDULE_HEAD,
    ...ATTENDANCE_HEAD,
    ...ONLINE_HEAD,
    ...input.info.flat(),
    ...input.missing,
    ...input.roster.flat(),
    ...input.schedule.flat(),
    ...input.attendance.flatMap((a) => a.cells),
    ...input.online.flat(),
    ...input.materials,
    ...input.examApplication,
  ].join('');
  const { doc, fonts } = await createCjkDocument({ title: input.title, subject: '培训班档案（一期一档）' }, allText);
  const pager = new Pager(() => doc.addPage([A4.width, A4.height]));
  const width = A4.width - 2 * MARGIN;
  const text = (s: string, x: number, size = 9, font: PDFFont = fonts.regular, maxWidth?: number, color = INK) =>
    drawText(pager.page, s, { x, y: pager.y, size, font, maxWidth, color, minSize: 6 });

  drawText(pager.page, input.title, {
    x: A4.width / 2,
    y: pager.y - 6,
    size: 16,
    font: fonts.bold,
    align: 'center',
    maxWidth: width,
  });
  pager.y -= 14 * MM;

  const heading = (s: string) => {
    pager.need(14 * MM);
    pager.y -= 4 * MM;
    text(s, MARGIN, 12, fonts.bold);
    pager.y -= 6 * MM;
  };

  heading(SECTIONS[0]);
  for (const [label, value] of input.info) {
    pager.need(6 * MM);
    text(label, MARGIN, 9, fonts.bold);
    text(value, MARGIN + 30 * MM, 9, fonts.regular, width - 30 * MM);
    pager.y -= 5.5 * MM;
  }
  pager.need(6 * MM);
  text(SECTIONS[7], MARGIN, 9, fonts.bold);
  text(
    input.complete ? SECTIONS[8] : `${SECTIONS[9]}${input.missing.join('、')}`,
    MARGIN + 30 * MM,
    9,
    fonts.bold,
    width - 30 * MM,
    input.complete ? INK : RED,
  );
  pager.y -= 5.5 * MM;

  const embedCache = new Map<Uint8Array, Awaited<ReturnType<typeof embedImage>>>();
  async function table(columns: Column[], rows: Array<{ cells: string[]; images?: Array<Uint8Array | null> }>) {
    const rowHeight = (hasImages: boolean) => (hasImages ? 16 * MM : 6 * MM);
    const header = () => {
      pager.need(7 * MM);
      let x = MARGIN;
      pager.page.drawRectangle({ x: MARGIN, y: pager.y - 2 * MM, width, height: 6 * MM, color: rgb(0.92, 0.94, 0.97) });
      for (const c of columns) {
        text(c.head, x + 1, 8, fonts.bold, c.width - 2);
        x += c.width;
      }
      pager.y -= 6 * MM;
    };
    header();
    if (!rows.length) {
      text(SECTIONS[10], MARGIN + 1, 8, fonts.regular, width, GREY);
      pager.y -= 6 * MM;
      return;
    }
    for (const row of rows) {
      const h = rowHeight(columns.some((c) => c.image));
      if (pager.y - h < MARGIN + 8 * MM) {
        pager.next();
        header();
      }
      let x = MARGIN;
      let cell = 0;
      let image = 0;
      const top = pager.y + 4 * MM;
      for (const c of columns) {
        if (c.image) {
          const bytes = row.images?.[image++] ?? null;
          let embedded = bytes ? embedCache.get(bytes) : null;
          if (bytes && embedded === undefined) {
            embedded = await embedImage(doc, bytes).catch(() => null);
            embedCache.set(bytes, embedded);
          }
          if (embedded)
            drawImageFitted(pager.page, embedded, { x: x + 1, y: top - h + 1, width: c.width - 2, height: h - 2 });
          else
            drawText(pager.page, SECTIONS[11], {
              x: x + 1,
              y: top - h / 2 - 3,
              size: 7,
              font: fonts.regular,
              color: GREY,
              maxWidth: c.width - 2,
            });
        } else {
          drawText(pager.page, row.cells[cell++] ?? '', {
            x: x + 1,
            y: top - (h > 6 * MM ? h / 2 + 3 : 4.2 * MM),
            size: 8,
            font: fonts.regular,
            color: INK,
            maxWidth: c.width - 2,
            minSize: 5.5,
          });
        }
        x += c.width;
      }
      pager.page.drawLine({
        start: { x: MARGIN, y: top - h },
        end: { x: MARGIN + width, y: top - h },
        thickness: 0.4,
        color: LINE,
      });
      pager.y -= h;
    }
    pager.y -= 2 * MM;
  }

  const cols = (heads: string[], widthsMm: number[], images: number[] = []) =>
    heads.map((head, i) => ({ head, width: widthsMm[i] * MM, image: images.includes(i) }));
  heading(SECTIONS[1]);
  await table(
    cols(ROSTER_HEAD, [12, 26, 44, 18, 18, 16, 22, 24]),
    input.roster.map((cells) => ({ cells })),
  );
  heading(SECTIONS[2]);
  await table(
    cols(SCHEDULE_HEAD, [64, 14, 14, 44, 44]),
    input.schedule.map((cells) => ({ cells })),
  );
  heading(SECTIONS[3]);
  await table(
    cols(ATTENDANCE_HEAD, [18, 26, 22, 16, 20, 22, 16, 20, 10, 10], [3, 6]),
    input.attendance.map((a) => ({ cells: a.cells, images: [a.checkInPortrait, a.checkOutPortrait] })),
  );
  heading(SECTIONS[4]);
  await table(
    cols(ONLINE_HEAD, [40, 40, 30, 70]),
    input.online.map((cells) => ({ cells })),
  );
  heading(SECTIONS[5]);
  for (const [i, m] of (input.materials.length ? input.materials : [SECTIONS[10]]).entries()) {
    pager.need(6 * MM);
    text(input.materials.length ? `${i + 1}. ${m}` : m, MARGIN + 2 * MM, 9, fonts.regular, width - 2 * MM);
    pager.y -= 5.5 * MM;
  }
  heading(SECTIONS[6]);
  for (const line of input.examApplication) {
    pager.need(6 * MM);
    text(line, MARGIN + 2 * MM, 9, fonts.regular, width - 2 * MM);
    pager.y -= 5.5 * MM;
  }

  // Page numbers, so a printed archive with a missing sheet shows it.
  const total = pager.pages.length;
  pager.pages.forEach((p, i) =>
    drawText(p, `${SECTIONS[12]} ${i + 1} ${SECTIONS[13]} / ${SECTIONS[14]} ${total} ${SECTIONS[13]}`, {
      x: A4.width / 2,
      y: 8 * MM,
      size: 8,
      font: fonts.regular,
      color: GREY,
      align: 'center',
    }),
  );
  return doc.save();
}
