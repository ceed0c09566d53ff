// Dates and times on pages are China time (UTC+8) whatever zone the browser is set to: an exam
// that starts at 09:00 in Chengdu shows 09:00 on a laptop set to another zone too (EXM-3, EXM-5).
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

export const CHINA_TIME_ZONE = 'Asia/Shanghai';

/** A timestamp as China time; a plain calendar date (YYYY-MM-DD) is already one and is left alone. */
export const chinaTime = (iso: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(iso) ? dayjs.tz(iso, CHINA_TIME_ZONE) : dayjs(iso).tz(CHINA_TIME_ZONE);

export const fmtDate = (iso: string | null | undefined) => (iso ? chinaTime(iso).format('YYYY-MM-DD') : '—');
export const fmtDateTime = (iso: string | null | undefined) => (iso ? chinaTime(iso).format('YYYY-MM-DD HH:mm') : '—');
export const fmtTime = (iso: string | null | undefined) => (iso ? chinaTime(iso).format('HH:mm') : '—');
