// 培训班监管 (TRN-1, TRN-3, TRN-5): classes of the jurisdiction, late and unfiled first, counted per
// institution; each class's online learning records; a class archive found false cancels its exam application.
import { useState } from 'react';
import { App, Button, Card, Flex, Input, Modal, Space, Table, Tag } from 'antd';
import { post } from '../../api';
import { RecordsCard } from '../institution/CoursesPage';
import { useProblem } from '../../shared/problem';
import DirectRegistrations from '../../shared/DirectRegistrations';
import { ProblemAlert } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { FILING_COLORS, type TrainingClass } from '../institution/ClassesPage';
import { fmtDateTime } from '../../shared/format';

interface Count {
  orgId: string;
  orgName: string;
  classes: number;
  filedLate: number;
  unfiledOverdue: number;
}

export default function ClassSupervisionPage() {
  const { data, error, loading, reload } = useApi<{ items: TrainingClass[]; byInstitution: Count[] }>(
    '/api/training/supervision/classes',
  );
  const [recordsOf, setRecordsOf] = useState<TrainingClass | null>(null);
  const [falseOf, setFalseOf] = useState<TrainingClass | null>(null);
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      <Card title="各培训机构开班报备情况">
        <Table<Count>
          rowKey="orgId"
          size="small"
          loading={loading}
          dataSource={data?.byInstitution}
          pagination={false}
          columns={[
            { title: '培训机构', dataIndex: 'orgName' },
            { title: '培训班', dataIndex: 'classes' },
            { title: '逾期报备', dataIndex: 'filedLate', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
            {
              title: '逾期未报备',
              dataIndex: 'unfiledOverdue',
              render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0),
            },
          ]}
        />
      </Card>
      <Card title="辖区培训班（开班后48小时内须报备）">
        <Table<TrainingClass>
          rowKey="id"
          loading={loading}
          dataSource={data?.items}
          columns={[
            { title: '培训机构', dataIndex: 'orgName' },
            { title: '班级', dataIndex: 'name' },
            { title: '作业项目', dataIndex: 'itemCode' },
            { title: '地区', dataIndex: 'regionName' },
            { title: '开班时间', dataIndex: 'opensAt', render: (v: string) => fmtDateTime(v) },
            { title: '报备时间', dataIndex: 'filedAt', render: (v: string | null) => (v ? fmtDateTime(v) : '—') },
            {
              title: '状态',
              dataIndex: 'filingState',
              render: (_: string, c) => (
                <>
                  <Tag color={FILING_COLORS[c.filingState]}>{c.filingStateLabel}</Tag>
                  {c.kind === 'review' && <Tag color="purple">{c.kindLabel}</Tag>}
                  {c.archiveFalseAt && (
                    <Tag color="red" title={c.archiveFalseReason ?? ''}>
                      档案虚假·考试申请已取消
                    </Tag>
                  )}
                </>
              ),
            },
            {
              title: '操作',
              key: 'ops',
              render: (_: unknown, c) => (
                <Space>
                  <Button size="small" onClick={() => setRecordsOf(c)}>
                    在线学习记录
                  </Button>
                  <Button size="small" href={`/api/training/classes/${c.id}/archive.pdf`}>
                    一期一档（PDF）
                  </Button>
                  {!c.archiveFalseAt && (
                    <Button size="small" danger onClick={() => setFalseOf(c)}>
                      认定档案虚假
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {recordsOf && (
        <Modal
          open
          width={960}
          title={`在线学习记录：${recordsOf.orgName ?? ''}「${recordsOf.name}」`}
          footer={null}
          onCancel={() => setRecordsOf(null)}
        >
          <RecordsCard classId={recordsOf.id} />
        </Modal>
      )}
      {falseOf && (
        <ArchiveFalseModal
          cls={falseOf}
          onClose={() => {
            setFalseOf(null);
            reload();
          }}
        />
      )}
      <DirectRegistrations reviewer />
    </Flex>
  );
}

/** TRN-5 (seed 000 §8): the regulator records the finding; the class's exam application is cancelled. */
function ArchiveFalseModal({ cls, onClose }: { cls: TrainingClass; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const showProblem = useProblem();
  const { message } = App.useApp();
  const submit = async () => {
    try {
      const r = await post<{ examApplicationCancelled: boolean }>(`/api/training/classes/${cls.id}/archive-false`, {
        reason,
      });
      message.success(
        r.examApplicationCancelled ? '已认定档案虚假，考试申请已取消' : '已认定档案虚假，该班学时不再作为报考依据',
      );
      onClose();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Modal
      open
      title={`认定培训档案虚假：「${cls.name}」`}
      okText="认定并取消考试申请"
      okButtonProps={{ danger: true, disabled: reason.trim().length < 4 }}
      cancelText="取消"
      onOk={submit}
      onCancel={onClose}
    >
      <p>
        依据《特种作业人员安全技术培训考核管理规定》及省厅要求，培训档案缺失或虚假的，取消该班考试申请；该班学时不再作为学员报考依据，并记入学员档案。
      </p>
      <Input.TextArea
        rows={3}
        maxLength={500}
        placeholder="认定的事实与依据（如：考勤照片系他人代签）"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </Modal>
  );
}
