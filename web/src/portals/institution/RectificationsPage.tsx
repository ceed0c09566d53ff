// 整改 (SUP-2): the findings of inspections of this organisation (or of its exam sites), each with its
// deadline; the organisation submits its rectification with photos and sees the inspector's verdict.
import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Form, Input, Modal, Space, Typography, type UploadFile } from 'antd';
import { post } from '../../api';
import { FindingDetail, FindingTag, PhotoPicker, photosOf, type Finding } from '../../shared/findings';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { useSubmit } from '../../shared/useSubmit';

function RectifyModal({ finding, onDone, onCancel }: { finding: Finding; onDone: () => void; onCancel: () => void }) {
  const [form] = Form.useForm();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const { busy, submit } = useSubmit(
    async (v: { note: string }) =>
      post(`/api/findings/${finding.id}/rectification`, { note: v.note, photos: await photosOf(files) }),
    { form, onDone },
  );
  return (
    <Modal
      open
      title="提交整改情况"
      okText="提交"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onCancel}
    >
      <Typography.Paragraph>{finding.description}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="note" label="整改情况" rules={[{ required: true, message: '请说明整改情况' }, { max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item label="佐证照片">
          <PhotoPicker files={files} onChange={setFiles} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function RectificationsPage() {
  const { data, error, reload } = useApi<{ items: Finding[] }>('/api/my-findings');
  const [rectifying, setRectifying] = useState<Finding | null>(null);
  const { message } = App.useApp();
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      {data?.items.length === 0 && <Empty description="没有需要整改的检查问题" />}
      {data?.items.map((f) => (
        <Card
          key={f.id}
          size="small"
          title={
            <Space>
              {f.targetName}
              <FindingTag finding={f} />
            </Space>
          }
          extra={
            (f.standing === 'open' || f.standing === 'overdue') && (
              <Button type="primary" size="small" onClick={() => setRectifying(f)}>
                提交整改
              </Button>
            )
          }
        >
          <FindingDetail finding={f} />
        </Card>
      ))}
      {rectifying && (
        <RectifyModal
          finding={rectifying}
          onCancel={() => setRectifying(null)}
          onDone={() => {
            setRectifying(null);
            message.success('已提交，等待检查人员核验');
            reload();
          }}
        />
      )}
    </Flex>
  );
}
