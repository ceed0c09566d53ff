// 学员网上评议 (INS-5): after a class ends, its trainee rates teaching, practical training and whether
// the hours were honestly given — once. The institution sees the review without the trainee's name.
import { useState } from 'react';
import { App, Button, Card, Form, Input, List, Modal, Rate, Tag, Typography } from 'antd';
import { post } from '../../api';
import { useApi } from '../../shared/useApi';
import { useSubmit } from '../../shared/useSubmit';
import { ProblemAlert } from '../../shared/problem';

interface Item {
  classId: string;
  name: string;
  orgName: string | null;
  endsOn: string | null;
  ended: boolean;
  review: { teaching: number; practical: number; honesty: number; comment: string | null } | null;
}

function ReviewModal({ item, onClose }: { item: Item; onClose: (done: boolean) => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const { busy, submit } = useSubmit(
    (v: { teaching: number; practical: number; honesty: number; comment?: string }) =>
      post(`/api/training/classes/${item.classId}/review`, v).then(() => message.success('感谢评议')),
    { form, onDone: () => onClose(true) },
  );
  return (
    <Modal
      open
      title={`评议：${item.name}`}
      okText="提交评议"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
    >
      <Typography.Paragraph type="secondary">
        每个培训班只能评议一次，提交后不能修改。培训机构看到的评议不显示您的姓名。
      </Typography.Paragraph>
      <Form form={form} layout="horizontal" labelCol={{ span: 6 }} onFinish={submit}>
        <Form.Item name="teaching" label="授课质量" rules={[{ required: true, message: '请打分' }]}>
          <Rate />
        </Form.Item>
        <Form.Item name="practical" label="实操训练" rules={[{ required: true, message: '请打分' }]}>
          <Rate />
        </Form.Item>
        <Form.Item name="honesty" label="学时真实" rules={[{ required: true, message: '请打分' }]}>
          <Rate />
        </Form.Item>
        <Form.Item name="comment" label="意见建议" rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} placeholder="选填" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ClassReviewsCard() {
  const { data, error, reload } = useApi<{ items: Item[] }>('/api/training/me/reviews');
  const [open, setOpen] = useState<Item | null>(null);
  if (!data?.items.length && !error) return null;
  return (
    <Card title="培训评议" size="small">
      {error && <ProblemAlert error={error} />}
      <List
        dataSource={data?.items}
        renderItem={(i) => (
          <List.Item
            actions={[
              i.review ? (
                <Tag key="done" color="green">
                  已评议
                </Tag>
              ) : i.ended ? (
                <Button key="go" type="primary" size="small" onClick={() => setOpen(i)}>
                  评议
                </Button>
              ) : (
                <Tag key="wait">{i.endsOn ? `${i.endsOn} 结束后可评议` : '结课后可评议'}</Tag>
              ),
            ]}
          >
            <List.Item.Meta
              title={i.name}
              description={
                i.review ? (
                  <>
                    授课 <Rate disabled value={i.review.teaching} style={{ fontSize: 12 }} /> 实操{' '}
                    <Rate disabled value={i.review.practical} style={{ fontSize: 12 }} /> 学时真实{' '}
                    <Rate disabled value={i.review.honesty} style={{ fontSize: 12 }} />
                  </>
                ) : (
                  i.orgName
                )
              }
            />
          </List.Item>
        )}
      />
      {open && (
        <ReviewModal
          item={open}
          onClose={(done) => {
            setOpen(null);
            if (done) reload();
          }}
        />
      )}
    </Card>
  );
}
