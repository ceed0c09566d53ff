// A finding of an inspection (SUP-2) as regulators and the responsible organisation see it: the
// problem with its photos, deadline and responsible person, and each rectification with its verdict.
import { Button, Descriptions, Image, Space, Tag, Timeline, Typography, Upload, type UploadFile } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { fmtDate, fmtDateTime } from './format';

export interface Finding {
  id: string;
  inspectionId: string;
  targetName: string;
  regionName: string;
  description: string;
  legalBasis: string;
  deadline: string;
  responsiblePerson: string;
  standing: 'open' | 'overdue' | 'submitted' | 'closed';
  standingLabel: string;
  createdAt: string;
  closedAt: string | null;
  photoIds: string[];
  rectifications: Array<{
    id: string;
    note: string;
    submittedAt: string;
    verdict: 'accepted' | 'returned' | null;
    verifyNote: string | null;
    verifiedAt: string | null;
    photoIds: string[];
  }>;
}

export const FINDING_COLORS: Record<Finding['standing'], string> = {
  open: 'blue',
  overdue: 'red',
  submitted: 'orange',
  closed: 'green',
};

export function FindingTag({ finding }: { finding: Finding }) {
  return <Tag color={FINDING_COLORS[finding.standing]}>{finding.standingLabel}</Tag>;
}

function Photos({ findingId, ids }: { findingId: string; ids: string[] }) {
  if (!ids.length) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap>
        {ids.map((id) => (
          <Image
            key={id}
            width={96}
            height={72}
            style={{ objectFit: 'cover' }}
            src={`/api/findings/${findingId}/photos/${id}`}
            alt="照片"
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

export function FindingDetail({ finding }: { finding: Finding }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="问题">{finding.description}</Descriptions.Item>
        <Descriptions.Item label="依据">{finding.legalBasis}</Descriptions.Item>
        <Descriptions.Item label="整改期限">{fmtDate(finding.deadline)}</Descriptions.Item>
        <Descriptions.Item label="责任人">{finding.responsiblePerson}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <FindingTag finding={finding} />
        </Descriptions.Item>
      </Descriptions>
      <Photos findingId={finding.id} ids={finding.photoIds} />
      {finding.rectifications.length > 0 && (
        <Timeline
          items={finding.rectifications.map((r) => ({
            color: r.verdict === 'accepted' ? 'green' : r.verdict === 'returned' ? 'red' : 'blue',
            content: (
              <Space direction="vertical" size={4}>
                <Typography.Text>
                  {fmtDateTime(r.submittedAt)} 提交整改：{r.note}
                </Typography.Text>
                <Photos findingId={finding.id} ids={r.photoIds} />
                {r.verdict && (
                  <Typography.Text type={r.verdict === 'accepted' ? 'success' : 'danger'}>
                    {r.verdict === 'accepted' ? '核验通过，已闭环' : '退回重新整改'}
                    {r.verifyNote ? `：${r.verifyNote}` : ''}
                  </Typography.Text>
                )}
              </Space>
            ),
          }))}
        />
      )}
    </Space>
  );
}

/** Pictures chosen or taken on a phone, as base64 for the API. */
export const filesToBase64 = (files: File[]) =>
  Promise.all(
    files.map(
      (file) =>
        new Promise<string>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
          reader.onerror = () => reject(reader.error);
          reader.readAsDataURL(file);
        }),
    ),
  );

/** Photos taken with the phone's camera (or chosen), kept in the form until it is sent. */
export function PhotoPicker({ files, onChange }: { files: UploadFile[]; onChange: (files: UploadFile[]) => void }) {
  return (
    <Upload
      accept="image/*"
      capture="environment"
      listType="picture"
      multiple
      fileList={files}
      beforeUpload={(file) => {
        onChange([...files, { uid: file.uid, name: file.name, status: 'done', originFileObj: file }]);
        return false;
      }}
      onRemove={(file) => onChange(files.filter((x) => x.uid !== file.uid))}
    >
      <Button icon={<CameraOutlined />}>拍照 / 选择照片</Button>
    </Upload>
  );
}

/** The picked photos as base64 for the API. */
export const photosOf = (files: UploadFile[]) => filesToBase64(files.map((f) => f.originFileObj as File));
