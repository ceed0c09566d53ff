// 机构备案 (INS-1..3): the institution's filings, its conditions as they stand, and the application form.
import { MANAGEMENT_RULES } from '@shared/institutions';
import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { post } from '../../api';
import ConditionTable, { type Condition } from '../../shared/ConditionTable';
import { useCatalog } from '../../shared/catalog';
import { EDUCATION_OPTIONS } from '../../shared/labels';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import { fmtDateTime } from '../../shared/format';

export interface Filing {
  id: string;
  orgName: string;
  regionName: string;
  status: string;
  statusLabel: string;
  scope: { code: string; name: string }[];
  submittedAt: string;
  reviewedAt: string | null;
  returnReason: string | null;
  filedAt: string | null;
  conditions: Condition[];
}

const RULES = MANAGEMENT_RULES.map(([value, label]) => ({ value, label }));

const YES_NO = [
  { value: true, label: '是' },
  { value: false, label: '否' },
];
const yn = (name: (string | number)[], label: string) => (
  <Form.Item name={name} label={label} initialValue={null}>
    <Radio.Group options={YES_NO} />
  </Form.Item>
);

export const STATUS_COLORS: Record<string, string> = {
  submitted: 'processing',
  reviewed: 'cyan',
  returned: 'red',
  filed: 'green',
  superseded: 'default',
};

export default function FilingPage() {
  const { data, error, reload } = useApi<{ filings: Filing[]; liveConditions: Condition[] }>('/api/institutions/me');
  const { categories } = useCatalog();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const showProblem = useProblem();
  const { message } = App.useApp();
  const pending = data?.filings.some((f) => f.status === 'submitted' || f.status === 'reviewed');

  async function submit(values: Record<string, any>) {
    setBusy(true);
    try {
      const facts = {
        premises: values.premises,
        managers: values.managers ?? [],
        equipment: { ...values.equipment, practical: values.equipment.practical ?? [] },
        emergencyPlans: {
          fire: false,
          stampede: false,
          electricShock: false,
          ...Object.fromEntries((values.plans ?? []).map((p: string) => [p, true])),
          evacuationContent: values.evacuationContent ?? null,
        },
        managementRules: values.managementRules ?? [],
      };
      await post('/api/institutions/filings', { scope: values.scope, facts });
      message.success('备案申请已提交，等待市级监管部门审核');
      reload();
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  }

  const itemOptions = categories?.map((c) => ({
    label: c.name,
    options: c.items.map((i) => ({ value: i.code, label: `${i.code} ${i.name}` })),
  }));
  const categoryOptions = categories?.map((c) => ({ value: c.code, label: c.name }));
  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      <Card title="备案记录">
        <Table<Filing>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data?.filings}
          locale={{ emptyText: '尚未提交备案申请' }}
          columns={[
            { title: '提交时间', dataIndex: 'submittedAt', render: (v: string) => fmtDateTime(v) },
            {
              title: '培训范围',
              dataIndex: 'scope',
              render: (s: Filing['scope']) => s.map((i) => <Tag key={i.code}>{i.name}</Tag>),
            },
            {
              title: '状态',
              dataIndex: 'status',
              render: (_: string, f) => <Tag color={STATUS_COLORS[f.status]}>{f.statusLabel}</Tag>,
            },
            { title: '退回理由', dataIndex: 'returnReason', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      <Card title="基本条件自查（按最近一次申报的资料和当前教师名单）">
        <ConditionTable conditions={data?.liveConditions ?? []} />
      </Card>
      <Card
        title="提交备案申请（一网通办）"
        extra={pending && <Typography.Text type="warning">已有申请在办理中</Typography.Text>}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          disabled={pending}
          initialValues={{ managers: [{}, {}, {}], equipment: { practical: [] } }}
        >
          <Form.Item name="scope" label="培训范围（操作项目）" rules={[{ required: true, message: '请选择' }]}>
            <Select mode="multiple" options={itemOptions} placeholder="选择拟培训的特种作业操作项目" />
          </Form.Item>
          <Typography.Title level={5}>培训场所（附件二）</Typography.Title>
          <Space wrap size="large">
            <Form.Item name={['premises', 'tenure']} label="产权" initialValue={null}>
              <Radio.Group
                options={[
                  { value: 'owned', label: '自有' },
                  { value: 'leased', label: '租赁' },
                ]}
              />
            </Form.Item>
            <Form.Item name={['premises', 'leaseYears']} label="租期（年）" initialValue={null}>
              <InputNumber min={0} max={100} />
            </Form.Item>
            <Form.Item name={['premises', 'exits']} label="安全出口（个）" initialValue={null}>
              <InputNumber min={0} max={100} />
            </Form.Item>
            <Form.Item name={['premises', 'theoryRoomCapacity']} label="理论场地容量（人）" initialValue={null}>
              <InputNumber min={0} max={10000} />
            </Form.Item>
            <Form.Item name={['premises', 'theoryRoomAreaM2']} label="理论场地面积（㎡）" initialValue={null}>
              <InputNumber min={0} max={100000} />
            </Form.Item>
          </Space>
          <Space wrap size="large">
            {yn(['premises', 'fireAcceptance'], '已履行消防验收备案')}
            {yn(['premises', 'prohibitedLocation'], '设在地下/住宅/临时建筑内')}
            {yn(['premises', 'multimedia'], '配备多媒体设备')}
            {yn(['premises', 'practicalSiteAdequate'], '实操场地满足需求')}
          </Space>
          <Typography.Title level={5}>管理人员（附件三、6）</Typography.Title>
          <Form.List name="managers">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '姓名' }]}>
                      <Input placeholder="姓名" maxLength={30} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'education']} initialValue={null}>
                      <Select style={{ width: 140 }} placeholder="学历" options={EDUCATION_OPTIONS} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'labourContract']} initialValue={null}>
                      <Radio.Group
                        options={[
                          { value: true, label: '有合同' },
                          { value: false, label: '无合同' },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'retired']} initialValue={null}>
                      <Radio.Group
                        options={[
                          { value: false, label: '在职' },
                          { value: true, label: '退休' },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'idNumber']} tooltip="用于考培分离核验，加密保存、脱敏显示">
                      <Input placeholder="身份证号（选填）" maxLength={18} style={{ width: 200 }} />
                    </Form.Item>
                    <Button onClick={() => remove(f.name)}>删除</Button>
                  </Space>
                ))}
                <Button onClick={() => add({})}>添加管理人员</Button>
              </>
            )}
          </Form.List>
          <Typography.Title level={5}>设备设施（附件五）</Typography.Title>
          <Space wrap size="large">
            {yn(['equipment', 'identityAttendance'], '身份识别考勤设备')}
            {yn(['equipment', 'cctvRecorded'], '联网录像监控')}
            {yn(['equipment', 'cctvNoBlindSpots'], '监控无死角')}
            {yn(['equipment', 'emergencySupplies'], '应急设备物资及台账')}
            {yn(['equipment', 'practicalLedger'], '实操设备管理台账')}
          </Space>
          <Form.List name={['equipment', 'practical']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap>
                    <Form.Item name={[f.name, 'categoryCode']} rules={[{ required: true, message: '类别' }]}>
                      <Select style={{ width: 200 }} placeholder="作业类别" options={categoryOptions} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'kind']} initialValue="real">
                      <Select
                        style={{ width: 130 }}
                        options={[
                          { value: 'real', label: '真实设备' },
                          { value: 'physical_simulation', label: '实物仿真' },
                          { value: 'full_simulation', label: '全模拟' },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'tenure']} initialValue="owned">
                      <Radio.Group
                        options={[
                          { value: 'owned', label: '自有' },
                          { value: 'leased', label: '租赁' },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'leaseYears']} initialValue={null}>
                      <InputNumber placeholder="租期（年）" min={0} max={100} />
                    </Form.Item>
                    <Button onClick={() => remove(f.name)}>删除</Button>
                  </Space>
                ))}
                <Button onClick={() => add({})}>添加实操设备</Button>
              </>
            )}
          </Form.List>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            管理制度与应急预案（附件一）
          </Typography.Title>
          <Form.Item name="managementRules" label="已建立的管理制度">
            <Checkbox.Group options={RULES} />
          </Form.Item>
          <Form.Item name="plans" label="专项应急预案">
            <Checkbox.Group
              options={[
                { value: 'fire', label: '火灾' },
                { value: 'stampede', label: '踩踏' },
                { value: 'electricShock', label: '触电' },
              ]}
            />
          </Form.Item>
          {yn(['evacuationContent'], '预案含逃生疏散内容')}
          <Button type="primary" htmlType="submit" loading={busy}>
            提交备案申请
          </Button>
        </Form>
      </Card>
      <Descriptions
        size="small"
        items={[
          {
            label: '说明',
            children: '基本条件由平台按申报资料逐项核查；教师持证情况为机构申报，待发证模块上线后与平台证书核验。',
          },
        ]}
      />
    </Flex>
  );
}
