// 立案 (SUP-4): the case form, opened from the cases list (any source) or pre-filled from where the
// case comes from — an inspection finding (its party, facts and photos) or a public report the
// regulator handles — and the case number each source shows once a case is opened from it.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { post } from '../../api';
import { applyFieldErrors, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

export interface Violation {
  code: string;
  party: string;
  title: string;
  legalBasis: string;
  sanctions: string[];
  fine?: { min: number; max: number };
  principalFine?: { min: number; max: number };
  maxSuspendMonths?: number;
}
export interface Catalogue {
  version: string;
  sanctionKinds: Record<string, string>;
  partyKinds: Record<string, string>;
  items: Violation[];
}

/** Where a pre-filled case comes from; for a finding the party is the inspected organisation or site. */
export interface CasePreset {
  source: 'finding' | 'report' | 'door';
  sourceId: string;
  /** What the form shows as the source, e.g. 检查问题：… */
  sourceLabel: string;
  /** A finding's inspection, to learn the party's kind when the caller does not know it. */
  inspectionId?: string;
  partyKind?: string;
  partyName?: string;
  /** A door incident: the parties a case may be against (the site, or the candidate — Order 30 art. 41). */
  partyChoices?: Array<{ kind: string; name: string }>;
  facts?: string;
}

export function NewCaseModal({
  catalogue: given,
  preset,
  onDone,
  onCancel,
}: {
  catalogue?: Catalogue;
  preset?: CasePreset;
  onDone: (c: { id: string; caseNo: string }) => void;
  onCancel: () => void;
}) {
  const [form] = Form.useForm();
  const showProblem = useProblem();
  const fetched = useApi<Catalogue>(given ? null : '/api/violations');
  const catalogue = given ?? fetched.data;
  const inspection = useApi<{ targetKind: string; targetName: string }>(
    preset?.source === 'finding' && !preset.partyKind && preset.inspectionId
      ? `/api/inspections/${preset.inspectionId}`
      : null,
  );
  const watchedSource = Form.useWatch('source', form) as string | undefined;
  const source = preset?.source ?? watchedSource ?? 'manual';
  // A finding fixes the party: the inspected organisation or site (the server derives it too).
  const fixedKind = preset?.source === 'finding' ? (preset.partyKind ?? inspection.data?.targetKind) : undefined;
  const chosenKind = Form.useWatch('partyKind', form) as string | undefined;
  const partyKind = fixedKind ?? chosenKind;
  const derivedParty = source === 'finding' || source === 'door';
  const orgs = useApi<{ items: Array<{ id: string; name: string }> }>(
    !derivedParty && partyKind && partyKind !== 'exam_site' && partyKind !== 'worker'
      ? `/api/organisations?kind=${partyKind}&page=1&pageSize=200`
      : null,
  );
  const sites = useApi<{ items: Array<{ id: string; name: string }> }>(
    !derivedParty && partyKind === 'exam_site' ? '/api/exams/sites' : null,
  );
  const findings = useApi<{ items: Array<{ id: string; description: string; targetName: string }> }>(
    !preset && source === 'finding' ? '/api/findings' : null,
  );
  const reports = useApi<{ items: Array<{ id: string; subjectName: string; categoryLabel: string }> }>(
    !preset && source === 'report' ? '/api/public-reports?page=1&pageSize=100&mine=true' : null,
  );
  const parties = (partyKind === 'exam_site' ? sites.data?.items : orgs.data?.items) ?? [];
  const [busy, setBusy] = useState(false);
  const submit = async (v: Record<string, string>) => {
    setBusy(true);
    try {
      const body = Object.fromEntries(
        Object.entries({
          source: preset?.source ?? v.source,
          sourceId: preset?.sourceId ?? v.sourceId,
          partyKind: fixedKind ? undefined : v.partyKind,
          partyId: v.partyId,
          violationCode: v.violationCode,
          facts: v.facts,
          principalName: v.principalName,
        }).filter(([, x]) => x),
      );
      onDone(await post<{ id: string; caseNo: string }>('/api/cases', body));
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={720}
      title="立案"
      okText="立案"
      cancelText="取消"
      confirmLoading={busy}
      okButtonProps={{ disabled: !catalogue }}
      onOk={() => form.submit()}
      onCancel={onCancel}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ source: 'manual', facts: preset?.facts }}>
        {preset ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message={preset.sourceLabel}
            description={
              preset.source === 'finding'
                ? '检查问题及其现场照片将作为证据附入案卷。'
                : preset.source === 'door'
                  ? '入场核验记录（比对结果、考务人员决定）将作为证据附入案卷。'
                  : '举报（含附件）将作为证据附入案卷。'
            }
          />
        ) : (
          <Form.Item name="source" label="案件来源">
            <Select
              onChange={() => form.setFieldsValue({ sourceId: undefined })}
              options={[
                { value: 'manual', label: '直接立案' },
                { value: 'finding', label: '检查发现的问题' },
                { value: 'report', label: '群众举报（本单位承办）' },
              ]}
            />
          </Form.Item>
        )}
        {!preset && source === 'finding' && (
          <Form.Item name="sourceId" label="检查问题" rules={[{ required: true, message: '请选择检查问题' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={(findings.data?.items ?? []).map((f) => ({
                value: f.id,
                label: `${f.targetName}：${f.description}`,
              }))}
            />
          </Form.Item>
        )}
        {!preset && source === 'report' && (
          <Form.Item name="sourceId" label="举报" rules={[{ required: true, message: '请选择举报' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={(reports.data?.items ?? []).map((r) => ({
                value: r.id,
                label: `${r.categoryLabel}：${r.subjectName}`,
              }))}
            />
          </Form.Item>
        )}
        {preset?.partyChoices ? (
          <Form.Item name="partyKind" label="当事方" rules={[{ required: true, message: '请选择当事方' }]}>
            <Select
              options={preset.partyChoices.map((c) => ({
                value: c.kind,
                label: `${c.name}（${catalogue?.partyKinds[c.kind] ?? ''}）`,
              }))}
              onChange={() => form.setFieldsValue({ violationCode: undefined })}
            />
          </Form.Item>
        ) : fixedKind ? (
          <Form.Item label="当事单位">
            {preset?.partyName ?? inspection.data?.targetName} <Tag>{catalogue?.partyKinds[fixedKind]}</Tag>
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="partyKind"
              label="当事单位类型"
              rules={[{ required: source !== 'finding', message: '请选择' }]}
              extra={source === 'finding' ? '由检查问题确定当事单位' : undefined}
            >
              <Select
                allowClear
                options={Object.entries(catalogue?.partyKinds ?? {}).map(([value, label]) => ({ value, label }))}
                onChange={() => form.setFieldsValue({ partyId: undefined, violationCode: undefined })}
              />
            </Form.Item>
            {!derivedParty && (
              <Form.Item name="partyId" label="当事单位" rules={[{ required: true, message: '请选择当事单位' }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={parties.map((p) => ({ value: p.id, label: p.name }))}
                />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item
          name="violationCode"
          label="违法行为（目录）"
          rules={[{ required: true, message: '请选择违法行为' }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={(catalogue?.items ?? [])
              .filter((v) => !partyKind || v.party === partyKind)
              .map((v) => ({ value: v.code, label: `${v.code} ${v.title}` }))}
          />
        </Form.Item>
        {partyKind === 'employer' && (
          <Form.Item name="principalName" label="主要负责人（一案双罚）" rules={[{ max: 30 }]}>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="facts" label="违法事实" rules={[{ required: true, message: '请写明违法事实' }, { max: 5000 }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export interface SourceCaseRow {
  id: string;
  caseNo: string;
  sourceRef: string | null;
  statusLabel: string;
}

/** The cases opened from one kind of source, by the source's id (one case per source, SUP-4). */
export function useSourceCases(source: 'finding' | 'report', sourceRef?: string) {
  const { data, reload } = useApi<{ items: SourceCaseRow[] }>(
    `/api/cases?source=${source}${sourceRef ? `&sourceRef=${sourceRef}` : ''}`,
  );
  const bySource = new Map((data?.items ?? []).map((c) => [c.sourceRef ?? '', c]));
  return { bySource, reload };
}

/** The case opened from a source as a link, or a 立案 button opening the pre-filled form. */
export function SourceCase({
  existing,
  preset,
  onOpened,
}: {
  existing: SourceCaseRow | undefined;
  preset: CasePreset;
  onOpened: () => void;
}) {
  const [opening, setOpening] = useState(false);
  const { message } = App.useApp();
  if (existing)
    return (
      <Link to={`/supervision/cases/${existing.id}`} onClick={(e) => e.stopPropagation()}>
        {existing.caseNo}
      </Link>
    );
  return (
    <>
      <Button
        size="small"
        onClick={(e) => {
          e.stopPropagation();
          setOpening(true);
        }}
      >
        立案
      </Button>
      {opening && (
        <NewCaseModal
          preset={preset}
          onCancel={() => setOpening(false)}
          onDone={(c) => {
            setOpening(false);
            message.success(`已立案：${c.caseNo}`);
            onOpened();
          }}
        />
      )}
    </>
  );
}

/** A finding's case form: its facts and legal basis pre-filled, its party the inspected organisation or site. */
export function findingPreset(f: {
  id: string;
  inspectionId: string;
  targetName: string;
  description: string;
  legalBasis: string;
}): CasePreset {
  return {
    source: 'finding',
    sourceId: f.id,
    inspectionId: f.inspectionId,
    partyName: f.targetName,
    sourceLabel: `检查问题：${f.targetName}——${f.description}`,
    facts: `经现场检查发现：${f.description}（依据：${f.legalBasis}）。`,
  };
}
