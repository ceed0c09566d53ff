// 培训教师 (INS-3, INS-4): teachers with their declared certificates; export of the seed 002 table.
import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { del, post } from '../../api';
import { useCatalog } from '../../shared/catalog';
import { EDUCATION_OPTIONS, labelOf } from '../../shared/labels';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Teacher {
  id: string;
  name: string;
  kinds: string[];
  fullTime: boolean;
  categoryCodes: string[];
  education: string | null;
  practiceYears: number | null;
  idNumberMasked: string | null;
  certificates: {
    categoryCode: string;
    number: string;
    validUntil: string;
    verification: string;
    verificationLabel: string;
    platformRefused: boolean;
  }[];
}

const KINDS = [
  { value: 'offline_theory', label: '线下理论' },
  { value: 'online_theory', label: '线上理论' },
  { value: 'practical', label: '实际操作' },
];

export default function TeachersPage() {
  const { data, error, reload } = useApi<{ items: Teacher[] }>('/api/institutions/teachers');
  const { categories } = useCatalog();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const { message, modal } = App.useApp();
  const categoryName = (code: string) => categories?.find((c) => c.code === code)?.name ?? code;
  const categoryOptions = categories?.map((c) => ({ value: c.code, label: c.name }));

  async function add(values: Record<string, any>) {
    try {
      await post('/api/institutions/teachers', {
        ...values,
        practiceYears: values.practiceYears ?? null,
        education: values.education ?? null,
        idNumber: values.idNumber?.trim() || null,
        labourContract: values.labourContract ?? null,
        retired: values.retired ?? null,
        registeredSafetyEngineer: !!values.registeredSafetyEngineer,
        seniorTitle: !!values.seniorTitle,
        intermediateSkillCertificate: !!values.intermediateSkillCertificate,
        certificates: (values.certificates ?? []).map(
          (c: { categoryCode: string; number: string; validUntil: Dayjs }) => ({
            ...c,
            validUntil: c.validUntil.format('YYYY-MM-DD'),
          }),
        ),
      });
      message.success('已登记');
      setOpen(false);
      form.resetFields();
      reload();
    } catch (err) {
      showProblem(err);
    }
  }

  const remove = (t: Teacher) =>
    modal.confirm({
      title: `移除教师 ${t.name}？`,
      okText: '移除',
      cancelText: '取消',
      onOk: () => del(`/api/institutions/teachers/${t.id}`).then(reload, showProblem),
    });

  return (
    <Card
      title="培训教师"
      extra={
        <Space>
          <Button href="/api/institutions/teachers/certificates.xlsx">导出持证情况统计表</Button>
          <Button type="primary" onClick={() => setOpen(true)}>
            登记教师
          </Button>
        </Space>
      }
    >
      <Flex vertical gap={16}>
        {error && <ProblemAlert error={error} />}
        <Table<Teacher>
          rowKey="id"
          dataSource={data?.items}
          pagination={false}
          locale={{ emptyText: '尚未登记教师' }}
          columns={[
            { title: '姓名', dataIndex: 'name' },
            { title: '身份证号', dataIndex: 'idNumberMasked', render: (v: string | null) => v ?? '未登记' },
            { title: '专兼职', dataIndex: 'fullTime', render: (v: boolean) => (v ? '专职' : '兼职') },
            { title: '授课', dataIndex: 'kinds', render: (k: string[]) => k.map((x) => labelOf(KINDS, x)).join('、') },
            {
              title: '作业类别',
              dataIndex: 'categoryCodes',
              render: (c: string[]) => c.map((x) => <Tag key={x}>{categoryName(x)}</Tag>),
            },
            {
              title: '学历',
              dataIndex: 'education',
              render: (e: string | null) => (e ? labelOf(EDUCATION_OPTIONS, e) : '未填'),
            },
            { title: '实践年限', dataIndex: 'practiceYears', render: (y: number | null) => y ?? '未填' },
            {
              title: '特种作业操作证',
              dataIndex: 'certificates',
              render: (cs: Teacher['certificates']) =>
                cs.length ? (
                  cs.map((c) => (
                    <div key={c.number}>
                      {categoryName(c.categoryCode)} {c.number}（至 {c.validUntil}）
                      <Tag color={c.platformRefused ? 'red' : c.verification === 'valid' ? 'green' : 'default'}>
                        {c.verificationLabel}
                      </Tag>
                    </div>
                  ))
                ) : (
                  <Tag color="red">未申报</Tag>
                ),
            },
            {
              title: '',
              key: 'ops',
              render: (_: unknown, t) => (
                <Button size="small" onClick={() => remove(t)}>
                  移除
                </Button>
              ),
            },
          ]}
        />
      </Flex>
      <Modal
        title="登记培训教师"
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText="登记"
        cancelText="取消"
        width={760}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={add}
          initialValues={{ fullTime: false, kinds: ['offline_theory'] }}
        >
          <Space wrap>
            <Form.Item name="name" label="姓名" rules={[{ required: true, message: '必填' }]}>
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label="身份证号"
              tooltip="用于考培分离比对：本机构教师及离任一年内的教师不得担任本机构学员的监考、考评"
              rules={[{ len: 18, message: '18 位' }]}
            >
              <Input maxLength={18} />
            </Form.Item>
            <Form.Item name="fullTime" label="专兼职">
              <Radio.Group
                options={[
                  { value: true, label: '专职' },
                  { value: false, label: '兼职' },
                ]}
              />
            </Form.Item>
            <Form.Item name="education" label="学历">
              <Select style={{ width: 140 }} options={EDUCATION_OPTIONS} />
            </Form.Item>
            <Form.Item name="practiceYears" label="实践年限">
              <InputNumber min={0} max={70} />
            </Form.Item>
          </Space>
          <Form.Item name="kinds" label="授课类型" rules={[{ required: true, message: '必选' }]}>
            <Checkbox.Group options={KINDS} />
          </Form.Item>
          <Form.Item name="categoryCodes" label="作业类别" rules={[{ required: true, message: '必选' }]}>
            <Select mode="multiple" options={categoryOptions} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="labourContract" label="劳动（聘用）合同">
              <Radio.Group
                options={[
                  { value: true, label: '有' },
                  { value: false, label: '无' },
                ]}
              />
            </Form.Item>
            <Form.Item name="retired" label="是否退休">
              <Radio.Group
                options={[
                  { value: false, label: '否' },
                  { value: true, label: '是' },
                ]}
              />
            </Form.Item>
            <Form.Item name="registeredSafetyEngineer" valuePropName="checked">
              <Checkbox>中级以上注册安全工程师</Checkbox>
            </Form.Item>
            <Form.Item name="seniorTitle" valuePropName="checked">
              <Checkbox>高级职称</Checkbox>
            </Form.Item>
            <Form.Item name="intermediateSkillCertificate" valuePropName="checked">
              <Checkbox>中级工以上职业技能等级证书</Checkbox>
            </Form.Item>
          </Space>
          <Form.List name="certificates">
            {(fields, { add: addCert, remove: removeCert }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap>
                    <Form.Item name={[f.name, 'categoryCode']} rules={[{ required: true, message: '类别' }]}>
                      <Select style={{ width: 180 }} placeholder="作业类别" options={categoryOptions} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'number']} rules={[{ required: true, message: '证书编号' }]}>
                      <Input placeholder="证书编号" maxLength={40} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'validUntil']} rules={[{ required: true, message: '有效期' }]}>
                      <DatePicker placeholder="有效期至" />
                    </Form.Item>
                    <Button onClick={() => removeCert(f.name)}>删除</Button>
                  </Space>
                ))}
                <Button onClick={() => addCert({})}>添加特种作业操作证（机构申报）</Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}
