// 在线学习播放器 (TRN-3). The server decides all credit from its own clock; the player only reports
// its position and what the learner did. Whenever the server pauses credit (idle lock, a portrait
// capture, a hidden page) the player pauses too, and when credit resumes the player stands where the
// server last credited it — so an honest learner is credited every minute watched (issue 19).
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Flex, Modal, Progress, Result, Typography } from 'antd';
import { get, post } from '../../api';
import FaceCapture, { type CapturedFace } from '../../shared/FaceCapture';
import LearningQuestions from '../../shared/LearningQuestions';
import { useProblem } from '../../shared/problem';

interface Beat {
  id: string;
  state: string;
  /** Where the server last credited the player. */
  lastPosition: number;
  furthestPosition: number;
  creditedSeconds: number;
  captureRequested: boolean;
  accepted?: boolean;
  reason?: string;
  reasonLabel?: string;
  durationSeconds?: number;
  /** A capture's verdict: satisfied, or why not and what to do. */
  satisfied?: boolean;
  advice?: string | null;
}
interface Lesson {
  id: string;
  title: string;
  videoUrl: string | null;
  durationSeconds: number;
}
const BEAT_MS = 15_000;
/** Input that shows the learner is at the screen. */
const INPUT_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart'] as const;

const clock = (s: number) => `${Math.floor(s / 60)} 分 ${Math.floor(s % 60)} 秒`;

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const on = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', on);
    return () => document.removeEventListener('visibilitychange', on);
  }, []);
  return visible;
}

export default function LessonPlayerPage() {
  const { classId, lessonId } = useParams();
  const [session, setSession] = useState<Beat | null>(null);
  const [lesson, setLesson] = useState<Lesson | null>(null);
  const [position, setPosition] = useState(0);
  /** What the learner asked for (播放/暂停); the player plays only while credit runs too. */
  const [wantPlay, setWantPlay] = useState(false);
  const [resumedFrom, setResumedFrom] = useState(0);
  const [wasHidden, setWasHidden] = useState(false);
  const [captureAdvice, setCaptureAdvice] = useState<string | null>(null);
  const [captureAttempt, setCaptureAttempt] = useState(0);
  const [captureBusy, setCaptureBusy] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const pos = useRef(0);
  const furthest = useRef(0);
  /** Set by our own pause, so the <video>'s pause event does not read as the learner's 暂停. */
  const autoPaused = useRef(false);
  const activity = useRef({ input: true, played: false });
  const visible = usePageVisible();
  const showProblem = useProblem();

  const seekTo = useCallback((p: number) => {
    pos.current = p;
    setPosition(p);
    if (video.current) video.current.currentTime = p;
  }, []);

  /**
   * Takes the server's view of the session. After a pause of credit (resume, an accepted capture) or a
   * refused jump, a player that ran ahead of what the server credited goes back to it, so the next beat
   * agrees with the server instead of being refused as a fast-forward.
   */
  const apply = useCallback(
    (s: Beat, sync: boolean) => {
      setSession(s);
      furthest.current = Math.max(furthest.current, s.furthestPosition);
      if ((sync || s.reason === 'jump') && pos.current > s.furthestPosition) {
        furthest.current = s.furthestPosition;
        seekTo(s.furthestPosition);
      }
    },
    [seekTo],
  );

  useEffect(() => {
    post<Beat>('/api/learning/sessions', { classId, lessonId }).then((s) => {
      // TRN-3: resume from the last credited position, not from 0 s.
      furthest.current = s.furthestPosition;
      seekTo(s.lastPosition);
      setResumedFrom(s.lastPosition);
      setSession(s);
    }, showProblem);
    get<Array<{ lessons: Lesson[] }>>('/api/learning/me').then(
      (all) => setLesson(all.flatMap((c) => c.lessons).find((l) => l.id === lessonId) ?? null),
      showProblem,
    );
    const mark = () => {
      activity.current.input = true;
    };
    for (const e of INPUT_EVENTS) window.addEventListener(e, mark, { passive: true });
    return () => {
      for (const e of INPUT_EVENTS) window.removeEventListener(e, mark);
    };
  }, [classId, lessonId, showProblem, seekTo]);

  useEffect(() => {
    if (!visible) setWasHidden(true);
  }, [visible]);

  // Any pause of credit pauses the player: idle lock, the capture dialog, a hidden page.
  const creditPaused = session?.state !== 'active' || session.captureRequested || !visible;
  const playing = wantPlay && !creditPaused;
  const duration = lesson?.durationSeconds ?? session?.durationSeconds ?? 1;

  useEffect(() => {
    const v = video.current;
    if (!v) return;
    if (!playing && !v.paused) {
      autoPaused.current = true;
      v.pause();
    } else if (playing && v.paused) void v.play().catch(() => setWantPlay(false));
  }, [playing]);

  const tick = useCallback(() => {
    const next = Math.min(duration, pos.current + 1);
    if (next > pos.current) activity.current.played = true;
    pos.current = next;
    furthest.current = Math.max(furthest.current, next);
    setPosition(next);
    if (next >= duration) setWantPlay(false);
  }, [duration]);
  usePlayback(!lesson?.videoUrl && playing, tick);
  useHeartbeat(session, pos, activity, (b) => apply(b, false));

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
    if (!v) return;
    if (!v.paused && v.currentTime > pos.current) activity.current.played = true;
    pos.current = v.currentTime;
    setPosition(v.currentTime);
    furthest.current = Math.max(furthest.current, v.currentTime);
  };
  const onVideoPlay = () => {
    // Credit is paused (a dialog, a hidden page): the video may not run on unseen.
    if (creditPaused) {
      autoPaused.current = true;
      video.current?.pause();
    }
    setWantPlay(true);
  };
  const onVideoPause = () => {
    if (autoPaused.current) autoPaused.current = false;
    else setWantPlay(false);
  };

  const resume = () =>
    post<Beat>(`/api/learning/sessions/${session.id}/resume`).then((s) => {
      activity.current.input = true;
      apply(s, true);
    }, showProblem);

  const submitCapture = (f: CapturedFace) => {
    setCaptureBusy(true);
    post<Beat>(`/api/learning/sessions/${session.id}/captures`, { photo: f.base64 })
      .then((s) => {
        if (s.satisfied === false) {
          // TRN-3: say why and what to do; a fresh camera for the retry.
          setCaptureAdvice(s.advice ?? '人像核验未通过，请本人正对摄像头重新拍摄。');
          setCaptureAttempt((n) => n + 1);
        } else setCaptureAdvice(null);
        apply(s, true);
      }, showProblem)
      .finally(() => setCaptureBusy(false));
  };

  return (
    <Flex vertical gap={16}>
      <Card title={lesson?.title ?? '在线学习'}>
        {resumedFrom > 0 && (
          <Alert
            style={{ marginBottom: 12 }}
            type="info"
            showIcon
            closable
            title={`已从上次计时的位置（${clock(resumedFrom)}）继续学习`}
          />
        )}
        {lesson?.videoUrl ? (
          // biome-ignore lint/a11y/useMediaCaption: course videos are uploaded without caption tracks
          <video
            ref={video}
            src={lesson.videoUrl}
            controls
            width="100%"
            onLoadedMetadata={() => {
              if (video.current) video.current.currentTime = pos.current;
            }}
            onSeeking={onSeeking}
            onTimeUpdate={onTime}
            onPlay={onVideoPlay}
            onPause={onVideoPause}
          />
        ) : (
          <Flex vertical gap={8}>
            <Alert
              type="info"
              showIcon
              title="演示课程无视频文件"
              description="本课时仅登记了时长，播放为模拟进度；学时仍由服务器按心跳计时。"
            />
            <Progress percent={Math.round((position / duration) * 100)} />
            <Button type="primary" onClick={() => setWantPlay(!wantPlay)} data-testid="play">
              {wantPlay ? '暂停' : '播放'}
            </Button>
          </Flex>
        )}
        {session.accepted === false && session.reasonLabel && (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon title={session.reasonLabel} />
        )}
        {wasHidden && visible && (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            closable
            onClose={() => setWasHidden(false)}
            title="页面切换到后台期间，视频已暂停、不计学时；回到本页后继续计时。"
          />
        )}
        <Descriptions
          style={{ marginTop: 12 }}
          size="small"
          column={3}
          items={[
            {
              key: 'p',
              label: '播放位置',
              children: <span data-testid="position">{`${Math.floor(position)} 秒`}</span>,
            },
            { key: 'f', label: '已观看至', children: `${Math.floor(session.furthestPosition)} 秒` },
            {
              key: 'c',
              label: '已计学时时间',
              children: <span data-testid="credited">{clock(session.creditedSeconds)}</span>,
            },
          ]}
        />
        <Typography.Text type="secondary">
          线上学习每 30 分钟计 1 学时；计时以服务器为准。视频播放时无需操作鼠标键盘；暂停后 5
          分钟无操作、页面切到后台、快进、多处登录均不计时。
        </Typography.Text>
      </Card>
      {classId && <LearningQuestions classId={classId} lessonId={lessonId} canAnswer={false} />}
      <Modal open={session.state === 'idle_locked'} closable={false} footer={null} title="学习已锁定">
        <p>长时间无操作（视频暂停后 5 分钟无鼠标键盘操作），学习已暂停计时。</p>
        <Button type="primary" onClick={resume}>
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
        <p>请正对摄像头完成人像抓拍；视频已暂停，完成后从暂停处继续计时。</p>
        {captureAdvice && (
          <Alert
            style={{ marginBottom: 12 }}
            type="error"
            showIcon
            title="人像核验未通过"
            description={captureAdvice}
            data-testid="capture-advice"
          />
        )}
        <FaceCapture
          key={captureAttempt}
          confirmText={captureAdvice ? '重新提交' : '提交抓拍'}
          busy={captureBusy}
          onCapture={submitCapture}
        />
      </Modal>
    </Flex>
  );
}

/** Simulated playback for lessons without a video file: one second per second while playing. */
function usePlayback(on: boolean, tick: () => void) {
  const step = useRef(tick);
  step.current = tick;
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => step.current(), 1000);
    return () => clearInterval(t);
  }, [on]);
}

/**
 * The heartbeat loop: reports the position, whether the learner used mouse or keys, and whether the
 * video played on a visible page since the last beat. A hidden page sends nothing: it is not credited,
 * and the next visible beat is bounded by the seconds really played.
 */
function useHeartbeat(
  session: Beat | null,
  pos: MutableRefObject<number>,
  activity: MutableRefObject<{ input: boolean; played: boolean }>,
  onBeat: (b: Beat) => void,
) {
  // Refs, so re-rendering every second of playback does not restart the interval.
  const handler = useRef(onBeat);
  handler.current = onBeat;
  const id = session?.state === 'active' ? session.id : null;
  useEffect(() => {
    if (!id) return;
    const t = setInterval(() => {
      if (document.visibilityState === 'hidden') return;
      const body = {
        position: pos.current,
        interacted: activity.current.input,
        playing: activity.current.played,
        visible: true,
      };
      activity.current = { input: false, played: false };
      post<Beat>(`/api/learning/sessions/${id}/heartbeat`, body).then(
        (b) => handler.current(b),
        () => undefined,
      );
    }, BEAT_MS);
    return () => clearInterval(t);
  }, [id, pos, activity]);
}
