// Issue 22: a training institution, employer or exam centre applies to join the platform; the
// regulator of its region decides. Public: no account is needed to apply.
import { useState } from 'react';
import { Button, Card, Form, Input, Result, Select, Typography } from 'antd';
import { post } from '../../api';
import { ProblemAlert, asApiError } from '../../shared/problem';
import RegionCascader from '../../shared/RegionCascader';
import { readAsBase64, useSmsTicket } from './PhoneVerify';
import { mobileShell } from './SignUpPage';

const KINDS = [
  { value: 'institution', label: '培训机构' },
  { value: 'employer', label: '生产经营单位' },
  { value: 'exam_centre', label: '考试机构' },
];

interface ApplicationForm {
  kind: string;
  name: string;
  creditCode: string;
  region: string[];
  contactName: string;
}

export default function OrgApplyPage() {
  const { ticket, busy, error, setError, submit: withTicket, verifyStep } = useSmsTicket();
  const [licence, setLicence] = useState<File | null>(null);
  const [done, setDone] = useState<{ claim: boolean; regionName: string } | null>(null);

  async function submit(values: ApplicationForm) {
    if (!licence) {
      setError(asApiError(new Error('请上传营业执照扫描件（JPEG、PNG 或 PDF，不超过 10 MB）。')));
      return;
    }
    const res = await withTicket(async (ticket) =>
      post<{ claim: boolean; regionName: string }>('/api/onboarding/org-applications', {
        ticket,
        kind: values.kind,
        name: values.name.trim(),
        creditCode: values.creditCode.trim().toUpperCase(),
        regionCode: values.region.at(-1),
        contactName: values.contactName.trim(),
        licence: await readAsBase64(licence),
      }),
    );
    if (res) setDone(res);
  }

  return (
    <div style={mobileShell}>
      <Typography.Title level={4} style={{ textAlign: 'center', margin: '8px 0 12px' }}>
        机构入驻申请
      </Typography.Title>
      <Card size="small">
        {done ? (
          <Result
            status="success"
            title="申请已提交"
            subTitle={`${done.claim ? '平台已有该机构的历史记录，审核通过后由您认领。' : ''}${done.regionName}的监管部门审核后，将以短信通知联系人设置管理员密码。`}
          />
        ) : !ticket ? (
          <>
            <Typography.Paragraph type="secondary">先验证联系人手机号，审核结果将发送到该号码。</Typography.Paragraph>
            {verifyStep('org_application')}
          </>
        ) : (
          <Form<ApplicationForm> layout="vertical" requiredMark={false} onFinish={submit} disabled={busy}>
            <Form.Item name="kind" label="机构类型" rules={[{ required: true, message: '请选择' }]}>
              <Select options={KINDS} size="large" />
            </Form.Item>
            <Form.Item name="name" label="机构名称" rules={[{ required: true, min: 2, message: '请输入机构全称' }]}>
              <Input size="large" maxLength={100} />
            </Form.Item>
            <Form.Item
              name="creditCode"
              label="统一社会信用代码"
              rules={[{ required: true, len: 18, message: '18 位统一社会信用代码' }]}
            >
              <Input size="large" maxLength={18} />
            </Form.Item>
            <Form.Item name="region" label="所在地区（市或区县）" rules={[{ required: true, message: '请选择' }]}>
              <RegionCascader changeOnSelect placeholder="省 / 市 / 区县" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="contactName" label="联系人" rules={[{ required: true, message: '请输入联系人' }]}>
              <Input size="large" maxLength={30} />
            </Form.Item>
            <Form.Item label="营业执照扫描件" extra="JPEG、PNG 或 PDF，不超过 10 MB。" required>
              <input
                type="file"
                accept="image/jpeg,image/png,application/pdf"
                aria-label="营业执照扫描件"
                onChange={(e) => setLicence(e.target.files?.[0] ?? null)}
              />
            </Form.Item>
            {error && (
              <div style={{ marginBottom: 12 }}>
                <ProblemAlert error={error} />
              </div>
            )}
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              提交申请
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
