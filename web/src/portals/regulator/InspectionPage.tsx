// 现场检查 (SUP-2) on the inspector's phone: the checklist — for an institution pre-filled with what
// the platform's records say, to be confirmed or corrected on site — findings with photos taken on
// the spot, legal basis, deadline and responsible person, and the end of the inspection. What earlier
// inspections found here is shown too; a 回头看 (SUP-2) checks each of those findings again.
import { useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Tag,
  Typography,
  type UploadFile,
} from 'antd';
import dayjs from 'dayjs';
import { useParams } from 'react-router-dom';
import { post } from '../../api';
import { FindingDetail, PhotoPicker, photosOf, type Finding } from '../../shared/findings';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/useApi';
import SpotExamSection from './SpotExamSection';
import { SourceCase, findingPreset, useSourceCases } from './NewCaseModal';

interface ChecklistItem {
  id: string;
  aspect: string;
  label: string;
  basis: string;
  prefill: { status: string; reason: string } | null;
  result: 'ok' | 'problem' | 'not_applicable' | null;
  note: string | null;
}
interface Inspection {
  id: string;
  purpose: 'full' | 'first_class' | 'random' | 'reinspection';
  purposeLabel: string;
  earlierFindings: Finding[];
  targetName: string;
  targetKind: string;
  targetKindLabel: string;
  regionName: string;
  inspectorName: string;
  status: 'in_progress' | 'completed';
  startedAt: string;
  completedAt: string | null;
  checklist: ChecklistItem[];
  findings: Finding[];
}

const PREFILL: Record<string, { label: string; color: string }> = {
  met: { label: '记录符合', color: 'green' },
  not_met: { label: '记录不符合', color: 'red' },
  no_data: { label: '无记录', color: 'default' },
  declared: { label: '机构申报', color: 'blue' },
};

function FindingForm({
  inspection,
  item,
  onDone,
  onCancel,
}: {
  inspection: Inspection;
  item: ChecklistItem | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [form] = Form.useForm();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const { busy, submit } = useSubmit(
    async (v: { description: string; legalBasis: string; deadline: dayjs.Dayjs; responsiblePerson: string }) =>
      post(`/api/inspections/${inspection.id}/findings`, {
        checklistItemId: item?.id,
        description: v.description,
        legalBasis: v.legalBasis,
        deadline: v.deadline.format('YYYY-MM-DD'),
        responsiblePerson: v.responsiblePerson,
        photos: await photosOf(files),
      }),
    { form, onDone },
  );
  return (
    <Modal
      open
      title="登记问题"
      okText="登记"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onCancel}
      width={520}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          description: item && item.prefill?.status === 'not_met' ? item.prefill.reason : '',
          legalBasis: item?.basis ?? '',
          deadline: dayjs().add(30, 'day'),
        }}
      >
        {item && <Typography.Paragraph type="secondary">检查项：{item.label}</Typography.Paragraph>}
        <Form.Item
          name="description"
          label="问题描述"
          rules={[{ required: true, message: '请描述问题' }, { max: 2000 }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="legalBasis" label="法律依据" rules={[{ required: true, message: '请填写依据' }, { max: 500 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="deadline" label="整改期限" rules={[{ required: true, message: '请选择期限' }]}>
          <DatePicker disabledDate={(d) => !d.isAfter(dayjs(), 'day')} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="responsiblePerson"
          label="整改责任人"
          rules={[{ required: true, message: '请填写责任人' }, { max: 50 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item label="现场照片">
          <PhotoPicker files={files} onChange={setFiles} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function InspectionPage() {
  const { id } = useParams();
  const { data, error, reload } = useApi<Inspection>(`/api/inspections/${id}`);
  const [recording, setRecording] = useState<{ item: ChecklistItem | null } | null>(null);
  const showProblem = useProblem();
  const { message } = App.useApp();
  const cases = useSourceCases('finding');
  if (error) return <ProblemAlert error={error} />;
  if (!data) return null;
  const open = data.status === 'in_progress';
  const check = (item: ChecklistItem, result: ChecklistItem['result']) =>
    post(`/api/inspections/${data.id}/checklist/${encodeURIComponent(item.id)}`, { result }).then(() => {
      reload();
      if (
        result === 'problem' &&
        !data.findings.some(
          (f) => f.description && item.id === (f as Finding & { checklistItemId?: string }).checklistItemId,
        )
      )
        setRecording({ item });
    }, showProblem);
  const complete = () =>
    post(`/api/inspections/${data.id}/complete`).then(() => {
      message.success('检查已结束，问题已交付整改');
      reload();
    }, showProblem);
  const aspects = [...new Set(data.checklist.map((c) => c.aspect))];
  const done = data.checklist.filter((c) => c.result !== null).length;
  return (
    <Flex vertical gap={12} style={{ maxWidth: 640 }}>
      <Card size="small">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {data.targetName}
        </Typography.Title>
        <Typography.Text type="secondary">
          {data.targetKindLabel} · {data.regionName} · {data.inspectorName} · {fmtDateTime(data.startedAt)}
        </Typography.Text>
        <div>
          <Tag
            color={
              data.purpose === 'reinspection'
                ? 'volcano'
                : data.purpose === 'first_class'
                  ? 'cyan'
                  : data.purpose === 'random'
                    ? 'purple'
                    : 'blue'
            }
          >
            {data.purposeLabel}
          </Tag>
          <Tag color={open ? 'orange' : 'green'}>{open ? `检查中（${done}/${data.checklist.length}）` : '已结束'}</Tag>
        </div>
      </Card>
      {data.earlierFindings.length > 0 && (
        <Card
          size="small"
          title={
            data.purpose === 'reinspection'
              ? `回头看：以往检查发现的问题（${data.earlierFindings.length}）`
              : `以往检查发现的问题（${data.earlierFindings.length}）`
          }
          extra={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              近 12 个月及尚未闭环
            </Typography.Text>
          }
        >
          {data.purpose === 'reinspection' && (
            <Typography.Paragraph type="secondary">
              请逐项复查以下问题的整改情况，结果记入检查表“回头看：以往问题整改情况”。
            </Typography.Paragraph>
          )}
          <Flex vertical gap={16}>
            {data.earlierFindings.map((f) => (
              <div key={f.id}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmtDateTime(f.createdAt)} 发现
                </Typography.Text>
                <FindingDetail finding={f} />
              </div>
            ))}
          </Flex>
        </Card>
      )}
      {aspects.map((aspect) => (
        <Card key={aspect} size="small" title={aspect}>
          <Flex vertical gap={12}>
            {data.checklist
              .filter((c) => c.aspect === aspect)
              .map((c) => (
                <div key={c.id} data-testid={`item-${c.id}`}>
                  <Typography.Text>{c.label}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.basis}
                    </Typography.Text>
                    {c.prefill && (
                      <Tag color={PREFILL[c.prefill.status]?.color} style={{ marginLeft: 8 }} title={c.prefill.reason}>
                        {PREFILL[c.prefill.status]?.label}：{c.prefill.reason}
                      </Tag>
                    )}
                  </div>
                  <Radio.Group
                    size="small"
                    value={c.result}
                    disabled={!open}
                    onChange={(e) => check(c, e.target.value)}
                    style={{ marginTop: 4 }}
                    options={[
                      { value: 'ok', label: '符合' },
                      { value: 'problem', label: '有问题' },
                      { value: 'not_applicable', label: '不适用' },
                    ]}
                    optionType="button"
                  />
                </div>
              ))}
          </Flex>
        </Card>
      ))}
      <Card
        size="small"
        title={`检查问题（${data.findings.length}）`}
        extra={
          open && (
            <Button size="small" onClick={() => setRecording({ item: null })}>
              登记其他问题
            </Button>
          )
        }
      >
        <Flex vertical gap={16}>
          {data.findings.map((f) => (
            <Flex key={f.id} vertical gap={8} data-testid={`finding-${f.id}`}>
              <FindingDetail finding={f} />
              <Space>
                立案：
                <SourceCase
                  existing={cases.bySource.get(f.id)}
                  preset={{ ...findingPreset(f), partyKind: data.targetKind, partyName: data.targetName }}
                  onOpened={cases.reload}
                />
              </Space>
            </Flex>
          ))}
        </Flex>
      </Card>
      <SpotExamSection inspectionId={data.id} open={open} />
      {open && (
        <Space>
          <Button type="primary" size="large" onClick={complete}>
            结束检查
          </Button>
        </Space>
      )}
      {recording && (
        <FindingForm
          inspection={data}
          item={recording.item}
          onCancel={() => setRecording(null)}
          onDone={() => {
            setRecording(null);
            message.success('问题已登记');
            reload();
          }}
        />
      )}
    </Flex>
  );
}
