// 省级设置: what the national rules leave to a province (syllabus hours, the catalogue's provincial
// details, practical standards, rating and risk weights, legal bases, working-day calendars, Order 30's
// exam time limit and place comparison level). One page
// per group; every setting shows the national value, the version in force and every version with its
// effective date. Only the province's own regulator edits; everyone else reads.
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { post } from '../../api';
import { useSession } from '../../app/auth';
import { ProblemAlert, RuleTag, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import type { Region } from '../../types';

type Kind =
  | 'syllabus_hours'
  | 'item_details'
  | 'practical_standard'
  | 'rating_weights'
  | 'risk_weights'
  | 'legal_bases'
  | 'calendar'
  | 'exam_within_days'
  | 'exam_place_level'
  | 'second_factor';

const GROUPS: Array<{ key: string; label: string; kinds: Kind[] }> = [
  { key: 'syllabus', label: '培训大纲学时', kinds: ['syllabus_hours'] },
  { key: 'catalogue', label: '目录省级细则', kinds: ['item_details'] },
  { key: 'practical', label: '实操考试科目与评分标准', kinds: ['practical_standard'] },
  { key: 'weights', label: '评级与风险权重', kinds: ['rating_weights', 'risk_weights'] },
  { key: 'legal', label: '处罚法律依据', kinds: ['legal_bases'] },
  { key: 'calendar', label: '工作日历', kinds: ['calendar'] },
  { key: 'exam', label: '考试时限与地点', kinds: ['exam_within_days', 'exam_place_level'] },
  { key: 'security', label: '账户安全', kinds: ['second_factor'] },
];

interface Version {
  id: string;
  key: string;
  value: unknown;
  effectiveFrom: string;
  note: string;
  recordedAt: string;
  recordedByName: string;
}
interface KeyRow {
  key: string;
  label: string;
  national: unknown;
  inForce: Version | null;
  versions: Version[];
}
interface KindPage {
  provinceCode: string;
  provinceName: string;
  kind: Kind;
  label: string;
  rule: string;
  editable: boolean;
  today: string;
  fieldLabels: Record<string, string>;
  keys: KeyRow[];
}
interface Subject {
  code: string;
  name: string;
  maxScore: number;
  realEquipment: boolean;
  commonSubjects: string[];
  criteria: string[];
}
interface CalendarDay {
  day: string;
  working: boolean;
  note: string;
}

/** A one-line reading of a value, for the tables. */
function summary(kind: Kind, value: unknown, labels: Record<string, string>): string {
  if (value === null || value === undefined) return '未设置';
  const v = value as Record<string, unknown>;
  switch (kind) {
    case 'syllabus_hours':
      return `理论 ${v.theoryHours} 学时，实操 ${v.practicalHours} 学时`;
    case 'item_details':
      return `${v.requiresRealEquipment ? '须实物设备' : '可用模拟设备'}；学历 ${labels[v.minEducation as string] ?? v.minEducation}`;
    case 'practical_standard':
      return (v.subjects as Subject[]).map((s) => `${s.code} ${s.name} ${s.maxScore} 分`).join('；');
    case 'rating_weights':
    case 'risk_weights':
      return Object.entries(v)
        .map(([k, w]) => `${labels[k] ?? k} ${w}`)
        .join('；');
    case 'legal_bases':
      return String(v.legalBasis);
    case 'calendar': {
      const days = v.days as CalendarDay[];
      const off = days.filter((d) => !d.working).length;
      return `节假日 ${off} 天，调休上班 ${days.length - off} 天`;
    }
    case 'exam_within_days':
      return `培训结束（或直接报考审核通过）后 ${v.days} 日内考试`;
    case 'exam_place_level':
      return `按${labels[v.level as string] ?? v.level}比较户籍所在地、从业所在地`;
    case 'second_factor': {
      const roles = v.required as string[];
      return roles.length ? `须使用：${roles.map((r) => labels[r] ?? r).join('、')}；其他角色可选` : '各角色均可选';
    }
  }
}

export default function ProvinceSettingsPage() {
  const { group = 'syllabus' } = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const own = session.user.jurisdiction?.regionCode ?? session.user.org?.regionCode ?? '510000';
  const [province, setProvince] = useState(`${own.slice(0, 2)}0000`);
  const { data: provinces } = useApi<{ items: Region[] }>('/api/regions');
  const current = GROUPS.find((g) => g.key === group) ?? GROUPS[0];
  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Space wrap>
          <Typography.Text strong>省份</Typography.Text>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ width: 200 }}
            value={province}
            onChange={setProvince}
            options={(provinces?.items ?? []).map((r) => ({ value: r.code, label: r.name }))}
          />
          <Typography.Text type="secondary">
            国家规定留给省级的事项按省保存，自生效日期起适用；每次修改都记入审计（修改前后）。
          </Typography.Text>
        </Space>
      </Card>
      <Tabs
        activeKey={current.key}
        onChange={(k) => navigate(`/settings/${k}`)}
        items={GROUPS.map((g) => ({ key: g.key, label: g.label }))}
      />
      {current.kinds.map((kind) => (
        <KindCard key={`${province}-${kind}`} province={province} kind={kind} />
      ))}
    </Flex>
  );
}

function KindCard({ province, kind }: { province: string; kind: Kind }) {
  const { data, error, reload } = useApi<KindPage>(`/api/settings/provinces/${province}/${kind}`);
  const [editing, setEditing] = useState<KeyRow | null>(null);
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => (data?.keys ?? []).filter((k) => !filter || k.label.includes(filter)), [data, filter]);
  if (error) return <ProblemAlert error={error} />;
  return (
    <Card
      title={
        <Space>
          {data?.label}
          {data && <RuleTag rule={data.rule} />}
          {data && !data.editable && <Tag>只读</Tag>}
        </Space>
      }
      extra={
        (data?.keys.length ?? 0) > 5 && (
          <Input.Search allowClear placeholder="按代码或名称筛选" onSearch={setFilter} style={{ width: 220 }} />
        )
      }
      loading={!data}
    >
      {data && (
        <Table<KeyRow>
          rowKey="key"
          size="small"
          dataSource={rows}
          pagination={rows.length > 60 ? { pageSize: 60 } : false}
          expandable={{
            rowExpandable: (r) => r.versions.length > 0,
            expandedRowRender: (r) => <Versions page={data} row={r} />,
          }}
          columns={[
            { title: '项目', dataIndex: 'label', width: 240 },
            {
              title: '全国默认',
              render: (_, r) => (
                <Typography.Text type="secondary">{summary(kind, r.national, data.fieldLabels)}</Typography.Text>
              ),
            },
            {
              title: '本省现行',
              render: (_, r) =>
                r.inForce ? (
                  <Space direction="vertical" size={0}>
                    <span>{summary(kind, r.inForce.value, data.fieldLabels)}</span>
                    <Typography.Text type="secondary">自 {r.inForce.effectiveFrom} 起</Typography.Text>
                  </Space>
                ) : (
                  <Tag>沿用全国默认</Tag>
                ),
            },
            {
              title: '版本',
              width: 90,
              render: (_, r) => {
                const upcoming = r.versions.filter((v) => v.effectiveFrom > data.today).length;
                return (
                  <Space size={4}>
                    {r.versions.length}
                    {upcoming > 0 && <Tag color="blue">待生效 {upcoming}</Tag>}
                  </Space>
                );
              },
            },
            ...(data.editable
              ? [
                  {
                    title: '操作',
                    width: 80,
                    render: (_: unknown, r: KeyRow) => (
                      <Button size="small" onClick={() => setEditing(r)}>
                        新版本
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {data && editing && (
        <EditDrawer
          page={data}
          row={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </Card>
  );
}

function Versions({ page, row }: { page: KindPage; row: KeyRow }) {
  return (
    <Table<Version>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={row.versions}
      columns={[
        {
          title: '生效日期',
          dataIndex: 'effectiveFrom',
          width: 140,
          render: (d: string, v) => (
            <Space>
              {d}
              {v.id === row.inForce?.id && <Tag color="green">现行</Tag>}
              {d > page.today && <Tag color="blue">待生效</Tag>}
            </Space>
          ),
        },
        { title: '内容', render: (_, v) => summary(page.kind, v.value, page.fieldLabels) },
        { title: '说明', dataIndex: 'note', width: 200 },
        {
          title: '录入',
          width: 220,
          render: (_, v) => `${v.recordedByName} · ${dayjs(v.recordedAt).format('YYYY-MM-DD HH:mm')}`,
        },
      ]}
    />
  );
}

interface EditValues {
  effectiveFrom: Dayjs;
  note?: string;
  theoryHours?: number;
  practicalHours?: number;
  requiresRealEquipment?: boolean;
  minEducation?: string;
  weights?: Record<string, number>;
  legalBasis?: string;
  subjects?: Array<Omit<Subject, 'criteria'> & { criteria: string }>;
  days?: Array<{ day: Dayjs; working: boolean; note: string }>;
  withinDays?: number;
  placeLevel?: string;
  required?: string[];
}

/** The form's initial values: the version in force, else the national one. */
function initialValues(kind: Kind, value: unknown): Partial<EditValues> {
  const v = (value ?? {}) as Record<string, unknown>;
  switch (kind) {
    case 'syllabus_hours':
      return { theoryHours: v.theoryHours as number, practicalHours: v.practicalHours as number };
    case 'item_details':
      return { requiresRealEquipment: v.requiresRealEquipment as boolean, minEducation: v.minEducation as string };
    case 'practical_standard':
      return { subjects: ((v.subjects as Subject[]) ?? []).map((s) => ({ ...s, criteria: s.criteria.join('\n') })) };
    case 'rating_weights':
    case 'risk_weights':
      return { weights: v as Record<string, number> };
    case 'legal_bases':
      return { legalBasis: v.legalBasis as string };
    case 'calendar':
      return { days: ((v.days as CalendarDay[]) ?? []).map((d) => ({ ...d, day: dayjs(d.day) })) };
    case 'exam_within_days':
      return { withinDays: v.days as number };
    case 'exam_place_level':
      return { placeLevel: v.level as string };
    case 'second_factor':
      return { required: (v.required as string[]) ?? [] };
  }
}

function settingValue(kind: Kind, f: EditValues): unknown {
  switch (kind) {
    case 'syllabus_hours':
      return { theoryHours: f.theoryHours, practicalHours: f.practicalHours };
    case 'item_details':
      return { requiresRealEquipment: !!f.requiresRealEquipment, minEducation: f.minEducation };
    case 'practical_standard':
      return {
        subjects: (f.subjects ?? []).map((s) => ({
          ...s,
          realEquipment: !!s.realEquipment,
          commonSubjects: s.commonSubjects ?? [],
          criteria: (s.criteria ?? '')
            .split('\n')
            .map((c) => c.trim())
            .filter(Boolean),
        })),
      };
    case 'rating_weights':
    case 'risk_weights':
      return f.weights;
    case 'legal_bases':
      return { legalBasis: f.legalBasis };
    case 'calendar':
      return {
        days: (f.days ?? []).map((d) => ({ day: d.day.format('YYYY-MM-DD'), working: !!d.working, note: d.note })),
      };
    case 'exam_within_days':
      return { days: f.withinDays };
    case 'exam_place_level':
      return { level: f.placeLevel };
    case 'second_factor':
      return { required: f.required ?? [] };
  }
}

function EditDrawer({
  page,
  row,
  onClose,
  onSaved,
}: {
  page: KindPage;
  row: KeyRow;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<EditValues>();
  const { message } = App.useApp();
  const showProblem = useProblem();
  const [saving, setSaving] = useState(false);
  const kind = page.kind;
  const save = async (f: EditValues) => {
    setSaving(true);
    try {
      await post(`/api/settings/provinces/${page.provinceCode}/${kind}`, {
        key: row.key,
        value: settingValue(kind, f),
        effectiveFrom: f.effectiveFrom.format('YYYY-MM-DD'),
        note: f.note ?? '',
      });
      message.success(`已保存，自 ${f.effectiveFrom.format('YYYY-MM-DD')} 起生效`);
      onSaved();
    } catch (err) {
      showProblem(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open
      width={kind === 'practical_standard' ? 860 : 560}
      title={`${page.provinceName} · ${page.label} · ${row.label}`}
      onClose={onClose}
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()}>
          保存为新版本
        </Button>
      }
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="全国默认">{summary(kind, row.national, page.fieldLabels)}</Descriptions.Item>
        <Descriptions.Item label="本省现行">
          {row.inForce
            ? `${summary(kind, row.inForce.value, page.fieldLabels)}（自 ${row.inForce.effectiveFrom}）`
            : '沿用全国默认'}
        </Descriptions.Item>
      </Descriptions>
      <Form<EditValues>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ effectiveFrom: dayjs(page.today), ...initialValues(kind, row.inForce?.value ?? row.national) }}
      >
        <Space>
          <Form.Item name="effectiveFrom" label="生效日期" rules={[{ required: true, message: '请选择生效日期' }]}>
            <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') < page.today} />
          </Form.Item>
          <Form.Item name="note" label="说明（文件依据等）">
            <Input maxLength={200} style={{ width: 300 }} />
          </Form.Item>
        </Space>
        <ValueFields page={page} />
      </Form>
    </Drawer>
  );
}

function ValueFields({ page }: { page: KindPage }) {
  const labels = page.fieldLabels;
  switch (page.kind) {
    case 'syllabus_hours':
      return (
        <Space>
          <Form.Item name="theoryHours" label="理论学时" rules={[{ required: true, message: '必填' }]}>
            <InputNumber min={1} max={2000} precision={0} />
          </Form.Item>
          <Form.Item name="practicalHours" label="实操学时" rules={[{ required: true, message: '必填' }]}>
            <InputNumber min={0} max={2000} precision={0} />
          </Form.Item>
        </Space>
      );
    case 'item_details':
      return (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message="省级可以严于国家规定，不得放宽。" />
          <Form.Item name="requiresRealEquipment" label="实操考试须使用实物设备" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="minEducation" label="最低学历">
            <Select
              options={Object.entries(labels).map(([value, label]) => ({ value, label }))}
              style={{ width: 240 }}
            />
          </Form.Item>
        </>
      );
    case 'rating_weights':
    case 'risk_weights':
      return (
        <>
          {page.kind === 'rating_weights' && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} message="各项权重合计须为 100。" />
          )}
          {Object.entries(labels).map(([key, label]) => (
            <Form.Item key={key} name={['weights', key]} label={label} rules={[{ required: true, message: '必填' }]}>
              <InputNumber min={0} max={100} precision={0} />
            </Form.Item>
          ))}
        </>
      );
    case 'exam_within_days':
      return (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message="令第30号：培训结束后 60 日内组织考试。省级可以缩短，不得延长（ORDER30-60D）。"
          />
          <Form.Item name="withinDays" label="期限（日）" rules={[{ required: true, message: '必填' }]}>
            <InputNumber min={1} max={60} precision={0} />
          </Form.Item>
        </>
      );
    case 'exam_place_level':
      return (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message="令第30号：在户籍所在地或从业所在地参加培训和考试。全国默认按设区的市（考核发证机关所在层级）比较；本省可改为按区县或全省比较（ORDER30-PLACE）。"
          />
          <Form.Item name="placeLevel" label="比较层级" rules={[{ required: true, message: '必填' }]}>
            <Select
              options={Object.entries(labels).map(([value, label]) => ({ value, label }))}
              style={{ width: 240 }}
            />
          </Form.Item>
        </>
      );
    case 'second_factor':
      return (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message="所列角色登录时须在密码之外再验证动态口令（TOTP）或短信验证码；尚未设置的账户登录后须先完成设置。"
          />
          <Form.Item name="required" label="须使用第二重验证的角色">
            <Select
              mode="multiple"
              options={Object.entries(labels).map(([value, label]) => ({ value, label }))}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </>
      );
    case 'legal_bases':
      return (
        <Form.Item name="legalBasis" label="法律依据" rules={[{ required: true, message: '必填' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      );
    case 'calendar':
      return (
        <Form.List name="days">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'day']} rules={[{ required: true, message: '日期' }]}>
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name={[f.name, 'working']} valuePropName="checked">
                    <Switch checkedChildren="上班" unCheckedChildren="休息" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'note']} rules={[{ required: true, message: '说明' }]}>
                    <Input placeholder="如：春节、国庆节调休上班" maxLength={50} />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(f.name)}>
                    删除
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({ working: false })}>添加日期</Button>
            </>
          )}
        </Form.List>
      );
    case 'practical_standard':
      return (
        <Form.List name="subjects">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              <Alert
                type="info"
                showIcon
                message="各科目分值合计须为 100 分；国家标准中的通用科目（灭火器、空气呼吸器、防护用品穿戴、自救器、创伤包扎）不得删除，且须使用实物设备。"
              />
              {fields.map((f) => (
                <Card
                  key={f.key}
                  size="small"
                  extra={
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      删除科目
                    </Button>
                  }
                >
                  <Space wrap align="start">
                    <Form.Item name={[f.name, 'code']} label="代码" rules={[{ required: true, message: '必填' }]}>
                      <Input style={{ width: 70 }} maxLength={3} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'name']} label="科目名称" rules={[{ required: true, message: '必填' }]}>
                      <Input style={{ width: 200 }} maxLength={50} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'maxScore']} label="分值" rules={[{ required: true, message: '必填' }]}>
                      <InputNumber min={1} max={100} precision={0} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'realEquipment']} label="实物设备" valuePropName="checked">
                      <Switch />
                    </Form.Item>
                    <Form.Item name={[f.name, 'commonSubjects']} label="通用科目">
                      <Select
                        mode="multiple"
                        style={{ width: 260 }}
                        options={Object.entries(labels).map(([value, label]) => ({ value, label }))}
                      />
                    </Form.Item>
                  </Space>
                  <Form.Item name={[f.name, 'criteria']} label="考核要点（每行一条）">
                    <Input.TextArea rows={2} />
                  </Form.Item>
                </Card>
              ))}
              <Button
                onClick={() =>
                  add({
                    code: `K${fields.length + 1}`,
                    name: '',
                    maxScore: 10,
                    realEquipment: true,
                    commonSubjects: [],
                    criteria: '',
                  })
                }
              >
                添加科目
              </Button>
            </Flex>
          )}
        </Form.List>
      );
  }
}
