// A masked personal value (SEC-3) with 查看: the full value comes from the server, which records the view.
import { useState } from 'react';
import { App, Button, Space, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { post } from '../api';
import { useProblem } from './problem';

const FIELD_LABELS = { idNumber: '身份证号', phone: '手机号' } as const;

interface Props {
  workerId: string;
  field: keyof typeof FIELD_LABELS;
  masked: string | null;
  canReveal: boolean;
}

export default function MaskedValue({ workerId, field, masked, canReveal }: Props) {
  const { modal } = App.useApp();
  const showProblem = useProblem();
  const [busy, setBusy] = useState(false);

  if (!masked) return <Typography.Text type="secondary">未填写</Typography.Text>;

  async function reveal() {
    setBusy(true);
    try {
      const { value } = await post<{ value: string }>(`/api/workers/${encodeURIComponent(workerId)}/reveal`, { field });
      modal.info({
        title: `完整${FIELD_LABELS[field]}`,
        content: (
          <>
            <Typography.Paragraph copyable strong style={{ fontSize: 18, fontFamily: 'monospace' }}>
              {value}
            </Typography.Paragraph>
            <Typography.Text type="secondary">本次查看已记入审计日志（查看人、时间、对象）。</Typography.Text>
          </>
        ),
        okText: '关闭',
      });
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space size={4}>
      <Typography.Text style={{ fontFamily: 'monospace' }}>{masked}</Typography.Text>
      {canReveal && (
        <Button type="link" size="small" icon={<EyeOutlined />} loading={busy} onClick={reveal}>
          查看
        </Button>
      )}
    </Space>
  );
}
