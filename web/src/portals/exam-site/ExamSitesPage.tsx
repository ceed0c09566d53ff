// 考试点 (EXM-1, EXM-2, EXM-9, EXM-11): the exam centre applies for sites with rooms, stations (real or
// simulator) and items; the city reviews and accepts, the province files (tab 设立与变更申请); the
// regulator records findings; everyone sees each site's computed standing and filing number.
import { useState } from 'react';
import {
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  message,
} from 'antd';
import SiteApplications from './SiteApplications';
import { post } from '../../api';
import { useSession } from '../../app/auth';
import { OperationItemSelect } from '../../shared/catalog';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDate } from '../../shared/format';

interface Station {
  name: string;
  itemCodes: string[];
  real: boolean;
  ownerCreditCode?: string;
  ownerName?: string;
}
export interface Site {
  id: string;
  name: string;
  address: string;
  regionName: string;
  seats: number;
  rooms: Array<{ name: string; seats: number }>;
  operatorOrgId: string | null;
  stations: Station[];
  itemCodes: string[];
  acceptedAt: string | null;
  filedAt: string | null;
  filingNumber: string | null;
  centreLevel: 'province' | 'city' | null;
  lastExamAt: string | null;
  standing: {
    status: 'pending_acceptance' | 'pending_filing' | 'active' | 'proposed_for_cancellation';
    reasons: string[];
  };
  /** EXM-5: person–certificate mismatches recorded at the site's door. */
  doorMismatches?: number;
  /** SUP-4: the sanction in force (suspended until a day, or cancelled), with its case number. */
  sanction?: { text: string; ref: string | null } | null;
}

const STANDING = {
  pending_acceptance: <Tag color="orange">待市级审核</Tag>,
  pending_filing: <Tag color="blue">待省级备案</Tag>,
  active: <Tag color="green">正常</Tag>,
  proposed_for_cancellation: <Tag color="red">建议撤销</Tag>,
};

export default function ExamSitesPage() {
  const { user } = useSession();
  const isCentre = user.org?.kind === 'exam_centre';
  const isRegulator = user.org?.kind === 'regulator';
  const { data, error, loading, reload } = useApi<{ items: Site[]; checklist: Array<{ code: string; label: string }> }>(
    '/api/exams/sites',
  );
  const [changing, setChanging] = useState<Site | null>(null);
  const showProblem = useProblem();

  const finding = (site: Site, kind: 'facilities_failed' | 'cheating_confirmed') =>
    Modal.confirm({
      title: kind === 'facilities_failed' ? '记录设施检查不合格' : '记录查实大面积舞弊',
      content: `考试点「${site.name}」将被列为建议撤销。`,
      onOk: () => post(`/api/exams/sites/${site.id}/findings`, { finding: kind }).then(reload, showProblem),
    });

  return (
    <Card title="考试点" extra={isCentre && <CreateSiteButton onCreated={reload} />}>
      {error && <ProblemAlert error={error} />}
      <Tabs
        items={[
          {
            key: 'sites',
            label: '考试点名录',
            children: (
              <Table<Site>
                rowKey="id"
                loading={loading}
                dataSource={data?.items}
                pagination={false}
                expandable={{
                  expandedRowRender: (s) => (
                    <Space direction="vertical">
                      {s.stations.map((st) => (
                        <span key={st.name}>
                          {st.name}：{st.itemCodes.join('、')}{' '}
                          {st.real ? <Tag color="blue">实物设备</Tag> : <Tag>模拟设备</Tag>}
                          {st.ownerCreditCode ? (
                            <Tag>
                              权属：{st.ownerName ?? ''}（{st.ownerCreditCode}）
                            </Tag>
                          ) : null}
                        </span>
                      ))}
                    </Space>
                  ),
                }}
                columns={[
                  { title: '名称', dataIndex: 'name' },
                  { title: '地区', dataIndex: 'regionName' },
                  { title: '地址', dataIndex: 'address' },
                  { title: '座位', dataIndex: 'seats', width: 70 },
                  { title: '考试项目', dataIndex: 'itemCodes', render: (c: string[]) => c.join('、') },
                  { title: '市级验收', dataIndex: 'acceptedAt', render: fmtDate },
                  { title: '备案编号', dataIndex: 'filingNumber', render: (n: string | null) => n ?? '—' },
                  { title: '最近考试', dataIndex: 'lastExamAt', render: fmtDate },
                  {
                    title: '人证不符',
                    dataIndex: 'doorMismatches',
                    width: 80,
                    render: (n?: number) => (n ? <Tag color="red">{n} 起</Tag> : '0'),
                  },
                  {
                    title: '状态',
                    render: (_, s) => (
                      <>
                        {STANDING[s.standing.status]}
                        {s.sanction && (
                          <Tag color="red">
                            {s.sanction.text}
                            {s.sanction.ref ? `（${s.sanction.ref}）` : ''}
                          </Tag>
                        )}
                        <Typography.Text type="secondary">{s.standing.reasons.join('；')}</Typography.Text>
                      </>
                    ),
                  },
                  ...(isCentre
                    ? [
                        {
                          title: '操作',
                          render: (_: unknown, s: Site) =>
                            s.filedAt ? (
                              <Button size="small" onClick={() => setChanging(s)}>
                                申请变更
                              </Button>
                            ) : null,
                        },
                      ]
                    : []),
                  ...(isRegulator
                    ? [
                        {
                          title: '操作',
                          render: (_: unknown, s: Site) => (
                            <Space>
                              <Button size="small" onClick={() => finding(s, 'facilities_failed')}>
                                设施不合格
                              </Button>
                              <Button size="small" danger onClick={() => finding(s, 'cheating_confirmed')}>
                                查实舞弊
                              </Button>
                            </Space>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            ),
          },
          {
            key: 'applications',
            label: isCentre ? '设立与变更申请' : '审核与备案',
            children: <SiteApplications onChanged={reload} />,
          },
        ]}
      />
      {changing && (
        <SiteFormModal
          title={`申请变更：${changing.name}`}
          site={changing}
          onClose={() => setChanging(null)}
          onDone={() => {
            setChanging(null);
            reload();
          }}
        />
      )}
    </Card>
  );
}

function CreateSiteButton({ onCreated }: { onCreated: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        申请设立考试点
      </Button>
      {open && (
        <SiteFormModal
          title="申请设立考试点"
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            onCreated();
          }}
        />
      )}
    </>
  );
}

/** EXM-1: the centre's application form — a new site, or a change of a filed one (its county stays). */
function SiteFormModal({
  title,
  site,
  onClose,
  onDone,
}: {
  title: string;
  site?: Site;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const stations = (v.stations as Station[]).map(({ ownerCreditCode, ownerName, ...s }) => ({
        ...s,
        ...(ownerCreditCode?.trim() ? { ownerCreditCode: ownerCreditCode.trim(), ownerName: ownerName?.trim() } : {}),
      }));
      const body = { ...v, stations, itemCodes: [...new Set(stations.flatMap((s) => s.itemCodes))] };
      if (site) await post(`/api/exams/sites/${site.id}/applications`, { ...body, operatorOrgId: site.operatorOrgId });
      else await post('/api/exams/sites', body);
      message.success(
        site
          ? '变更申请已提交，待市级审核验收、省级备案；备案前按原备案内容使用'
          : '申请已提交，待市级审核验收、省级备案',
      );
      onDone();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Modal open width={760} title={title} okText="提交申请" cancelText="取消" onOk={submit} onCancel={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={
          site
            ? { name: site.name, address: site.address, rooms: site.rooms, stations: site.stations }
            : { rooms: [{ name: '理论考场一', seats: 30 }], stations: [{ name: '', itemCodes: [], real: true }] }
        }
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, min: 2 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="address" label="地址" rules={[{ required: true, min: 4 }]}>
          <Input maxLength={200} />
        </Form.Item>
        {!site && (
          <Form.Item name="regionCode" label="区县代码" rules={[{ required: true, pattern: /^\d{6}$/ }]}>
            <Input maxLength={6} placeholder="如 510107" />
          </Form.Item>
        )}
        <Form.List name="rooms">
          {(fields, { add }) => (
            <Flex vertical gap={4}>
              {fields.map((f) => (
                <Space key={f.key}>
                  <Form.Item name={[f.name, 'name']} label="考场" rules={[{ required: true }]}>
                    <Input maxLength={50} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'seats']} label="座位" rules={[{ required: true }]}>
                    <InputNumber min={1} max={1000} />
                  </Form.Item>
                </Space>
              ))}
              <Button onClick={() => add({ name: '', seats: 30 })}>添加考场</Button>
            </Flex>
          )}
        </Form.List>
        <Form.List name="stations">
          {(fields, { add }) => (
            <Flex vertical gap={4} style={{ marginTop: 12 }}>
              {fields.map((f) => (
                <Space key={f.key} align="start">
                  <Form.Item name={[f.name, 'name']} label="实操工位" rules={[{ required: true }]}>
                    <Input maxLength={50} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'itemCodes', 0]} label="项目" rules={[{ required: true }]}>
                    <OperationItemSelect />
                  </Form.Item>
                  <Form.Item name={[f.name, 'real']} label="实物设备" valuePropName="checked">
                    <Switch />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'ownerCreditCode']}
                    label="设备权属单位信用代码"
                    tooltip="设备租用或借用时填写；属于培训机构的设备不能用于考试（考培分离）"
                  >
                    <Input maxLength={18} placeholder="自有设备不填" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'ownerName']} label="权属单位名称">
                    <Input maxLength={100} />
                  </Form.Item>
                </Space>
              ))}
              <Button onClick={() => add({ name: '', itemCodes: [], real: true })}>添加工位</Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
