// A trainee's hours against the syllabus (TRN-4): theory, the 30 % offline floor, practical.
import type { Progress } from '@shared/training';
import { Flex, Progress as ProgressLine, Tag, Typography } from 'antd';

/** The shape training/rules.ts progressOf returns (src/shared/training.ts). */
export type HoursProgress = Progress;

const pct = (n: number, of: number) => (of > 0 ? Math.min(100, Math.round((n / of) * 100)) : 100);

export default function HoursProgressView({ progress }: { progress: HoursProgress }) {
  const theory = progress.theoryOffline + progress.theoryOnline;
  return (
    <Flex vertical gap={4} style={{ minWidth: 280 }}>
      <Typography.Text>
        理论 {theory}/{progress.syllabusTheory}（线下 {progress.theoryOffline}，线上 {progress.theoryOnline}）
      </Typography.Text>
      <ProgressLine percent={pct(theory, progress.syllabusTheory)} size="small" />
      <Typography.Text>
        实操 {progress.practical}/{progress.syllabusPractical}
      </Typography.Text>
      <ProgressLine percent={pct(progress.practical, progress.syllabusPractical)} size="small" />
      <Flex gap={4} wrap>
        {progress.checks.map((c) => (
          <Tag key={c.code} color={c.met ? 'green' : 'orange'}>
            {c.label}：{c.detail}
          </Tag>
        ))}
        <Tag color={progress.met ? 'green' : 'default'}>{progress.met ? '学时已达标' : '学时未达标'}</Tag>
        <Tag>人脸核验学时 {progress.faceVerifiedUnits}</Tag>
      </Flex>
    </Flex>
  );
}
