// 案件办理 (SUP-4): the jurisdiction's enforcement cases — proposed by integrity warnings and
// 持证上岗 checks, opened by hand, from findings or reports — and the violation catalogue they cite.
import { useState } from 'react';
import { Button, Flex, Form, Input, Modal, Select, Table, Tabs, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { post } from '../../api';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, applyFieldErrors, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

export interface Violation { code: string; party: string; title: string; legalBasis: string; sanctions: string[]; fine?: { min: number; max: number }; principalFine?: { min: number; max: number }; maxSuspendMonths?: number }
export interface Catalogue { version: string; sanctionKinds: Record<string, string>; partyKinds: Record<string, string>; items: Violation[] }
interface CaseRow { id: string; caseNo: string; status: string; statusLabel: string; sourceLabel: string; partyKindLabel: string; partyName: string; principalName: string | null; regionName: string; violation: Violation | null; createdAt: string }

export const STATUS_COLORS: Record<string, string> = { proposed: 'orange', open: 'blue', decided: 'green', dismissed: 'default' };
const yuan = (n: number) => n.toLocaleString('zh-CN');

export function CatalogueTable({ data }: { data: Catalogue }) {
  return (
    <Table<Violation> rowKey="code" size="small" pagination={false} dataSource={data.items}
      columns={[
        { title: '代码', dataIndex: 'code', width: 80 },
        { title: '主体', dataIndex: 'party', width: 130, render: (p: string) => data.partyKinds[p], filters: Object.entries(data.partyKinds).map(([value, text]) => ({ value, text })), onFilter: (v, r) => r.party === v },
        { title: '违法违规行为', dataIndex: 'title' },
        { title: '法律依据', dataIndex: 'legalBasis', width: 260 },
        {
          title: '可适用的处罚', key: 'sanctions', width: 300,
          render: (_: unknown, v) => (
            <Flex wrap gap={4}>
              {v.sanctions.map((s) => <Tag key={s}>{data.sanctionKinds[s]}{s === 'fine' && v.fine ? ` ${yuan(v.fine.min)}–${yuan(v.fine.max)} 元` : ''}{s === 'suspend' && v.maxSuspendMonths ? ` ≤${v.maxSuspendMonths} 个月` : ''}</Tag>)}
              {v.principalFine && <Tag color="purple">一案双罚：主要负责人 {yuan(v.principalFine.min)}–{yuan(v.principalFine.max)} 元</Tag>}
            </Flex>
          ),
        },
      ]} />
  );
}

function NewCase({ catalogue, onDone, onCancel }: { catalogue: Catalogue; onDone: (id: string) => void; onCancel: () => void }) {
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const source = (Form.useWatch('source', form) as string | undefined) ?? 'manual';
  const partyKind = Form.useWatch('partyKind', form) as string | undefined;
  const orgs = useApi<{ items: Array<{ id: string; name: string }> }>(source !== 'finding' && partyKind && partyKind !== 'exam_site' ? `/api/organisations?kind=${partyKind}&page=1&pageSize=200` : null);
  const sites = useApi<{ items: Array<{ id: string; name: string }> }>(source !== 'finding' && partyKind === 'exam_site' ? '/api/exams/sites' : null);
  const findings = useApi<{ items: Array<{ id: string; description: string; targetName: string }> }>(source === 'finding' ? '/api/findings' : null);
  const reports = useApi<{ items: Array<{ id: string; subjectName: string; categoryLabel: string }> }>(source === 'report' ? '/api/public-reports?page=1&pageSize=100&mine=true' : null);
  const parties = (partyKind === 'exam_site' ? sites.data?.items : orgs.data?.items) ?? [];
  const submit = async (v: Record<string, string>) => {
    try {
      const body = Object.fromEntries(Object.entries({ source: v.source, sourceId: v.sourceId, partyKind: v.partyKind, partyId: v.partyId, violationCode: v.violationCode, facts: v.facts, principalName: v.principalName }).filter(([, x]) => x));
      const res = await post<{ id: string }>('/api/cases', body);
      onDone(res.id);
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    }
  };
  return (
    <Modal open width={720} title="立案" okText="立案" cancelText="取消" onOk={() => form.submit()} onCancel={onCancel}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ source: 'manual' }}>
        <Form.Item name="source" label="案件来源">
          <Select onChange={() => form.setFieldsValue({ sourceId: undefined })} options={[{ value: 'manual', label: '直接立案' }, { value: 'finding', label: '检查发现的问题' }, { value: 'report', label: '群众举报（本单位承办）' }]} />
        </Form.Item>
        {source === 'finding' && (
          <Form.Item name="sourceId" label="检查问题" rules={[{ required: true, message: '请选择检查问题' }]}>
            <Select showSearch optionFilterProp="label" options={(findings.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.targetName}：${f.description}` }))} />
          </Form.Item>
        )}
        {source === 'report' && (
          <Form.Item name="sourceId" label="举报" rules={[{ required: true, message: '请选择举报' }]}>
            <Select showSearch optionFilterProp="label" options={(reports.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.categoryLabel}：${r.subjectName}` }))} />
          </Form.Item>
        )}
        <Form.Item name="partyKind" label="当事单位类型" rules={[{ required: source !== 'finding', message: '请选择' }]} extra={source === 'finding' ? '由检查问题确定当事单位' : undefined}>
          <Select allowClear options={Object.entries(catalogue.partyKinds).map(([value, label]) => ({ value, label }))} onChange={() => form.setFieldsValue({ partyId: undefined, violationCode: undefined })} />
        </Form.Item>
        {source !== 'finding' && (
          <Form.Item name="partyId" label="当事单位" rules={[{ required: true, message: '请选择当事单位' }]}>
            <Select showSearch optionFilterProp="label" options={parties.map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
        )}
        <Form.Item name="violationCode" label="违法行为（目录）" rules={[{ required: true, message: '请选择违法行为' }]}>
          <Select showSearch optionFilterProp="label" options={catalogue.items.filter((v) => !partyKind || v.party === partyKind).map((v) => ({ value: v.code, label: `${v.code} ${v.title}` }))} />
        </Form.Item>
        {partyKind === 'employer' && <Form.Item name="principalName" label="主要负责人（一案双罚）" rules={[{ max: 30 }]}><Input /></Form.Item>}
        <Form.Item name="facts" label="违法事实" rules={[{ required: true, message: '请写明违法事实' }, { max: 5000 }]}><Input.TextArea rows={4} /></Form.Item>
      </Form>
    </Modal>
  );
}

export default function CasesPage() {
  const navigate = useNavigate();
  const [status, setStatus] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const cases = useApi<{ items: CaseRow[] }>(`/api/cases${status ? `?status=${status}` : ''}`);
  const catalogue = useApi<Catalogue>('/api/violations');
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>案件办理</Typography.Title>
      {cases.error && <ProblemAlert error={cases.error} />}
      <Tabs items={[
        {
          key: 'cases', label: '执法案件',
          children: (
            <Flex vertical gap={12}>
              <Flex gap={12}>
                <Select allowClear placeholder="全部状态" style={{ width: 180 }} value={status} onChange={setStatus} options={[{ value: 'proposed', label: '建议立案' }, { value: 'open', label: '已立案' }, { value: 'decided', label: '已作出处罚决定' }, { value: 'dismissed', label: '不予立案／撤销' }]} />
                <Button type="primary" disabled={!catalogue.data} onClick={() => setCreating(true)}>立案</Button>
              </Flex>
              <Table<CaseRow> rowKey="id" size="middle" loading={cases.loading} dataSource={cases.data?.items} onRow={(r) => ({ onClick: () => navigate(`/supervision/cases/${r.id}`), style: { cursor: 'pointer' } })}
                columns={[
                  { title: '案号', dataIndex: 'caseNo', width: 170 },
                  { title: '状态', dataIndex: 'statusLabel', width: 130, render: (l: string, r) => <Tag color={STATUS_COLORS[r.status]}>{l}</Tag> },
                  { title: '当事单位', key: 'party', render: (_: unknown, r) => <>{r.partyName} <Typography.Text type="secondary">{r.partyKindLabel}</Typography.Text>{r.principalName && <div>主要负责人：{r.principalName}</div>}</> },
                  { title: '违法行为', key: 'v', render: (_: unknown, r) => (r.violation ? `${r.violation.code} ${r.violation.title}` : '—') },
                  { title: '来源', dataIndex: 'sourceLabel', width: 150 },
                  { title: '地区', dataIndex: 'regionName', width: 160 },
                  { title: '立案时间', dataIndex: 'createdAt', width: 150, render: fmtDateTime },
                ]} />
            </Flex>
          ),
        },
        { key: 'catalogue', label: '违法行为目录', children: catalogue.data ? <Flex vertical gap={8}><Typography.Text type="secondary">目录版本 {catalogue.data.version} · 共 {catalogue.data.items.length} 项（培训机构、考试机构、生产经营单位三类主体）</Typography.Text><CatalogueTable data={catalogue.data} /></Flex> : null },
      ]} />
      {creating && catalogue.data && <NewCase catalogue={catalogue.data} onCancel={() => setCreating(false)} onDone={(id) => navigate(`/supervision/cases/${id}`)} />}
    </Flex>
  );
}
