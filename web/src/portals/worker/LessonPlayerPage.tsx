// 在线学习播放器 (TRN-3). The server decides all credit from its own clock; the player only reports
// its position. It also refuses seeking past the furthest watched point, so honest users see why.
import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Flex, Modal, Progress, Result, Typography } from 'antd';
import { post } from '../../api';
import FaceCapture from '../../shared/FaceCapture';
import LearningQuestions from '../../shared/LearningQuestions';
import { useProblem } from '../../shared/problem';

interface Beat {
  id: string;
  state: string;
  furthestPosition: number;
  creditedSeconds: number;
  captureRequested: boolean;
  accepted?: boolean;
  reasonLabel?: string;
  durationSeconds?: number;
}
interface Lesson {
  id: string;
  title: string;
  videoUrl: string | null;
  durationSeconds: number;
}
const BEAT_MS = 15_000;

export default function LessonPlayerPage() {
  const { classId, lessonId } = useParams();
  const [session, setSession] = useState<Beat | null>(null);
  const [lesson, setLesson] = useState<Lesson | null>(null);
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const furthest = useRef(0);
  const interacted = useRef(true);
  const showProblem = useProblem();

  useEffect(() => {
    post<Beat>('/api/learning/sessions', { classId, lessonId }).then((s) => setSession(s), showProblem);
    import('../../api')
      .then(({ get }) => get<Array<{ lessons: Lesson[] }>>('/api/learning/me'))
      .then((all) => setLesson(all.flatMap((c) => c.lessons).find((l) => l.id === lessonId) ?? null));
    const mark = () => (interacted.current = true);
    window.addEventListener('mousemove', mark);
    window.addEventListener('keydown', mark);
    return () => {
      window.removeEventListener('mousemove', mark);
      window.removeEventListener('keydown', mark);
    };
  }, [classId, lessonId, showProblem]);

  usePlayback(!lesson?.videoUrl && playing, lesson?.durationSeconds ?? 0, setPosition);
  useHeartbeat(session, position, interacted, (s) => {
    setSession(s);
    furthest.current = Math.max(furthest.current, s.furthestPosition);
    if (s.state !== 'active') setPlaying(false);
  });

  if (!session) return <Card loading />;
  if (session.state === 'superseded' || session.state === 'ended')
    return (
      <Result
        status="warning"
        title="本次学习已停止计时"
        subTitle="您已在其他设备或页面开始学习（禁止多点登录），本页不再计入学时。"
      />
    );
  // Client-side no fast-forward: seeking beyond what was watched snaps back.
  const onSeeking = () => {
    const v = video.current;
    if (v && v.currentTime > furthest.current + 2) v.currentTime = furthest.current;
  };
  const onTime = () => {
    const v = video.current;
    if (v) {
      setPosition(v.currentTime);
      furthest.current = Math.max(furthest.current, v.currentTime);
    }
  };
  const duration = lesson?.durationSeconds ?? session.durationSeconds ?? 1;
  return (
    <Flex vertical gap={16}>
      <Card title={lesson?.title ?? '在线学习'}>
        {lesson?.videoUrl ? (
          // biome-ignore lint/a11y/useMediaCaption: course videos are uploaded without caption tracks
          <video
            ref={video}
            src={lesson.videoUrl}
            controls
            width="100%"
            onSeeking={onSeeking}
            onTimeUpdate={onTime}
            onPlay={() => setPlaying(true)}
            onPause={() => setPlaying(false)}
          />
        ) : (
          <Flex vertical gap={8}>
            <Alert
              type="info"
              showIcon
              message="演示课程无视频文件"
              description="本课时仅登记了时长，播放为模拟进度；学时仍由服务器按心跳计时。"
            />
            <Progress percent={Math.round((position / duration) * 100)} />
            <Button type="primary" onClick={() => setPlaying(!playing)} data-testid="play">
              {playing ? '暂停' : '播放'}
            </Button>
          </Flex>
        )}
        {session.accepted === false && (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon message={session.reasonLabel} />
        )}
        <Descriptions
          style={{ marginTop: 12 }}
          size="small"
          column={3}
          items={[
            { key: 'p', label: '播放位置', children: `${Math.floor(position)} 秒` },
            { key: 'f', label: '已观看至', children: `${Math.floor(session.furthestPosition)} 秒` },
            {
              key: 'c',
              label: '已计学时时间',
              children: (
                <span data-testid="credited">
                  {Math.floor(session.creditedSeconds / 60)} 分 {session.creditedSeconds % 60} 秒
                </span>
              ),
            },
          ]}
        />
        <Typography.Text type="secondary">
          线上学习每 30 分钟计 1 学时；计时以服务器为准，快进、挂机、多处登录均不计时。
        </Typography.Text>
      </Card>
      {classId && <LearningQuestions classId={classId} lessonId={lessonId} canAnswer={false} />}
      <Modal open={session.state === 'idle_locked'} closable={false} footer={null} title="学习已锁定">
        <p>长时间无操作，学习已暂停计时。</p>
        <Button
          type="primary"
          onClick={() => post<Beat>(`/api/learning/sessions/${session.id}/resume`).then(setSession, showProblem)}
        >
          继续学习
        </Button>
      </Modal>
      <Modal
        open={session.state === 'active' && session.captureRequested}
        closable={false}
        footer={null}
        title="人像抓拍"
        destroyOnHidden
      >
        <p>请正对摄像头完成人像抓拍；未完成前暂停计时。</p>
        <FaceCapture
          confirmText="提交抓拍"
          onCapture={(f) =>
            post<Beat>(`/api/learning/sessions/${session.id}/captures`, { photo: f.base64 }).then(
              setSession,
              showProblem,
            )
          }
        />
      </Modal>
    </Flex>
  );
}

/** Simulated playback for lessons without a video file: one second per second while playing. */
function usePlayback(on: boolean, duration: number, setPosition: (f: (p: number) => number) => void) {
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => setPosition((p) => Math.min(duration, p + 1)), 1000);
    return () => clearInterval(t);
  }, [on, duration, setPosition]);
}

/** The heartbeat loop: reports position and whether the learner interacted since the last beat. */
function useHeartbeat(
  session: Beat | null,
  position: number,
  interacted: MutableRefObject<boolean>,
  onBeat: (b: Beat) => void,
) {
  // Refs, so re-rendering every second of playback does not restart the interval.
  const pos = useRef(position);
  pos.current = position;
  const handler = useRef(onBeat);
  handler.current = onBeat;
  const id = session?.state === 'active' ? session.id : null;
  useEffect(() => {
    if (!id) return;
    const t = setInterval(() => {
      const body = { position: pos.current, interacted: interacted.current };
      interacted.current = false;
      post<Beat>(`/api/learning/sessions/${id}/heartbeat`, body).then(
        (b) => handler.current(b),
        () => undefined,
      );
    }, BEAT_MS);
    return () => clearInterval(t);
  }, [id, interacted]);
}
