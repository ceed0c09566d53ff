// 案件详情 (SUP-4): party, evidence, the catalogue's violation with its allowed sanctions, the decision
// form (fines only within range), the sanctions in force with their lifting, and every step.
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Image,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router-dom';
import { post } from '../../api';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, applyFieldErrors, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { STATUS_COLORS, type Catalogue, type Violation } from './CasesPage';

interface Sanction {
  id: string;
  kind: string;
  kindLabel: string;
  fineYuan: number | null;
  principalFineYuan: number | null;
  startsOn: string;
  endsOn: string | null;
  liftedAt: string | null;
  liftNote: string | null;
  liftable: boolean;
  inForce: boolean | null;
}
interface CaseDetail {
  id: string;
  caseNo: string;
  status: string;
  statusLabel: string;
  sourceLabel: string;
  partyKind: string;
  partyKindLabel: string;
  partyId: string;
  partyName: string;
  principalName: string | null;
  regionName: string;
  violation: Violation | null;
  facts: string;
  evidence: Array<{ kind: string; ref: string; label: string }>;
  steps: Array<{ step: string; at: string; by: string | null; note: string | null }>;
  decision: {
    sanctions: string[];
    fineYuan: number | null;
    principalFineYuan: number | null;
    suspendMonths: number | null;
    reasoning: string;
    legalBasis: string;
    catalogueVersion: string;
  } | null;
  sanctions: Sanction[];
  publishedAt: string | null;
}
const STEP_LABELS: Record<string, string> = {
  proposed: '建议立案',
  opened: '立案',
  dismissed: '不予立案／撤销',
  decided: '作出处罚决定',
  lifted: '解除处罚措施',
  published: '行政处罚信息公示',
};

/** The evidence of the file: on-site photos as pictures, the finding or report as a link to it. */
function Evidence({ items }: { items: CaseDetail['evidence'] }) {
  if (!items.length) return <>—</>;
  const photos = items.filter((e) => e.kind === 'photo');
  return (
    <Flex vertical gap={6}>
      {items
        .filter((e) => e.kind !== 'photo')
        .map((e) => (
          <div key={e.ref}>
            {e.kind === 'finding' ? (
              <Link to="/supervision/inspections">{e.label}</Link>
            ) : e.kind === 'report' ? (
              <Link to="/supervision/reports">{e.label}</Link>
            ) : (
              e.label
            )}
          </div>
        ))}
      {photos.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap>
            {photos.map((e) => (
              <Image key={e.ref} width={96} height={72} style={{ objectFit: 'cover' }} src={e.ref} alt={e.label} />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
    </Flex>
  );
}

function DecisionForm({ c, catalogue, onDone }: { c: CaseDetail; catalogue: Catalogue; onDone: () => void }) {
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const v = c.violation!;
  const chosen = (Form.useWatch('sanctions', form) as string[] | undefined) ?? [];
  const staff = useApi<{ items: Array<{ id: string; name: string; revoked: boolean }> }>(
    chosen.includes('revoke_examiner') ? `/api/cases/${c.id}/examiners` : null,
  );
  const submit = async (values: Record<string, unknown>) => {
    try {
      await post(
        `/api/cases/${c.id}/decision`,
        Object.fromEntries(Object.entries(values).filter(([, x]) => x !== undefined && x !== null && x !== '')),
      );
      onDone();
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    }
  };
  return (
    <Card title="作出处罚决定" size="small">
      <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 640 }}>
        <Form.Item
          name="sanctions"
          label="处理措施（仅限目录规定）"
          rules={[{ required: true, message: '请选择处理措施' }]}
        >
          <Select mode="multiple" options={v.sanctions.map((s) => ({ value: s, label: catalogue.sanctionKinds[s] }))} />
        </Form.Item>
        {chosen.includes('fine') && v.fine && (
          <Form.Item
            name="fineYuan"
            label={`对单位罚款（元，${Math.max(1, v.fine.min)}–${v.fine.max}）`}
            rules={[{ required: true, message: '请填写罚款金额' }]}
          >
            <InputNumber min={0} style={{ width: 240 }} />
          </Form.Item>
        )}
        {chosen.includes('fine') && v.principalFine && (
          <>
            <Form.Item
              name="principalFineYuan"
              label={`对主要负责人罚款（元，${v.principalFine.min}–${v.principalFine.max}，一案双罚）`}
            >
              <InputNumber min={0} style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name="principalName" label="主要负责人" initialValue={c.principalName ?? undefined}>
              <Input style={{ width: 240 }} />
            </Form.Item>
          </>
        )}
        {chosen.includes('suspend') && (
          <Form.Item
            name="suspendMonths"
            label={`暂停期限（月，最长 ${v.maxSuspendMonths}）`}
            rules={[{ required: true, message: '请填写暂停期限' }]}
          >
            <InputNumber min={1} max={v.maxSuspendMonths} style={{ width: 240 }} />
          </Form.Item>
        )}
        {chosen.includes('revoke_examiner') && (
          <Form.Item
            name="examinerStaffId"
            label="取消资格的考评员"
            rules={[{ required: true, message: '请选择考评员' }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={(staff.data?.items ?? []).filter((s) => !s.revoked).map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="reasoning" label="处罚理由" rules={[{ required: true, message: '请写明理由' }, { max: 5000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Typography.Paragraph type="secondary">法律依据：{v.legalBasis}</Typography.Paragraph>
        <Button type="primary" htmlType="submit">
          作出决定
        </Button>
      </Form>
    </Card>
  );
}

export default function CasePage() {
  const { id } = useParams();
  const { modal, message } = App.useApp();
  const showProblem = useProblem();
  const { data: c, error, reload } = useApi<CaseDetail>(`/api/cases/${id}`);
  const catalogue = useApi<Catalogue>('/api/violations');
  const [lifting, setLifting] = useState<Sanction | null>(null);
  const [liftNote, setLiftNote] = useState('');
  const act = (action: 'open' | 'dismiss') => {
    let note = '';
    modal.confirm({
      title: action === 'open' ? '立案' : '不予立案／撤销',
      content: (
        <Input.TextArea
          rows={3}
          placeholder={action === 'open' ? '说明（可选）' : '理由（必填）'}
          onChange={(e) => {
            note = e.target.value;
          }}
        />
      ),
      onOk: async () => {
        try {
          await post(`/api/cases/${id}/act`, { action, ...(note ? { note } : {}) });
          reload();
        } catch (err) {
          showProblem(err);
          throw err;
        }
      },
    });
  };
  const lift = async () => {
    try {
      await post(`/api/sanctions/${lifting!.id}/lift`, { note: liftNote });
      message.success('已解除，相关业务已恢复');
      setLifting(null);
      setLiftNote('');
      reload();
    } catch (err) {
      showProblem(err);
    }
  };
  // SUP-7: 行政处罚信息公示 — once, after the decision; the public page masks the principal's name.
  const publish = () =>
    modal.confirm({
      title: '公示处罚决定',
      content:
        '公示后，案号、当事单位、违法行为、法律依据、处罚措施与罚款金额将在“行政处罚信息公示”页面公开（主要负责人姓名隐去部分），且不能撤回。',
      okText: '公示',
      cancelText: '取消',
      onOk: async () => {
        try {
          await post(`/api/cases/${id}/publish`);
          message.success('已公示');
          reload();
        } catch (err) {
          showProblem(err);
          throw err;
        }
      },
    });
  if (error) return <ProblemAlert error={error} />;
  if (!c) return null;
  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {c.caseNo}
        </Typography.Title>
        <Tag color={STATUS_COLORS[c.status]}>{c.statusLabel}</Tag>
        {c.status === 'proposed' && (
          <Button type="primary" onClick={() => act('open')}>
            立案
          </Button>
        )}
        {(c.status === 'proposed' || c.status === 'open') && (
          <Button onClick={() => act('dismiss')}>不予立案／撤销</Button>
        )}
        {c.publishedAt && <Tag color="purple">已公示 {fmtDateTime(c.publishedAt)}</Tag>}
        {c.status === 'decided' && !c.publishedAt && <Button onClick={publish}>公示处罚决定</Button>}
      </Flex>
      <Descriptions
        bordered
        size="small"
        column={2}
        items={[
          { key: 'party', label: '当事单位', children: `${c.partyName}（${c.partyKindLabel}）` },
          { key: 'principal', label: '主要负责人', children: c.principalName ?? '—' },
          { key: 'region', label: '地区', children: c.regionName },
          { key: 'source', label: '案件来源', children: c.sourceLabel },
          {
            key: 'violation',
            label: '违法行为',
            span: 2,
            children: c.violation ? `${c.violation.code} ${c.violation.title}` : '—',
          },
          { key: 'basis', label: '法律依据', span: 2, children: c.violation?.legalBasis ?? '—' },
          { key: 'facts', label: '违法事实', span: 2, children: c.facts },
          { key: 'evidence', label: '证据', span: 2, children: <Evidence items={c.evidence} /> },
        ]}
      />
      {c.status === 'open' && c.violation && catalogue.data && (
        <DecisionForm c={c} catalogue={catalogue.data} onDone={reload} />
      )}
      {c.decision && (
        <Card title="处罚决定" size="small">
          <Typography.Paragraph>理由：{c.decision.reasoning}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            依据：{c.decision.legalBasis}（违法行为目录 {c.decision.catalogueVersion} 版）
          </Typography.Paragraph>
          <Table<Sanction>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={c.sanctions}
            columns={[
              { title: '措施', dataIndex: 'kindLabel' },
              {
                title: '金额',
                key: 'fine',
                render: (_: unknown, s) =>
                  s.fineYuan
                    ? `单位 ${s.fineYuan.toLocaleString('zh-CN')} 元${s.principalFineYuan ? `；主要负责人 ${s.principalFineYuan.toLocaleString('zh-CN')} 元` : ''}`
                    : '—',
              },
              {
                title: '期间',
                key: 'period',
                render: (_: unknown, s) => (s.endsOn ? `${s.startsOn} 至 ${s.endsOn}` : `自 ${s.startsOn}`),
              },
              {
                title: '状态',
                key: 'state',
                render: (_: unknown, s) =>
                  s.liftedAt ? (
                    <Tag>已解除：{s.liftNote}</Tag>
                  ) : s.inForce === null ? (
                    <Tag>已执行</Tag>
                  ) : s.inForce ? (
                    <Tag color="red">执行中</Tag>
                  ) : (
                    <Tag>期满</Tag>
                  ),
              },
              {
                title: '',
                key: 'lift',
                render: (_: unknown, s) =>
                  s.liftable ? (
                    <Button size="small" onClick={() => setLifting(s)}>
                      解除
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Card>
      )}
      <Card title="办理记录" size="small">
        <Timeline
          items={c.steps.map((s) => ({
            children: (
              <>
                {fmtDateTime(s.at)} {STEP_LABELS[s.step] ?? s.step}
                {s.by ? ` · ${s.by}` : ' · 系统'}
                {s.note ? ` · ${s.note}` : ''}
              </>
            ),
          }))}
        />
      </Card>
      <Modal
        open={!!lifting}
        title={`解除：${lifting?.kindLabel ?? ''}`}
        okText="解除"
        cancelText="取消"
        onOk={lift}
        onCancel={() => setLifting(null)}
      >
        <Alert
          type="info"
          showIcon
          message="解除后，当事单位恢复相应业务（开班、安排考试、列入公开名单、担任考评）。"
          style={{ marginBottom: 12 }}
        />
        <Input.TextArea
          rows={3}
          placeholder="解除理由"
          value={liftNote}
          onChange={(e) => setLiftNote(e.target.value)}
        />
      </Modal>
    </Flex>
  );
}
