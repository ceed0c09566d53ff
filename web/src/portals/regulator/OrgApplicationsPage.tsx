// 机构入驻审核 (issue 22, SEC-2): the regulator of the region approves an organisation's application
// (creating it, or handing over the one imported earlier) or refuses it with a reason.
import { useState } from 'react';
import { App, Button, Card, Flex, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { post } from '../../api';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDateTime } from '../../shared/format';

interface Application {
  id: string;
  kind: string;
  name: string;
  creditCode: string;
  regionName: string;
  contactName: string;
  contactPhoneMasked: string;
  licenceType: string;
  claim: boolean;
  status: string;
  statusLabel: string;
  reason: string | null;
  createdAt: string;
}

const KIND_LABELS: Record<string, string> = {
  institution: '培训机构',
  employer: '生产经营单位',
  exam_centre: '考试机构',
};
const STATUS_COLORS: Record<string, string> = { pending: 'gold', approved: 'green', refused: 'red' };

export default function OrgApplicationsPage() {
  const [status, setStatus] = useState<string | undefined>('pending');
  const { data, error, reload } = useApi<{ items: Application[] }>(
    `/api/onboarding/org-applications${status ? `?status=${status}` : ''}`,
  );
  const [refusing, setRefusing] = useState<Application | null>(null);
  const [reason, setReason] = useState('');
  const showProblem = useProblem();
  const { message, modal } = App.useApp();

  async function decide(app: Application, decision: 'approve' | 'refuse', why?: string) {
    try {
      const res = await post<{ adminUsername: string | null; invitationSent: boolean | null }>(
        `/api/onboarding/org-applications/${app.id}/decision`,
        { decision, reason: why },
      );
      if (decision === 'approve')
        message.success(
          `已通过，管理员账户 ${res.adminUsername}${res.invitationSent ? '，设置密码的链接已短信发送给联系人' : '（短信未能发送，请稍后联系申请人）'}`,
        );
      else message.success('已不予通过，理由已记录');
      setRefusing(null);
      setReason('');
      reload();
    } catch (err) {
      showProblem(err);
    }
  }

  return (
    <Card
      title="机构入驻审核"
      extra={
        <Select
          allowClear
          placeholder="全部状态"
          value={status}
          onChange={setStatus}
          style={{ width: 140 }}
          options={[
            { value: 'pending', label: '待审核' },
            { value: 'approved', label: '已通过' },
            { value: 'refused', label: '未通过' },
          ]}
        />
      }
    >
      <Flex vertical gap={16}>
        {error && <ProblemAlert error={error} />}
        <Table<Application>
          rowKey="id"
          size="middle"
          loading={!data && !error}
          dataSource={data?.items}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            {
              title: '机构',
              render: (_, a) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{a.name}</Typography.Text>
                  <Typography.Text type="secondary">
                    {KIND_LABELS[a.kind] ?? a.kind} · {a.creditCode}
                  </Typography.Text>
                  {a.claim && <Tag color="blue">认领已有记录</Tag>}
                </Space>
              ),
            },
            { title: '地区', dataIndex: 'regionName' },
            { title: '联系人', render: (_, a) => `${a.contactName} ${a.contactPhoneMasked}` },
            {
              title: '营业执照',
              render: (_, a) => (
                <Typography.Link href={`/api/onboarding/org-applications/${a.id}/licence`} target="_blank">
                  查看（{a.licenceType === 'application/pdf' ? 'PDF' : '图片'}）
                </Typography.Link>
              ),
            },
            { title: '提交时间', dataIndex: 'createdAt', render: fmtDateTime },
            {
              title: '状态',
              render: (_, a) => (
                <Space direction="vertical" size={0}>
                  <Tag color={STATUS_COLORS[a.status]}>{a.statusLabel}</Tag>
                  {a.reason && <Typography.Text type="secondary">{a.reason}</Typography.Text>}
                </Space>
              ),
            },
            {
              title: '操作',
              render: (_, a) =>
                a.status === 'pending' && (
                  <Space>
                    <Button
                      type="primary"
                      size="small"
                      onClick={() =>
                        modal.confirm({
                          title: `通过「${a.name}」的入驻申请？`,
                          content: a.claim
                            ? '平台已有该机构的历史记录：通过后由申请人认领，不新建机构。'
                            : '通过后创建机构及其首个管理员账户，并短信通知联系人设置密码。',
                          okText: '通过',
                          cancelText: '取消',
                          onOk: () => decide(a, 'approve'),
                        })
                      }
                    >
                      通过
                    </Button>
                    <Button size="small" danger onClick={() => setRefusing(a)}>
                      不予通过
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Flex>
      <Modal
        title={`不予通过：${refusing?.name ?? ''}`}
        open={!!refusing}
        okText="确认"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        onOk={() => refusing && decide(refusing, 'refuse', reason)}
        onCancel={() => setRefusing(null)}
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder="理由（必填，将告知申请人）"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
