// 人脸照片 (register / replace / delete / view) and 人脸核验 (a 1:1 check, e.g. a regulator's spot
// check) on a worker's page. The photo is never loaded unless someone entitled asks to see it.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, EyeOutlined, ScanOutlined, UserAddOutlined } from '@ant-design/icons';
import { del, post } from '../api';
import FaceCapture, { type CapturedFace } from './FaceCapture';
import { fmtDateTime } from './format';
import { useProblem } from './problem';
import { useApi } from './useApi';

export interface FaceStatus {
  enrolled: boolean;
  enrolledAt: string | null;
  modelVersion: string | null;
  canViewPhoto: boolean;
  canManage: boolean;
  verifyPurposes: Array<{ value: string; label: string }>;
}

export interface FaceVerificationResult {
  outcome: string;
  outcomeLabel: string;
  similarity: number | null;
  threshold: number | null;
  verificationId: string | null;
}

interface VerificationRecord {
  id: string;
  at: string;
  purposeLabel: string;
  outcome: string;
  outcomeLabel: string;
  similarity: number | null;
  thresholds: Record<string, number>;
  scores: Record<string, number | null>;
  facesFound: number;
  clientScore: number | null;
  modelVersion: string;
  actorName: string;
}

const OUTCOME_COLOURS: Record<string, string> = {
  match: 'green',
  no_match: 'red',
  not_live: 'red',
  not_enrolled: 'default',
  unverified: 'default',
};
export const outcomeTag = (outcome: string, label: string) => (
  <Tag color={OUTCOME_COLOURS[outcome] ?? 'orange'}>{label}</Tag>
);
const score = (n: number | null | undefined) => (typeof n === 'number' ? n.toFixed(3) : '—');

export function FacePhotoCard({ workerId, onChanged }: { workerId: string; onChanged?: () => void }) {
  const { data: status, reload } = useApi<FaceStatus>(`/api/workers/${encodeURIComponent(workerId)}/face`);
  const [capturing, setCapturing] = useState(false);
  const [viewing, setViewing] = useState(false);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const showProblem = useProblem();
  const base = `/api/workers/${encodeURIComponent(workerId)}/face`;

  async function submit(face: CapturedFace) {
    setBusy(true);
    try {
      await post(base, { image: face.base64 });
      message.success(status?.enrolled ? '人脸照片已更换' : '人脸照片已登记');
      setCapturing(false);
      reload();
      onChanged?.();
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    try {
      await del(base);
      message.success('人脸照片及特征数据已删除');
      reload();
      onChanged?.();
    } catch (err) {
      showProblem(err);
    }
  }

  const actions = status?.canManage && (
    <Space size="small">
      <Button size="small" icon={<UserAddOutlined />} onClick={() => setCapturing(true)}>
        {status.enrolled ? '更换' : '登记'}
      </Button>
      {status.enrolled && (
        <Popconfirm
          title="删除人脸照片及特征数据？"
          description="删除后无法恢复，人脸核验将提示“未登记人脸照片”。"
          okText="删除"
          okButtonProps={{ danger: true }}
          onConfirm={() => void remove()}
        >
          <Button size="small" danger icon={<DeleteOutlined />}>
            删除
          </Button>
        </Popconfirm>
      )}
    </Space>
  );

  return (
    <Card title="人脸照片" extra={actions} loading={!status}>
      {status?.enrolled ? (
        <Flex vertical gap={8}>
          <Space>
            <Tag color="green">已登记人脸</Tag>
            <Typography.Text type="secondary">登记于 {fmtDateTime(status.enrolledAt)}</Typography.Text>
          </Space>
          {status.canViewPhoto && (
            <Button
              size="small"
              icon={<EyeOutlined />}
              style={{ alignSelf: 'flex-start' }}
              onClick={() => setViewing(true)}
            >
              查看照片（记入审计）
            </Button>
          )}
        </Flex>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未登记人脸照片" />
      )}
      <Modal
        title={status?.enrolled ? '更换人脸照片' : '登记人脸照片'}
        open={capturing}
        footer={null}
        onCancel={() => setCapturing(false)}
        destroyOnHidden
        width={560}
      >
        <FaceCapture onCapture={(f) => void submit(f)} busy={busy} confirmText="提交登记" />
      </Modal>
      <Modal title="已登记的人脸照片" open={viewing} footer={null} onCancel={() => setViewing(false)} destroyOnHidden>
        {viewing && <img src={`${base}/photo`} alt="已登记的人脸照片" style={{ width: '100%' }} />}
      </Modal>
    </Card>
  );
}

function ResultView({ result }: { result: FaceVerificationResult }) {
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      items={[
        { key: 'outcome', label: '结果', children: outcomeTag(result.outcome, result.outcomeLabel) },
        { key: 'similarity', label: '相似度', children: score(result.similarity) },
        { key: 'threshold', label: '判定阈值', children: score(result.threshold) },
        { key: 'id', label: '核验记录', children: <Typography.Text copyable>{result.verificationId}</Typography.Text> },
      ]}
    />
  );
}

export function FaceVerifyCard({
  workerId,
  purposes,
  isRegulator,
}: {
  workerId: string;
  purposes: FaceStatus['verifyPurposes'];
  isRegulator: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [purpose, setPurpose] = useState(purposes[0]?.value);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<FaceVerificationResult | null>(null);
  const [version, setVersion] = useState(0);
  const showProblem = useProblem();
  const history = useApi<{ items: VerificationRecord[] }>(
    isRegulator ? `/api/workers/${encodeURIComponent(workerId)}/face/verifications?v=${version}` : null,
  );

  async function verify(face: CapturedFace) {
    setBusy(true);
    try {
      setResult(await post<FaceVerificationResult>('/api/face/verify', { workerId, image: face.base64, purpose }));
      setVersion((v) => v + 1);
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title="人脸核验"
      extra={
        <Button
          size="small"
          type="primary"
          icon={<ScanOutlined />}
          onClick={() => {
            setResult(null);
            setOpen(true);
          }}
        >
          开始核验
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        服务端检测人脸并与登记照片比对，结果与证据（分数、阈值、模型版本、采集图像）留存备查。活体/防翻拍分数仅作弱证据参考。
      </Typography.Paragraph>
      {isRegulator && (
        <Table<VerificationRecord>
          size="small"
          rowKey="id"
          scroll={{ x: 'max-content' }}
          loading={history.loading}
          dataSource={history.data?.items ?? []}
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无核验记录' }}
          expandable={{
            expandedRowRender: (r) => (
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'faces', label: '检测到人脸数', children: r.facesFound },
                  {
                    key: 'real',
                    label: '防翻拍分数 / 阈值',
                    children: `${score(r.scores.real)} / ${score(r.thresholds.real)}`,
                  },
                  {
                    key: 'live',
                    label: '活体分数 / 阈值',
                    children: `${score(r.scores.live)} / ${score(r.thresholds.live)}`,
                  },
                  { key: 'client', label: '客户端上报分数（未采用）', children: score(r.clientScore) },
                  { key: 'model', label: '模型版本', children: r.modelVersion },
                  {
                    key: 'image',
                    label: '采集图像',
                    children: (
                      <a href={`/api/face/verifications/${r.id}/image`} target="_blank" rel="noreferrer">
                        查看（记入审计）
                      </a>
                    ),
                  },
                ]}
              />
            ),
          }}
          columns={[
            { title: '时间', dataIndex: 'at', render: (v: string) => fmtDateTime(v) },
            { title: '用途', dataIndex: 'purposeLabel' },
            { title: '结果', key: 'outcome', render: (_, r) => outcomeTag(r.outcome, r.outcomeLabel) },
            {
              title: '相似度/阈值',
              key: 'sim',
              render: (_, r) => `${score(r.similarity)} / ${score(r.thresholds.match)}`,
            },
            { title: '核验人', dataIndex: 'actorName' },
          ]}
        />
      )}
      <Modal title="人脸核验" open={open} footer={null} onCancel={() => setOpen(false)} destroyOnHidden width={560}>
        <Flex vertical gap={12}>
          {purposes.length > 1 && <Select value={purpose} onChange={setPurpose} options={purposes} />}
          {result ? (
            <>
              <ResultView result={result} />
              {result.outcome === 'not_live' && (
                <Alert
                  type="warning"
                  showIcon
                  title="活体检测为弱证据：如确为本人现场拍摄，请改善光线后重试，或人工核验。"
                />
              )}
              <Button onClick={() => setResult(null)}>再次核验</Button>
            </>
          ) : (
            <FaceCapture onCapture={(f) => void verify(f)} busy={busy} confirmText="开始核验" />
          )}
        </Flex>
      </Modal>
    </Card>
  );
}

/** Both cards, as the worker page shows them; the verify card only for roles that run checks. */
export function FaceSection({
  workerId,
  isRegulator,
  onChanged,
}: {
  workerId: string;
  isRegulator: boolean;
  onChanged?: () => void;
}) {
  const { data: status } = useApi<FaceStatus>(`/api/workers/${encodeURIComponent(workerId)}/face`);
  return (
    <>
      <FacePhotoCard workerId={workerId} onChanged={onChanged} />
      {status && status.verifyPurposes.length > 0 && (
        <FaceVerifyCard workerId={workerId} purposes={status.verifyPurposes} isRegulator={isRegulator} />
      )}
    </>
  );
}
