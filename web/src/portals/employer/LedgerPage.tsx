// 特种作业人员台账 (EMP-3): everyone the employer puts on special operations, with the 15-day filing
// (EMP-2) and the kind of employment (REG-4); hire, file, end, export. Regulators read the same table
// for their jurisdiction from the supervision page.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { ApiError, post, query } from '../../api';
import { OperationItemSelect } from '../../shared/catalog';
import { ProblemAlert, RuleTag, applyFieldErrors, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { idNumberProblem } from '../../shared/validators';
import {
  ALERT_COLORS,
  ALERT_OPTIONS,
  FILING_COLORS,
  FILING_OPTIONS,
  KIND_OPTIONS,
  type CertificateAlert,
  type Employment,
} from './types';

interface Filters {
  alert?: string;
  q?: string;
  kind?: string;
  itemCode?: string;
  filing?: string;
  includeEnded?: boolean;
}

export function EmploymentTable({
  data,
  loading,
  page,
  onPage,
  actions,
  showEmployer,
  selection,
}: {
  data?: { items: Employment[]; total: number };
  loading: boolean;
  page: number;
  onPage: (p: number) => void;
  actions?: (e: Employment) => React.ReactNode;
  showEmployer?: boolean;
  /** Rows that can be chosen for a batch action (the others show a disabled box). */
  selection?: {
    selected: Employment[];
    onChange: (rows: Employment[]) => void;
    selectable: (e: Employment) => boolean;
  };
}) {
  return (
    <Table<Employment>
      rowKey="id"
      size="small"
      loading={loading}
      rowSelection={
        selection && {
          selectedRowKeys: selection.selected.map((e) => e.id),
          onChange: (_keys, rows) => selection.onChange(rows),
          getCheckboxProps: (e) => ({ disabled: !selection.selectable(e) }),
          preserveSelectedRowKeys: true,
        }
      }
      dataSource={data?.items}
      pagination={{
        current: page,
        pageSize: 20,
        total: data?.total,
        onChange: onPage,
        showTotal: (t) => `共 ${t} 人`,
        showSizeChanger: false,
      }}
      columns={[
        {
          title: '姓名',
          dataIndex: 'workerName',
          render: (v: string, e) => <Link to={`/workers/${e.workerId}`}>{v}</Link>,
        },
        { title: '身份证号', dataIndex: 'idNumberMasked' },
        ...(showEmployer ? [{ title: '生产经营单位', dataIndex: 'employerName' }] : []),
        {
          title: '用工形式',
          dataIndex: 'kindLabel',
          render: (v: string, e) =>
            e.providerName ? (
              <>
                {v}
                <br />
                <Typography.Text type="secondary">{e.providerName}</Typography.Text>
              </>
            ) : (
              v
            ),
        },
        {
          title: '作业项目与证书',
          dataIndex: 'items',
          render: (items: Employment['items'], e) => (
            <Space direction="vertical" size={2}>
              {items.map((i) => (
                <span key={i.code}>
                  <Tag>
                    {i.code} {i.name}
                  </Tag>
                  {!e.endedOn && i.alert && <Tag color={ALERT_COLORS[i.alert]}>{i.alertLabel}</Tag>}
                  {i.certificate && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      有效期至 {i.certificate.validUntil}
                      {i.certificate.nextReviewDue ? `，复审 ${i.certificate.nextReviewDue}` : ''}
                    </Typography.Text>
                  )}
                </span>
              ))}
            </Space>
          ),
        },
        { title: '聘用日期', dataIndex: 'hiredOn' },
        {
          title: '聘用备案',
          dataIndex: 'filingStatus',
          render: (_: string, e) => (
            <Space direction="vertical" size={0}>
              <Tag color={FILING_COLORS[e.filingStatus]}>{e.filingStatusLabel}</Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.filedOn
                  ? `备案于 ${e.filedOn}`
                  : e.daysUntilFilingDue! >= 0
                    ? `${e.filingDueOn} 前（剩 ${e.daysUntilFilingDue} 天）`
                    : `期限 ${e.filingDueOn}，已逾期 ${-e.daysUntilFilingDue!} 天`}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: '状态',
          dataIndex: 'endedOn',
          render: (v: string | null, e) =>
            v ? (
              <Typography.Text type="secondary">
                已于 {v} 解除（{e.endReason}）
              </Typography.Text>
            ) : (
              <Tag color="green">在岗</Tag>
            ),
        },
        ...(actions ? [{ title: '操作', key: 'actions', render: (_: unknown, e: Employment) => actions(e) }] : []),
      ]}
    />
  );
}

export default function LedgerPage() {
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const path = `/api/employments${query({ ...filters, includeEnded: filters.includeEnded ? 'true' : undefined, page, pageSize: 20 })}`;
  const ledger = useApi<{ items: Employment[]; total: number }>(path);
  const overdue = useApi<{ total: number }>('/api/employments?filing=overdue&pageSize=1');
  const alerts = useApi<{ counts: Record<CertificateAlert, number>; labels: Record<CertificateAlert, string> }>(
    '/api/employments/alerts',
  );
  const spotFailures = useApi<{ items: unknown[] }>('/api/my-spot-exam-failures');
  const sanction = useApi<{ sanction: { state: string; until: string | null; ref: string | null } | null }>(
    '/api/employer/sanction',
  );
  const suspended = sanction.data?.sanction;
  const [hiring, setHiring] = useState(false);
  const [ending, setEnding] = useState<Employment | null>(null);
  const [assigning, setAssigning] = useState<Employment | null>(null);
  const { message, modal } = App.useApp();
  const showProblem = useProblem();
  const reload = () => {
    ledger.reload();
    overdue.reload();
    alerts.reload();
  };
  const alertCounts = ALERT_OPTIONS.filter((o) => (alerts.data?.counts[o.value] ?? 0) > 0);

  const [selected, setSelected] = useState<Employment[]>([]);
  const [filing, setFiling] = useState(false);
  /** EMP-2 for the chosen rows: each filed on its own; the refused ones are named. */
  const fileSelected = async () => {
    setFiling(true);
    try {
      const r = await post<{
        filed: number;
        refused: number;
        results: Array<{ id: string; ok: boolean; detail?: string }>;
      }>('/api/employments/batch-file', { ids: selected.map((e) => e.id) });
      if (r.refused) {
        const name = (id: string) => selected.find((e) => e.id === id)?.workerName ?? id;
        modal.warning({
          title: `已备案 ${r.filed} 人，${r.refused} 人未备案`,
          content: (
            <ul>
              {r.results
                .filter((x) => !x.ok)
                .map((x) => (
                  <li key={x.id}>
                    {name(x.id)}：{x.detail}
                  </li>
                ))}
            </ul>
          ),
        });
      } else message.success(`已为 ${r.filed} 人办理聘用备案`);
      setSelected([]);
      reload();
    } catch (err) {
      showProblem(err);
    } finally {
      setFiling(false);
    }
  };

  const file = async (e: Employment) => {
    try {
      const r = await post<Employment>(`/api/employments/${e.id}/file`);
      message.success(
        r.filingStatus === 'filed_late' ? `${e.workerName} 已备案（逾期备案）` : `${e.workerName} 已备案`,
      );
      reload();
    } catch (err) {
      showProblem(err);
    }
  };

  const exportHref = `/api/employments/export.xlsx${query({ ...filters, includeEnded: filters.includeEnded ? 'true' : undefined })}`;
  return (
    <Flex vertical gap={16}>
      {suspended && (
        <Alert
          type="error"
          showIcon
          data-testid="suspension-banner"
          title={`本单位被责令停产停业整顿${suspended.until ? `，至 ${suspended.until}` : ''}`}
          description={
            <>
              处罚决定 {suspended.ref ?? ''}：整顿期间不能新聘特种作业人员，也不能安排人员从事特种作业{' '}
              <RuleTag rule="SUP-4" />
              。期满或解除后自动恢复。
            </>
          }
        />
      )}
      {!!spotFailures.data?.items.length && (
        <Alert
          type="error"
          showIcon
          title={`${spotFailures.data.items.length} 人次在监督检查现场抽考中不合格`}
          description={
            <>
              逢查必考不合格人员应停止作业、重新培训 <RuleTag rule="SUP-3" />
            </>
          }
          action={
            <Link to="/employer/spot-exams">
              <Button size="small">查看名单</Button>
            </Link>
          }
        />
      )}
      {!!overdue.data?.total && (
        <Alert
          type="error"
          showIcon
          title={`${overdue.data.total} 人聘用已超过 15 日仍未备案`}
          description={
            <>
              聘用之日起 15 日内须在平台办理聘用备案 <RuleTag rule="EMP-2" />
              ；请尽快备案。
            </>
          }
          action={
            <Button
              size="small"
              onClick={() => {
                setFilters({ filing: 'overdue' });
                setPage(1);
              }}
            >
              只看逾期
            </Button>
          }
        />
      )}
      {alertCounts.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={
            <>
              证书预警 <RuleTag rule="EMP-3" />
            </>
          }
          description={
            <Space wrap>
              {alertCounts.map((o) => (
                <Button
                  key={o.value}
                  size="small"
                  onClick={() => {
                    setFilters({ alert: o.value });
                    setPage(1);
                  }}
                >
                  <Tag color={ALERT_COLORS[o.value]} style={{ marginInlineEnd: 0 }}>
                    {o.label}
                  </Tag>{' '}
                  {alerts.data!.counts[o.value]} 人
                </Button>
              ))}
            </Space>
          }
        />
      )}
      <Card
        title="特种作业人员台账"
        extra={
          <Space>
            <Link to="/employer/ledger/checks">
              <Button>证书核验</Button>
            </Link>
            <Button
              type="primary"
              disabled={!!suspended}
              title={suspended ? '停产停业整顿期间不能新聘特种作业人员' : undefined}
              onClick={() => setHiring(true)}
            >
              录入人员
            </Button>
            <Link to="/employer/ledger/import">
              <Button>批量导入</Button>
            </Link>
            <Button href={exportHref}>导出 Excel</Button>
          </Space>
        }
      >
        <Form
          layout="inline"
          style={{ marginBottom: 12, rowGap: 8 }}
          onValuesChange={(_, all: Filters) => {
            setFilters(all);
            setPage(1);
          }}
          initialValues={filters}
          key={JSON.stringify(filters)}
        >
          <Form.Item name="q">
            <Input.Search allowClear placeholder="姓名" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="kind">
            <Select allowClear placeholder="用工形式" options={KIND_OPTIONS} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="itemCode">
            <OperationItemSelect placeholder="作业项目" />
          </Form.Item>
          <Form.Item name="filing">
            <Select allowClear placeholder="备案状态" options={FILING_OPTIONS} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="alert">
            <Select allowClear placeholder="证书预警" options={ALERT_OPTIONS} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="includeEnded" valuePropName="checked">
            <Checkbox>含已解除</Checkbox>
          </Form.Item>
        </Form>
        {ledger.error && <ProblemAlert error={ledger.error} />}
        {selected.length > 0 && (
          <Alert
            type="info"
            style={{ marginBottom: 12 }}
            title={
              <Space>
                已选 {selected.length} 人
                <Popconfirm
                  title={`为选中的 ${selected.length} 人办理聘用备案？`}
                  description="逐人办理；已备案或不属于本单位的将逐人说明。"
                  okText="备案"
                  cancelText="取消"
                  onConfirm={fileSelected}
                >
                  <Button type="primary" size="small" loading={filing}>
                    批量备案（{selected.length}）
                  </Button>
                </Popconfirm>
                <Button size="small" onClick={() => setSelected([])}>
                  取消选择
                </Button>
              </Space>
            }
          />
        )}
        <EmploymentTable
          data={ledger.data}
          loading={ledger.loading}
          page={page}
          onPage={setPage}
          selection={{ selected, onChange: setSelected, selectable: (e) => !e.filedOn && !e.endedOn }}
          actions={(e) =>
            e.endedOn ? null : (
              <Space>
                {!e.filedOn && (
                  <Popconfirm title={`为 ${e.workerName} 办理聘用备案？`} onConfirm={() => file(e)}>
                    <Button size="small" type="link">
                      备案
                    </Button>
                  </Popconfirm>
                )}
                <Button size="small" type="link" disabled={!!suspended} onClick={() => setAssigning(e)}>
                  增加项目
                </Button>
                <Button size="small" type="link" danger onClick={() => setEnding(e)}>
                  解除
                </Button>
              </Space>
            )
          }
        />
      </Card>
      <HireModal open={hiring} onClose={() => setHiring(false)} onHired={reload} />
      <EndModal employment={ending} onClose={() => setEnding(null)} onEnded={reload} />
      <AssignItemModal employment={assigning} onClose={() => setAssigning(null)} onAssigned={reload} />
    </Flex>
  );
}

interface HireValues {
  idNumber: string;
  kind: string;
  providerName?: string;
  itemCodes: string[];
  hiredOn: dayjs.Dayjs;
}

function HireModal({ open, onClose, onHired }: { open: boolean; onClose: () => void; onHired: () => void }) {
  const [form] = Form.useForm<HireValues>();
  const [busy, setBusy] = useState(false);
  const [unregistered, setUnregistered] = useState<ApiError | null>(null);
  const [uncertified, setUncertified] = useState<ApiError | null>(null);
  const kind = Form.useWatch('kind', form);
  const { message } = App.useApp();
  const showProblem = useProblem();

  const submit = async (v: HireValues) => {
    setBusy(true);
    setUnregistered(null);
    setUncertified(null);
    try {
      const e = await post<Employment>('/api/employments', {
        ...v,
        providerName: v.providerName || undefined,
        hiredOn: v.hiredOn.format('YYYY-MM-DD'),
      });
      message.success(`已录入 ${e.workerName}，请在 ${e.filingDueOn} 前完成聘用备案`);
      form.resetFields();
      onHired();
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.rule === 'REG-4' && err.body.registrationRequired) setUnregistered(err);
      else if (err instanceof ApiError && err.rule === 'EMP-1') setUncertified(err);
      else if (!applyFieldErrors(form, err)) showProblem(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title="录入特种作业人员"
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="录入"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={
          <>
            上岗前请先在「证书核验」中核验其特种作业操作证 <RuleTag rule="EMP-1" />
            ；录入后 15 日内须办理聘用备案 <RuleTag rule="EMP-2" />。
          </>
        }
      />
      {unregistered && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <>
              {unregistered.title} <RuleTag rule="REG-4" />
            </>
          }
          description={
            <>
              {unregistered.detail} <Link to="/workers/register">去登记</Link>
            </>
          }
        />
      )}
      {uncertified && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <>
              {uncertified.title} <RuleTag rule="EMP-1" />
            </>
          }
          description={uncertified.detail}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: 'own', hiredOn: dayjs(), itemCodes: [] }}
      >
        <Form.Item
          name="idNumber"
          label="身份证号"
          rules={[
            { required: true, message: '请输入身份证号' },
            {
              validator: (_, v) => {
                const p = v ? idNumberProblem(v) : null;
                return p ? Promise.reject(new Error(p)) : Promise.resolve();
              },
            },
          ]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="kind" label="用工形式" rules={[{ required: true }]}>
          <Select options={KIND_OPTIONS} />
        </Form.Item>
        {(kind === 'dispatched' || kind === 'outsourced') && (
          <Form.Item
            name="providerName"
            label={kind === 'dispatched' ? '劳务派遣单位' : '外包单位'}
            rules={[{ required: true, message: '请填写单位名称' }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        )}
        <Form.Item
          name="itemCodes"
          label="从事的作业项目"
          extra="须持该项目有效的特种作业操作证；待取证人员可暂不选择，取证后在台账中增加项目。"
        >
          <ItemMultiSelect />
        </Form.Item>
        <Form.Item name="hiredOn" label="聘用日期" rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ItemMultiSelect({ value, onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const [picked, setPicked] = useState<string | undefined>();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space.Compact>
        <OperationItemSelect value={picked} onChange={setPicked} />
        <Button
          onClick={() => {
            if (picked && !(value ?? []).includes(picked)) onChange?.([...(value ?? []), picked]);
            setPicked(undefined);
          }}
        >
          添加
        </Button>
      </Space.Compact>
      <div>
        {(value ?? []).map((c) => (
          <Tag key={c} closable onClose={() => onChange?.((value ?? []).filter((x) => x !== c))}>
            {c}
          </Tag>
        ))}
      </div>
    </Space>
  );
}

function EndModal({
  employment,
  onClose,
  onEnded,
}: {
  employment: Employment | null;
  onClose: () => void;
  onEnded: () => void;
}) {
  const [form] = Form.useForm<{ endedOn: dayjs.Dayjs; reason: string }>();
  const showProblem = useProblem();
  const submit = async (v: { endedOn: dayjs.Dayjs; reason: string }) => {
    try {
      await post(`/api/employments/${employment!.id}/end`, {
        endedOn: v.endedOn.format('YYYY-MM-DD'),
        reason: v.reason,
      });
      onEnded();
      onClose();
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    }
  };
  return (
    <Modal
      open={!!employment}
      title={`解除聘用：${employment?.workerName ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="解除"
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">解除后台账保留该记录（不删除），作为历史可查。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ endedOn: dayjs() }}>
        <Form.Item name="endedOn" label="解除日期" rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写原因' }]}>
          <Input maxLength={200} placeholder="如：合同到期、调离特种作业岗位" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** EMP-1: a further item for a worker already on the ledger, from today, once they hold its certificate. */
function AssignItemModal({
  employment,
  onClose,
  onAssigned,
}: {
  employment: Employment | null;
  onClose: () => void;
  onAssigned: () => void;
}) {
  const [form] = Form.useForm<{ itemCode: string }>();
  const [refused, setRefused] = useState<ApiError | null>(null);
  const { message } = App.useApp();
  const showProblem = useProblem();
  const submit = async (v: { itemCode: string }) => {
    setRefused(null);
    try {
      await post(`/api/employments/${employment!.id}/items`, v);
      message.success(`已为 ${employment!.workerName} 增加作业项目 ${v.itemCode}`);
      onAssigned();
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.rule === 'EMP-1') setRefused(err);
      else if (!applyFieldErrors(form, err)) showProblem(err);
    }
  };
  return (
    <Modal
      open={!!employment}
      title={`增加作业项目：${employment?.workerName ?? ''}`}
      onCancel={() => {
        setRefused(null);
        onClose();
      }}
      onOk={() => form.submit()}
      okText="增加"
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        自今日起安排从事该项目；须持该项目有效的特种作业操作证 <RuleTag rule="EMP-1" />。
      </Typography.Paragraph>
      {refused && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={refused.title} description={refused.detail} />
      )}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="itemCode" label="作业项目" rules={[{ required: true, message: '请选择作业项目' }]}>
          <OperationItemSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}
