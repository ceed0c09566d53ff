// 人员登记 (REG-2, REG-3, REG-4): the ID number is checked as it is typed; the server re-validates,
// refuses a second registration of the same person (offering to link instead) and explains ineligibility.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Divider, Form, Input, Radio, Row, Select, Switch, Typography } from 'antd';
import { ApiError, post } from '../../api';
import { useSession } from '../../app/auth';
import { OperationItemSelect } from '../../shared/catalog';
import CheckList from '../../shared/CheckList';
import HealthFields, { toHealthPayload, type HealthFormValues } from '../../shared/HealthFields';
import { EDUCATION_OPTIONS } from '../../shared/labels';
import { RuleTag, applyFieldErrors, useProblem } from '../../shared/problem';
import RegionCascader from '../../shared/RegionCascader';
import { idNumberProblem, parseIdNumber } from '../../shared/validators';
import type { EligibilityCheck, WorkerDetail } from '../../types';

interface Values {
  name: string;
  idNumber: string;
  phone?: string;
  education: string;
  originalRetirementAge?: 50 | 55;
  regionCode: string[];
  intendedItem?: string;
  withHealth: boolean;
  health?: HealthFormValues;
}

type Refusal = { rule: 'REG-2'; error: ApiError; idNumber: string; name: string } | { rule: 'REG-3'; error: ApiError };

const FEMALE_RETIREMENT = [
  { value: 50, label: '50 周岁（工人）' },
  { value: 55, label: '55 周岁（干部）' },
];

export default function RegisterWorkerPage() {
  const { menu, user } = useSession();
  // Regulators see workers by jurisdiction; only organisations link a worker to themselves.
  const canLink = user.org !== null && user.org.kind !== 'regulator';
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showProblem = useProblem();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const idInfo = parseIdNumber(Form.useWatch('idNumber', form) ?? '');
  const withHealth = Form.useWatch('withHealth', form);

  function done(worker: WorkerDetail, text: string) {
    message.success(text);
    if (menu.includes('workers')) navigate(`/workers/${worker.id}`);
    else {
      form.resetFields();
      setRefusal(null);
    }
  }

  async function onFinish(v: Values) {
    setBusy(true);
    setRefusal(null);
    const name = v.name.trim();
    const idNumber = v.idNumber.trim().toUpperCase();
    try {
      const worker = await post<WorkerDetail>('/api/workers', {
        name,
        idNumber,
        phone: v.phone?.trim() || undefined,
        education: v.education,
        originalRetirementAge: idInfo?.gender === 'female' ? v.originalRetirementAge : undefined,
        regionCode: v.regionCode.at(-1),
        intendedItem: v.intendedItem,
        health: v.withHealth && v.health ? toHealthPayload(v.health) : undefined,
      });
      done(worker, `已登记：${worker.name}`);
    } catch (err) {
      if (err instanceof ApiError && err.rule === 'REG-2' && err.status === 409)
        setRefusal({ rule: 'REG-2', error: err, idNumber, name });
      else if (err instanceof ApiError && err.rule === 'REG-3') setRefusal({ rule: 'REG-3', error: err });
      else if (!applyFieldErrors(form, err)) showProblem(err);
    } finally {
      setBusy(false);
    }
  }

  async function link(idNumber: string, name: string) {
    setBusy(true);
    try {
      const worker = await post<WorkerDetail>('/api/workers/link', { idNumber, name });
      done(worker, `已将 ${worker.name} 关联到本单位`);
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title="人员登记"
      extra={
        <>
          <RuleTag rule="REG-2" />
          <RuleTag rule="REG-3" />
        </>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        disabled={busy}
        initialValues={{ withHealth: false }}
        style={{ maxWidth: 960 }}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item
              name="idNumber"
              label="身份证号"
              validateFirst
              rules={[
                { required: true, message: '请输入身份证号' },
                {
                  validator: async (_, value: string) => {
                    const problem = idNumberProblem(value);
                    if (problem) throw new Error(problem);
                  },
                },
              ]}
              extra={idInfo && `出生日期 ${idInfo.birthDate} · ${idInfo.gender === 'male' ? '男' : '女'}`}
            >
              <Input maxLength={18} style={{ fontFamily: 'monospace' }} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="phone" label="手机号" rules={[{ pattern: /^1\d{10}$/, message: '请输入 11 位手机号' }]}>
              <Input maxLength={11} placeholder="选填" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="education" label="学历" rules={[{ required: true, message: '请选择学历' }]}>
              <Select options={EDUCATION_OPTIONS} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            {idInfo?.gender === 'female' ? (
              <Form.Item
                name="originalRetirementAge"
                label="原法定退休年龄"
                rules={[{ required: true, message: '请选择原法定退休年龄' }]}
              >
                <Radio.Group options={FEMALE_RETIREMENT} />
              </Form.Item>
            ) : (
              <Form.Item label="原法定退休年龄">
                <Typography.Text type="secondary">
                  {idInfo ? '60 周岁（男性）' : '输入有效身份证号后按性别确定'}
                </Typography.Text>
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="regionCode" label="所在地区" rules={[{ required: true, message: '请选择到区县' }]}>
              <RegionCascader placeholder="省 / 市 / 区县" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="intendedItem" label="拟申请作业项目" extra="选填；填写后将按该项目核验报考条件。">
              <OperationItemSelect />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">体检证明</Divider>
        <Form.Item name="withHealth" label="已取得体检证明" valuePropName="checked">
          <Switch checkedChildren="填写" unCheckedChildren="暂无" />
        </Form.Item>
        {withHealth && <HealthFields prefix={['health']} />}
        {refusal && <RefusalPanel refusal={refusal} onLink={canLink ? link : undefined} />}
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 16 }}>
          提交登记
        </Button>
      </Form>
    </Card>
  );
}

function RefusalPanel({ refusal, onLink }: { refusal: Refusal; onLink?: (idNumber: string, name: string) => void }) {
  const { error } = refusal;
  if (refusal.rule === 'REG-2') {
    return (
      <Alert
        type="warning"
        showIcon
        title={
          <>
            {error.title} <RuleTag rule="REG-2" />
          </>
        }
        description={onLink ? error.detail : `${error.detail ?? ''} 可在“人员查询”中按身份证号查看该人员。`}
        action={
          onLink && (
            <Button type="primary" onClick={() => onLink(refusal.idNumber, refusal.name)}>
              关联已登记人员
            </Button>
          )
        }
      />
    );
  }
  const checks = Array.isArray(error.body.checks) ? (error.body.checks as EligibilityCheck[]) : [];
  return (
    <Alert
      type="error"
      showIcon
      title={
        <>
          {error.title} <RuleTag rule="REG-3" />
        </>
      }
      description={
        <>
          <Typography.Paragraph>{error.detail}</Typography.Paragraph>
          <CheckList checks={checks} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            如仅登记人员信息，可清空“拟申请作业项目”后重新提交。
          </Typography.Paragraph>
        </>
      }
    />
  );
}
