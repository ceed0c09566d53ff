// Issue 22: a worker signs up on a phone (390 px, inside WeChat's or Alipay's browser): SMS code,
// then ID number + name (+ a live photo for the face check), and lands on their own archive.
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Result, Select, Steps, Typography } from 'antd';
import { post } from '../../api';
import { useAuth } from '../../app/auth';
import { EDUCATION_OPTIONS } from '../../shared/labels';
import { ProblemAlert } from '../../shared/problem';
import RegionCascader from '../../shared/RegionCascader';
import type { Session } from '../../types';
import { readAsBase64, useSmsTicket } from './PhoneVerify';

interface IdentityForm {
  name: string;
  idNumber: string;
  password: string;
  region?: string[];
  education?: string;
}

export const mobileShell = {
  maxWidth: 480,
  margin: '0 auto',
  padding: 12,
  minHeight: '100vh',
  background: '#f3f6fb',
} as const;

export default function SignUpPage() {
  const { session, adopt } = useAuth();
  const navigate = useNavigate();
  const { ticket, busy, error, submit: withTicket, verifyStep } = useSmsTicket();
  const [photo, setPhoto] = useState<File | null>(null);
  const [done, setDone] = useState<{ identity: string; claimed: boolean } | null>(null);

  if (session && !done) return <Navigate to="/" replace />;

  async function submit(values: IdentityForm) {
    const res = await withTicket(async (ticket) =>
      post<Session & { identity: string; claimed: boolean }>('/api/onboarding/workers', {
        ticket,
        name: values.name.trim(),
        idNumber: values.idNumber.trim().toUpperCase(),
        password: values.password,
        regionCode: values.region?.at(-1),
        education: values.education,
        photo: photo ? await readAsBase64(photo) : undefined,
      }),
    );
    if (!res) return;
    setDone({ identity: res.identity, claimed: res.claimed });
    adopt(res);
    if (res.identity === 'verified') navigate('/me/archive', { replace: true });
  }

  return (
    <div style={mobileShell}>
      <Typography.Title level={4} style={{ textAlign: 'center', margin: '8px 0 12px' }}>
        特种作业人员注册
      </Typography.Title>
      <Steps
        size="small"
        direction="horizontal"
        responsive={false}
        current={done ? 2 : ticket ? 1 : 0}
        items={[{ title: '手机验证' }, { title: '实名信息' }, { title: '完成' }]}
        style={{ marginBottom: 12 }}
      />
      <Card size="small">
        {done ? (
          <Result
            status={done.identity === 'verified' ? 'success' : 'info'}
            title="账户已开通"
            subTitle={
              done.identity === 'verified'
                ? '实名核验通过，可查看本人档案与证书。'
                : '实名核验待完成：平台暂无您的证件照或登记照片可比对。在培训报名或考试现场核验登记照片后，可在「我的档案」补做人脸核验。'
            }
            extra={
              <Button type="primary" onClick={() => navigate('/', { replace: true })}>
                进入平台
              </Button>
            }
          />
        ) : !ticket ? (
          verifyStep('signup')
        ) : (
          <Form<IdentityForm> layout="vertical" requiredMark={false} onFinish={submit} disabled={busy}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
              <Input size="large" maxLength={30} autoComplete="name" />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label="身份证号"
              rules={[{ required: true, pattern: /^\d{17}[\dXx]$/, message: '请输入 18 位身份证号' }]}
            >
              <Input size="large" maxLength={18} />
            </Form.Item>
            <Form.Item
              name="password"
              label="设置登录密码"
              extra="至少 8 位，含字母和数字；以后用手机号和此密码登录。"
              rules={[{ required: true, min: 8, message: '至少 8 位' }]}
            >
              <Input.Password size="large" maxLength={128} autoComplete="new-password" />
            </Form.Item>
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title="已由培训机构或单位登记的人员，以下两项可不填。"
            />
            <Form.Item name="region" label="所在区县（首次登记必填）">
              <RegionCascader placeholder="省 / 市 / 区县" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="education" label="文化程度（首次登记必填）">
              <Select options={EDUCATION_OPTIONS} size="large" allowClear />
            </Form.Item>
            <Form.Item label="人脸核验照片" extra="正对镜头、光线充足；与证件照或登记照片比对。">
              <input
                type="file"
                accept="image/jpeg,image/png"
                capture="user"
                aria-label="拍摄人脸照片"
                onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
              />
            </Form.Item>
            {error && (
              <div style={{ marginBottom: 12 }}>
                <ProblemAlert error={error} />
              </div>
            )}
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              注册并登录
            </Button>
          </Form>
        )}
      </Card>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 12 }}>
        已有账户？<Typography.Link href="/login">登录</Typography.Link>
      </Typography.Paragraph>
    </div>
  );
}
