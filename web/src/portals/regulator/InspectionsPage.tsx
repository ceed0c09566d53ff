// 监督检查 (SUP-1, SUP-2): the year's inspection plan — every institution and exam site of the
// jurisdiction, who is missing, what is done or overdue; the plan's data-driven parts (first-class
// inspections, full-inspection coverage, the 双随机 draw of employers, 回头看) — the inspections made,
// and the findings waiting for their rectification to be verified (闭环).
import { useState } from 'react';
import {
  App,
  Button,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Segmented,
  Space,
  Statistic,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useNavigate } from 'react-router-dom';
import { post } from '../../api';
import { FindingDetail, FindingTag, type Finding } from '../../shared/findings';
import { fmtDate, fmtDateTime } from '../../shared/format';
import { SourceCase, findingPreset, useSourceCases } from './NewCaseModal';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import ResponsiveTable, { usePhone } from '../../shared/ResponsiveTable';
import { CoverageSection, EmployerDrawSection, FirstClassSection, ReinspectionSection } from './InspectionPlanning';

interface Entry {
  id: string;
  targetKind: string;
  targetKindLabel: string;
  targetId: string;
  targetName: string;
  regionName: string;
  plannedMonth: number;
  source: 'annual' | 'random' | 'reinspection';
  sourceLabel: string;
  reason: string | null;
  state: 'planned' | 'in_progress' | 'done' | 'overdue';
  inspectionId: string | null;
  inspectedOn: string | null;
}
interface Missing {
  targetKind: string;
  targetKindLabel: string;
  targetId: string;
  targetName: string;
  regionName: string;
}
interface Plan {
  year: number;
  entries: Entry[];
  missing: Missing[];
  counts: { targets: number; planned: number; entries: number; missing: number; done: number; overdue: number };
}
interface InspectionRow {
  id: string;
  purposeLabel: string;
  targetKindLabel: string;
  targetName: string;
  regionName: string;
  inspectorName: string;
  status: string;
  startedAt: string;
  completedAt: string | null;
}

const SOURCE_COLORS: Record<Entry['source'], string> = { annual: 'default', random: 'purple', reinspection: 'volcano' };
const STATE: Record<Entry['state'], { label: string; color: string }> = {
  planned: { label: '待检查', color: 'blue' },
  in_progress: { label: '检查中', color: 'orange' },
  done: { label: '已检查', color: 'green' },
  overdue: { label: '逾期未检查', color: 'red' },
};

function PlanTab() {
  const year = new Date().getFullYear();
  const [shown, setShown] = useState(year);
  const { data, error, loading, reload } = useApi<Plan>(`/api/inspection-plans/${shown}`);
  const showProblem = useProblem();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [section, setSection] = useState('entries');
  const start = (targetKind: string, targetId: string, extra: { planEntryId?: string; purpose?: string } = {}) =>
    post<{ id: string }>('/api/inspections', { targetKind, targetId, ...extra }).then(
      (i) => navigate(`/supervision/inspections/${i.id}`),
      showProblem,
    );
  const editable = shown >= year;
  const addAll = () =>
    post(`/api/inspection-plans/${shown}/entries`, { allMissing: true }).then(() => {
      message.success('已全部列入计划');
      reload();
    }, showProblem);
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      <Segmented
        value={shown}
        onChange={(v) => setShown(Number(v))}
        options={[
          { value: year, label: `${year} 年` },
          { value: year + 1, label: `${year + 1} 年` },
        ]}
      />
      {data && (
        <Space size={[48, 12]} wrap>
          <Statistic title="应检查（机构与考点）" value={data.counts.targets} />
          <Statistic title="已列入计划" value={data.counts.planned} />
          <Statistic
            title="未列入计划"
            value={data.counts.missing}
            styles={{ content: { color: data.counts.missing ? '#cf1322' : undefined } }}
          />
          <Statistic title="已检查" value={data.counts.done} />
          <Statistic
            title="逾期未检查"
            value={data.counts.overdue}
            styles={{ content: { color: data.counts.overdue ? '#cf1322' : undefined } }}
          />
        </Space>
      )}
      <Tabs
        activeKey={section}
        onChange={setSection}
        type="card"
        destroyOnHidden
        items={[
          { key: 'entries', label: `计划条目${data ? ` ${data.counts.entries}` : ''}`, children: entries() },
          { key: 'first-class', label: '首期开班检查', children: <FirstClassSection year={shown} start={start} /> },
          { key: 'coverage', label: '年度全面检查', children: <CoverageSection year={shown} start={start} /> },
          {
            key: 'draw',
            label: '随机抽取生产经营单位',
            children: <EmployerDrawSection year={shown} editable={editable} onDrawn={reload} />,
          },
          {
            key: 'reinspection',
            label: '回头看',
            children: <ReinspectionSection year={shown} editable={editable} start={start} onAdded={reload} />,
          },
        ]}
      />
    </Flex>
  );

  function entries() {
    return (
      <Flex vertical gap={16}>
        {data && data.missing.length > 0 && (
          <Flex vertical gap={8}>
            <Space>
              <Typography.Text type="danger">
                以下对象尚未列入 {shown} 年检查计划（每个培训机构、考试点每年至少全面检查一次）
              </Typography.Text>
              <Button type="primary" onClick={addAll}>
                全部列入计划
              </Button>
            </Space>
            <ResponsiveTable<Missing>
              scroll={{ x: 'max-content' }}
              rowKey="targetId"
              size="small"
              dataSource={data.missing}
              pagination={false}
              columns={[
                { title: '对象', dataIndex: 'targetName' },
                { title: '类别', dataIndex: 'targetKindLabel', width: 100 },
                { title: '所在地', dataIndex: 'regionName' },
                {
                  title: '',
                  key: 'go',
                  width: 120,
                  render: (_, m) => (
                    <Button size="small" onClick={() => start(m.targetKind, m.targetId)}>
                      立即检查
                    </Button>
                  ),
                },
              ]}
            />
          </Flex>
        )}
        <ResponsiveTable<Entry>
          scroll={{ x: 'max-content' }}
          cardTitle={(e) => e.targetName}
          cardHidden={['targetName']}
          rowKey="id"
          loading={loading}
          dataSource={data?.entries}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: '计划月份', dataIndex: 'plannedMonth', width: 100, render: (m: number) => `${m} 月` },
            { title: '对象', dataIndex: 'targetName' },
            { title: '类别', dataIndex: 'targetKindLabel', width: 100 },
            {
              title: '来源',
              dataIndex: 'source',
              width: 110,
              render: (s: Entry['source'], e) => (
                <Tooltip title={e.reason}>
                  <Tag color={SOURCE_COLORS[s]}>{e.sourceLabel}</Tag>
                </Tooltip>
              ),
            },
            { title: '所在地', dataIndex: 'regionName' },
            {
              title: '状态',
              dataIndex: 'state',
              width: 120,
              render: (s: Entry['state'], e) => (
                <Tag color={STATE[s].color}>
                  {STATE[s].label}
                  {e.inspectedOn ? ` ${e.inspectedOn}` : ''}
                </Tag>
              ),
            },
            {
              title: '',
              key: 'go',
              width: 120,
              render: (_, e) =>
                e.inspectionId ? (
                  <Button size="small" onClick={() => navigate(`/supervision/inspections/${e.inspectionId}`)}>
                    查看检查
                  </Button>
                ) : (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => start(e.targetKind, e.targetId, { planEntryId: e.id })}
                  >
                    开始检查
                  </Button>
                ),
            },
          ]}
        />
      </Flex>
    );
  }
}

function InspectionsTab() {
  const { data, error, loading } = useApi<{ items: InspectionRow[] }>('/api/inspections');
  const navigate = useNavigate();
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      <ResponsiveTable<InspectionRow>
        scroll={{ x: 'max-content' }}
        cardTitle={(i) => i.targetName}
        cardHidden={['targetName']}
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
        onRow={(i) => ({ onClick: () => navigate(`/supervision/inspections/${i.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '开始时间', dataIndex: 'startedAt', render: fmtDateTime, width: 160 },
          { title: '对象', dataIndex: 'targetName' },
          { title: '类别', dataIndex: 'targetKindLabel', width: 100 },
          { title: '检查类型', dataIndex: 'purposeLabel', width: 120 },
          { title: '所在地', dataIndex: 'regionName' },
          { title: '检查人员', dataIndex: 'inspectorName', width: 100 },
          {
            title: '状态',
            dataIndex: 'status',
            width: 100,
            render: (s: string) =>
              s === 'completed' ? <Tag color="green">已结束</Tag> : <Tag color="orange">检查中</Tag>,
          },
        ]}
      />
    </Flex>
  );
}

function VerifyModal({ finding, onDone, onCancel }: { finding: Finding; onDone: () => void; onCancel: () => void }) {
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const verify = (verdict: 'accept' | 'return') =>
    form
      .validateFields()
      .then((v: { note?: string }) =>
        post(`/api/findings/${finding.id}/verify`, { verdict, note: v.note }).then(onDone, showProblem),
      );
  return (
    <Modal
      open
      title={`核验整改：${finding.targetName}`}
      onCancel={onCancel}
      footer={[
        <Button key="return" danger onClick={() => verify('return')}>
          退回重新整改
        </Button>,
        <Button key="accept" type="primary" onClick={() => verify('accept')}>
          核验通过，闭环
        </Button>,
      ]}
      width={640}
    >
      <FindingDetail finding={finding} />
      <Form form={form} layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item name="note" label="核验意见（退回时必填）" rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function FindingsTab() {
  const [standing, setStanding] = useState<string>('submitted');
  const { data, error, loading, reload } = useApi<{ items: Finding[]; counts: Record<Finding['standing'], number> }>(
    `/api/findings?standing=${standing}`,
  );
  const [verifying, setVerifying] = useState<Finding | null>(null);
  const [open, setOpen] = useState<Finding | null>(null);
  const { message } = App.useApp();
  const cases = useSourceCases('finding');
  const phone = usePhone();
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      {/* Four long labels: on a phone the switch scrolls inside its own strip, never the page. */}
      <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
        <Segmented
          value={standing}
          onChange={(v) => setStanding(String(v))}
          options={[
            ['submitted', '整改待核验'],
            ['overdue', '逾期未整改'],
            ['open', '整改中'],
            ['closed', '已闭环'],
          ].map(([value, label]) => ({
            value,
            label: `${label}${data ? ` ${data.counts[value as Finding['standing']]}` : ''}`,
          }))}
        />
      </div>
      {/* On a phone each finding is a card with its actions at the foot (ResponsiveTable). */}
      <ResponsiveTable<Finding>
        cardTitle={(f) => f.targetName}
        cardHidden={['targetName']}
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
        scroll={{ x: 960 }}
        columns={[
          { title: '对象', dataIndex: 'targetName' },
          { title: '所在地', dataIndex: 'regionName' },
          { title: '问题', dataIndex: 'description', ellipsis: true },
          { title: '整改期限', dataIndex: 'deadline', width: 110, render: fmtDate },
          { title: '状态', key: 'standing', width: 120, render: (_, f) => <FindingTag finding={f} /> },
          {
            title: '案件',
            key: 'case',
            width: 170,
            render: (_, f) => (
              <SourceCase existing={cases.bySource.get(f.id)} preset={findingPreset(f)} onOpened={cases.reload} />
            ),
          },
          {
            title: '',
            key: 'act',
            width: 120,
            render: (_, f) =>
              f.standing === 'submitted' ? (
                <Button size="small" type="primary" onClick={() => setVerifying(f)}>
                  核验
                </Button>
              ) : (
                <Button size="small" onClick={() => setOpen(f)}>
                  详情
                </Button>
              ),
          },
        ]}
      />
      {verifying && (
        <VerifyModal
          finding={verifying}
          onCancel={() => setVerifying(null)}
          onDone={() => {
            setVerifying(null);
            message.success('已核验');
            reload();
          }}
        />
      )}
      {open && (
        <Drawer open width={phone ? '100%' : 560} title={open.targetName} onClose={() => setOpen(null)}>
          <FindingDetail finding={open} />
        </Drawer>
      )}
    </Flex>
  );
}

export default function InspectionsPage() {
  return (
    <Tabs
      items={[
        { key: 'plan', label: '年度检查计划', children: <PlanTab /> },
        { key: 'inspections', label: '检查记录', children: <InspectionsTab /> },
        { key: 'findings', label: '问题整改闭环', children: <FindingsTab /> },
      ]}
    />
  );
}
