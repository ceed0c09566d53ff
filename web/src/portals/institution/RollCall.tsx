// 点名考勤 (TRN-2, issue 19): a whole class session at the desk. The roll lists every trainee with
// their check-in and check-out; the next one not yet recorded is called, photographed, and the capture
// is sent at once (POST /roll-call, one capture per request so the verdict comes while the trainee is
// still at the desk); the dialog moves on to the next trainee. Each capture is compared with that
// trainee's registered face by the server; a refusal or a failed match stays on the trainee's row.
// One camera stream serves the whole roll call (useCamera, held here): the desk does not wait for the
// camera to reopen for each trainee, and a retake (重拍) is immediate. It stops when the dialog closes.
import { useState } from 'react';
import { Alert, App, Button, Flex, Modal, Radio, Table, Tag, Typography } from 'antd';
import { post } from '../../api';
import FaceCapture, { useCamera } from '../../shared/FaceCapture';
import { fmtDateTime } from '../../shared/format';
import { useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface RollRow {
  workerId: string;
  name: string;
  idNumber: string;
  checkInAt: string | null;
  checkInOutcomeLabel: string | null;
  checkInOutcome: string | null;
  checkOutAt: string | null;
  checkOutOutcome: string | null;
  checkOutOutcomeLabel: string | null;
}
interface Roll {
  session: { id: string; topic: string };
  className: string;
  items: RollRow[];
}
interface RollResult {
  workerId: string;
  ok: boolean;
  outcomeLabel?: string;
  faceVerified?: boolean;
  units?: number;
  title?: string;
  detail?: string;
}
type Kind = 'check-in' | 'check-out';

export default function RollCall({
  session,
  onClose,
}: {
  session: { id: string; topic: string };
  onClose: () => void;
}) {
  const { data, reload } = useApi<Roll>(`/api/training/sessions/${session.id}/roll`);
  const [kind, setKind] = useState<Kind>('check-in');
  const [busy, setBusy] = useState(false);
  const [current, setCurrent] = useState<string | null>(null);
  const [refusals, setRefusals] = useState<Record<string, RollResult>>({});
  const { message } = App.useApp();
  const showProblem = useProblem();
  const camera = useCamera();
  const done = (r: RollRow) => (kind === 'check-in' ? !!r.checkInAt : !!r.checkOutAt);
  const items = data?.items ?? [];
  // The trainee called: the one chosen, else the first not yet recorded for this kind.
  const called = items.find((r) => r.workerId === current) ?? items.find((r) => !done(r) && !refusals[r.workerId]);
  const left = items.filter((r) => !done(r)).length;

  async function send(row: RollRow, photo: string) {
    setBusy(true);
    try {
      const res = await post<{ results: RollResult[] }>(`/api/training/sessions/${session.id}/roll-call`, {
        kind,
        captures: [{ workerId: row.workerId, photo }],
      });
      const r = res.results[0];
      if (r.ok) {
        message.success(`${row.name} 已${kind === 'check-in' ? '签到' : '签退'}：${r.outcomeLabel}`);
        setRefusals(({ [row.workerId]: _, ...rest }) => rest);
      } else setRefusals((m) => ({ ...m, [row.workerId]: r }));
      setCurrent(null);
      reload();
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  }

  const status = (r: RollRow) => {
    const refusal = refusals[r.workerId];
    if (refusal) return <Tag color="red">未记录：{refusal.detail ?? refusal.title}</Tag>;
    const at = kind === 'check-in' ? r.checkInAt : r.checkOutAt;
    const outcome = kind === 'check-in' ? r.checkInOutcome : r.checkOutOutcome;
    const label = kind === 'check-in' ? r.checkInOutcomeLabel : r.checkOutOutcomeLabel;
    if (!at) return <Tag>待{kind === 'check-in' ? '签到' : '签退'}</Tag>;
    return (
      <Tag color={outcome === 'match' ? 'green' : 'orange'}>
        {fmtDateTime(at)} {label}
      </Tag>
    );
  };

  return (
    <Modal
      open
      width={980}
      footer={null}
      onCancel={onClose}
      title={`点名考勤：${data?.className ?? ''} · ${session.topic}`}
    >
      <Flex vertical gap={12}>
        <Radio.Group
          value={kind}
          onChange={(e) => {
            setKind(e.target.value);
            setRefusals({});
            setCurrent(null);
          }}
          options={[
            { value: 'check-in', label: '签到' },
            { value: 'check-out', label: '签退' },
          ]}
          optionType="button"
        />
        <Typography.Text type="secondary">
          按名单逐人拍照，照片与该学员的登记照片比对后记录；比对不通过的也会记录（不计学时）；未能记录的（如照片无法识别）名单中会写明原因，可点「重拍」。
          尚余 {left} 人。
        </Typography.Text>
        <Flex gap={16} wrap>
          <div style={{ flex: '1 1 420px' }}>
            {called ? (
              <Flex vertical gap={8}>
                <Alert type="info" showIcon message={`请 ${called.name}（${called.idNumber}）正对镜头`} />
                {/* Keyed by trainee: a capture belongs to exactly one person; the camera is shared. */}
                <FaceCapture
                  key={`${called.workerId}-${kind}`}
                  camera={camera}
                  busy={busy}
                  confirmText={`提交${kind === 'check-in' ? '签到' : '签退'}并点下一位`}
                  onCapture={(f) => void send(called, f.base64)}
                />
              </Flex>
            ) : (
              <Alert type="success" showIcon message={`本节课${kind === 'check-in' ? '签到' : '签退'}已点完`} />
            )}
          </div>
          <Table<RollRow>
            style={{ flex: '1 1 420px' }}
            rowKey="workerId"
            size="small"
            pagination={false}
            dataSource={items}
            rowClassName={(r) => (r.workerId === called?.workerId ? 'ant-table-row-selected' : '')}
            columns={[
              { title: '姓名', dataIndex: 'name' },
              { title: '状态', key: 'status', render: (_: unknown, r) => status(r) },
              {
                title: '',
                key: 'act',
                render: (_: unknown, r) =>
                  !done(r) || refusals[r.workerId] ? (
                    <Button size="small" onClick={() => setCurrent(r.workerId)}>
                      {refusals[r.workerId] ? '重拍' : '点名'}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Flex>
      </Flex>
    </Modal>
  );
}
