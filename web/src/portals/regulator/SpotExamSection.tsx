// 逢查必考 (SUP-3) on the inspector's phone: pick a worker present — by ID number, or by scanning or
// typing the certificate number — and an operation item; the platform draws the paper and shows a
// one-time code and link (with its QR) for the worker's phone or the inspector's own.
import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, QRCode, Radio, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { post } from '../../api';
import { OperationItemSelect } from '../../shared/catalog';
import { ProblemAlert, applyFieldErrors, asApiError } from '../../shared/problem';
import { SpotExamTable, type SpotExam } from '../../shared/spotExams';
import { useApi } from '../../shared/useApi';
import { fmtDateTime } from '../../shared/format';

export default function SpotExamSection({ inspectionId, open }: { inspectionId: string; open: boolean }) {
  const { data, reload } = useApi<{ items: SpotExam[] }>(`/api/inspections/${inspectionId}/spot-exams`);
  const [form] = Form.useForm();
  const [by, setBy] = useState<'idNumber' | 'certificateNumber'>('idNumber');
  const [issued, setIssued] = useState<SpotExam | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { number: string; itemCode: string }) => {
    setBusy(true);
    setError(null);
    try {
      const number = v.number.trim();
      // The QR of a certificate carries a link; its last path segment or the typed number is what we send.
      const created = await post<SpotExam>(`/api/inspections/${inspectionId}/spot-exams`, {
        [by]: number,
        itemCode: v.itemCode,
      });
      setIssued(created);
      form.resetFields(['number']);
      reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) setError(err);
    } finally {
      setBusy(false);
    }
  };
  const link = issued?.code ? `${window.location.origin}/spot/${issued.code}` : null;
  return (
    <Card size="small" title="逢查必考（现场抽考）" data-testid="spot-exams">
      <Flex vertical gap={12}>
        {open && (
          <Form form={form} layout="vertical" onFinish={submit} initialValues={{ itemCode: '1.2' }}>
            <Radio.Group
              value={by}
              onChange={(e) => setBy(e.target.value)}
              optionType="button"
              size="small"
              style={{ marginBottom: 8 }}
              options={[
                { value: 'idNumber', label: '身份证号' },
                { value: 'certificateNumber', label: '证书编号 / 扫码' },
              ]}
            />
            <Form.Item
              name="number"
              label={by === 'idNumber' ? '在场人员身份证号' : '证书编号（T + 身份证号）'}
              rules={[{ required: true, message: '请填写号码' }, { max: 40 }]}
            >
              <Input
                inputMode="text"
                autoComplete="off"
                placeholder={by === 'idNumber' ? '18 位身份证号' : '扫描证书二维码或输入证书编号'}
              />
            </Form.Item>
            <Form.Item name="itemCode" label="抽考作业项目" rules={[{ required: true, message: '请选择作业项目' }]}>
              <OperationItemSelect />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              抽题并生成抽考码
            </Button>
          </Form>
        )}
        {error ? <ProblemAlert error={asApiError(error)} /> : null}
        {issued && link && (
          <Alert
            type="success"
            title={`${issued.workerName}：${issued.itemName}，${issued.questionCount} 题`}
            description={
              <Space orientation="vertical" align="center" style={{ width: '100%' }}>
                <Typography.Text>抽考码（仅可使用一次，{fmtDateTime(issued.codeExpiresAt)} 前有效）</Typography.Text>
                <Typography.Title level={3} copyable style={{ margin: 0, letterSpacing: 4 }} data-testid="spot-code">
                  {issued.code}
                </Typography.Title>
                <QRCode value={link} size={160} />
                <Link to={`/spot/${issued.code}`} target="_blank">
                  在本机作答
                </Link>
              </Space>
            }
          />
        )}
        <SpotExamTable items={data?.items ?? []} showPlace={false} />
        <Link to="/supervision/spot-exams">辖区抽考结果统计</Link>
      </Flex>
    </Card>
  );
}
