// 举报 (SUP-6): public, no login, phone-sized. File a report (anonymous or with a contact the
// handling regulator alone sees) and get a tracking code; follow the handling with that code.
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Result,
  Select,
  Spin,
  Tabs,
  Timeline,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { ApiError, get, post } from '../../api';
import RegionCascader from '../../shared/RegionCascader';
import { asApiError, ProblemAlert, applyFieldErrors } from '../../shared/problem';
import { fmtDateTime } from '../../shared/format';
import { filesToBase64 } from '../../shared/findings';

interface FormMeta {
  categories: Array<{ value: string; label: string }>;
  provinceCode: string;
  provinceName: string;
  attachments: { maxFiles: number; maxBytes: number; types: string[] };
  hotlines: string[];
}

interface Tracked {
  trackingCode: string;
  categoryLabel: string;
  regionName: string;
  subjectName: string;
  status: string;
  statusLabel: string;
  handlingOrgName: string | null;
  findingLabel: string | null;
  publicResult: string | null;
  rewarded: boolean;
  receivedAt: string;
  steps: Array<{ step: string; label: string; note: string; at: string }>;
}

interface Filed {
  trackingCode: string;
  handlingOrgName: string;
}

function FileReport({ meta, onFiled }: { meta: FormMeta; onFiled: (f: Filed) => void }) {
  const [form] = Form.useForm();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const maxMb = meta.attachments.maxBytes / 1024 / 1024;

  const submit = async (v: {
    region: string[];
    category: string;
    subjectName: string;
    content: string;
    reporterName?: string;
    reporterPhone?: string;
  }) => {
    setBusy(true);
    setError(null);
    try {
      const data = await filesToBase64(files.map((f) => f.originFileObj as File));
      const attachments = files.map((f, i) => ({ fileName: f.name, data: data[i] }));
      onFiled(
        await post<Filed>('/api/public/reports', {
          regionCode: v.region[v.region.length - 1],
          category: v.category,
          subjectName: v.subjectName,
          content: v.content,
          reporterName: v.reporterName || undefined,
          reporterPhone: v.reporterPhone || undefined,
          attachments,
        }),
      );
    } catch (err) {
      if (!applyFieldErrors(form, err)) setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
      <Form.Item
        name="region"
        label={`事发地点（${meta.provinceName}）`}
        rules={[{ required: true, message: '请选择事发的市或区县' }]}
      >
        <RegionCascader root={meta.provinceCode} changeOnSelect placeholder="选择市、区县" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="category" label="举报类别" rules={[{ required: true, message: '请选择举报类别' }]}>
        <Select options={meta.categories} placeholder="选择类别" />
      </Form.Item>
      <Form.Item
        name="subjectName"
        label="被举报的单位或个人"
        rules={[{ required: true, message: '请填写被举报的单位或个人' }, { max: 100 }]}
      >
        <Input placeholder="如：某某建筑工程有限公司、某某培训学校" />
      </Form.Item>
      <Form.Item
        name="content"
        label="举报内容"
        rules={[
          { required: true, message: '请写明举报事实' },
          { min: 10, message: '请至少写 10 个字：什么人、在哪里、做了什么' },
          { max: 5000 },
        ]}
      >
        <Input.TextArea
          rows={5}
          showCount
          maxLength={5000}
          placeholder="时间、地点、人员、具体行为；有证号的请写明证号"
        />
      </Form.Item>
      <Form.Item
        label={`证据附件（选填，最多 ${meta.attachments.maxFiles} 个，每个不超过 ${maxMb} MB，JPEG/PNG 图片或 PDF）`}
      >
        <Upload.Dragger
          multiple
          accept=".jpg,.jpeg,.png,.pdf"
          fileList={files}
          beforeUpload={(file) => {
            if (file.size > meta.attachments.maxBytes) {
              setError(new ApiError(400, { title: '附件过大', detail: `「${file.name}」超过 ${maxMb} MB。` }));
              return Upload.LIST_IGNORE;
            }
            if (files.length >= meta.attachments.maxFiles) return Upload.LIST_IGNORE;
            setFiles((current) => [
              ...current,
              { uid: file.uid, name: file.name, status: 'done', originFileObj: file },
            ]);
            return false;
          }}
          onRemove={(file) => setFiles((current) => current.filter((f) => f.uid !== file.uid))}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖入照片、文件</p>
          <p className="ant-upload-hint">照片中的拍摄位置等信息会在保存前去除</p>
        </Upload.Dragger>
      </Form.Item>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="可以匿名举报。留下姓名和电话便于核实情况和发放举报奖励，仅承办的监管部门可见，依法保密。"
      />
      <Form.Item name="reporterName" label="您的姓名（选填）" rules={[{ max: 30 }]}>
        <Input autoComplete="name" />
      </Form.Item>
      <Form.Item
        name="reporterPhone"
        label="联系电话（选填）"
        rules={[{ pattern: /^1\d{10}$/, message: '请输入 11 位手机号' }]}
      >
        <Input inputMode="tel" autoComplete="tel" maxLength={11} />
      </Form.Item>
      {error && (
        <div style={{ marginBottom: 16 }}>
          <ProblemAlert error={error} />
        </div>
      )}
      <Button type="primary" htmlType="submit" block size="large" loading={busy}>
        提交举报
      </Button>
    </Form>
  );
}

function TrackReport({ initialCode }: { initialCode: string | null }) {
  const [report, setReport] = useState<Tracked | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const lookUp = async (code: string) => {
    setBusy(true);
    setError(null);
    try {
      setReport(await get<Tracked>(`/api/public/reports/${encodeURIComponent(code.trim())}`));
    } catch (err) {
      setReport(null);
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: looks up the code given in the link once, not whenever lookUp is re-created
  useEffect(() => {
    if (initialCode) void lookUp(initialCode);
  }, [initialCode]);

  return (
    <Flex vertical gap={12}>
      <Form
        layout="inline"
        onFinish={(v: { code: string }) => lookUp(v.code)}
        initialValues={{ code: initialCode ?? '' }}
        style={{ flexWrap: 'nowrap' }}
      >
        <Form.Item name="code" rules={[{ required: true, message: '请输入查询码' }]} style={{ flex: 1 }}>
          <Input placeholder="查询码，如 JB7K3M…" autoCapitalize="characters" aria-label="查询码" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          查询
        </Button>
      </Form>
      {error && <ProblemAlert error={error} />}
      {busy && !report && <Spin />}
      {report && (
        <Card size="small" title={<span data-testid="report-status">{report.statusLabel}</span>}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label="查询码">{report.trackingCode}</Descriptions.Item>
            <Descriptions.Item label="类别">{report.categoryLabel}</Descriptions.Item>
            <Descriptions.Item label="事发地点">{report.regionName}</Descriptions.Item>
            <Descriptions.Item label="被举报对象">{report.subjectName}</Descriptions.Item>
            <Descriptions.Item label="承办单位">{report.handlingOrgName}</Descriptions.Item>
            {report.findingLabel && <Descriptions.Item label="核查结论">{report.findingLabel}</Descriptions.Item>}
            {report.publicResult && <Descriptions.Item label="处理结果">{report.publicResult}</Descriptions.Item>}
            {report.rewarded && <Descriptions.Item label="举报奖励">已给予奖励</Descriptions.Item>}
          </Descriptions>
          <Timeline
            style={{ marginTop: 16 }}
            items={report.steps.map((s) => ({
              content: (
                <>
                  <b>{s.label}</b> <Typography.Text type="secondary">{fmtDateTime(s.at)}</Typography.Text>
                  <div>{s.note}</div>
                </>
              ),
            }))}
          />
        </Card>
      )}
    </Flex>
  );
}

export default function ReportPage() {
  const [params, setParams] = useSearchParams();
  const code = params.get('code');
  const [meta, setMeta] = useState<FormMeta | null>(null);
  const [filed, setFiled] = useState<Filed | null>(null);
  const [tab, setTab] = useState(code ? 'track' : 'file');

  useEffect(() => {
    get<FormMeta>('/api/public/reports/form').then(setMeta, () => setMeta(null));
  }, []);

  return (
    <Flex vertical gap={12} style={{ maxWidth: 560, margin: '0 auto', padding: 12 }}>
      <Typography.Title level={4} style={{ textAlign: 'center', margin: '8px 0' }}>
        特种作业违法违规行为举报
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: 0 }}>
        无证上岗、假证、培训考试弄虚作假等行为，均可在此举报；也可拨打 {meta?.hotlines.join(' 或 ') ?? '12350'}。
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        centered
        items={[
          {
            key: 'file',
            label: '我要举报',
            children: filed ? (
              <Result
                status="success"
                title="举报已提交"
                subTitle={`由${filed.handlingOrgName}办理。请保存下面的查询码，凭它查看办理进度和结果；查询码丢失无法找回。`}
                extra={[
                  <Typography.Title
                    key="code"
                    level={3}
                    copyable
                    data-testid="tracking-code"
                    style={{ letterSpacing: 2 }}
                  >
                    {filed.trackingCode}
                  </Typography.Title>,
                  <Button
                    key="track"
                    type="primary"
                    onClick={() => {
                      setParams({ code: filed.trackingCode });
                      setTab('track');
                    }}
                  >
                    查询办理进度
                  </Button>,
                ]}
              />
            ) : meta ? (
              <FileReport meta={meta} onFiled={setFiled} />
            ) : (
              <Spin />
            ),
          },
          { key: 'track', label: '查询进度', children: <TrackReport initialCode={code} /> },
        ]}
      />
    </Flex>
  );
}
