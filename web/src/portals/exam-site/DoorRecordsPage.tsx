// 入场核验记录 (EXM-5): candidates without a registered photo held at the door for a named staff
// decision, and every person–certificate mismatch — shown to the exam centre (which decides holds)
// and to the regulator of the area (which may open a case against the site).
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Input, Modal, Radio, Table, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import { post } from '../../api';
import { useSession } from '../../app/auth';
import { NewCaseModal } from '../regulator/NewCaseModal';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Hold {
  id: string;
  bookingId: string;
  date: string;
  itemCode: string;
  siteName: string;
  workerName: string;
  groundLabel: string;
  status: 'held' | 'admitted' | 'refused';
  heldAt: string;
  decidedAt: string | null;
  decidedByName: string | null;
  decisionReason: string | null;
}
interface Incident {
  id: string;
  at: string;
  date: string;
  itemCode: string;
  siteId: string;
  siteName: string;
  workerName: string;
  idNumberMatches: boolean;
  faceOutcome: string;
  staffDecision: { byName: string; reason: string } | null;
  identitySource: { outcome: string; similarity: number | null } | null;
}

const HOLD_STATUS: Record<Hold['status'], { label: string; color: string }> = {
  held: { label: '暂留待决定', color: 'orange' },
  admitted: { label: '准予入场', color: 'green' },
  refused: { label: '不准入场', color: 'red' },
};

function mismatchGround(i: Incident): string {
  if (!i.idNumberMatches) return '身份证号与报名人员不一致';
  if (i.staffDecision) return `考务人员核对不符：${i.staffDecision.reason}（${i.staffDecision.byName}）`;
  if (i.identitySource?.outcome === 'no_match') return '与身份核验源证件照比对不一致';
  return '人脸比对不一致';
}

export default function DoorRecordsPage() {
  const isCentre = useSession().user.org?.kind === 'exam_centre';
  const navigate = useNavigate();
  const { data, error, loading, reload } = useApi<{ holds: Hold[]; incidents: Incident[] }>('/api/exams/door-records');
  const [deciding, setDeciding] = useState<Hold | null>(null);
  const [admit, setAdmit] = useState(true);
  const [reason, setReason] = useState('');
  const [caseFor, setCaseFor] = useState<Incident | null>(null);
  const showProblem = useProblem();
  const { message } = App.useApp();
  const decide = async () => {
    if (!deciding) return;
    try {
      await post(`/api/exams/door-holds/${deciding.id}/decision`, { admit, reason: reason.trim() });
      message.success(admit ? '已准予入场，入场照片作为参照照片' : '已不准入场，记为人证不符');
      setDeciding(null);
      setReason('');
      reload();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Flex vertical gap={16}>
      <Alert
        type="info"
        showIcon
        title="EXM-5：未登记人脸照片的考生，不得仅凭身份证号入场——已配置身份核验源的先比对证件照，否则暂留，由考务人员当面核对后记名决定；准入时的入场照片作为实操考试和制证的参照照片。"
      />
      {error && <ProblemAlert error={error} />}
      <Card title="入场暂留（待人工核验）">
        <Table<Hold>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.holds}
          columns={[
            { title: '考试日期', dataIndex: 'date', width: 100 },
            { title: '考试点', dataIndex: 'siteName' },
            { title: '项目', dataIndex: 'itemCode', width: 60 },
            { title: '考生', dataIndex: 'workerName', width: 90 },
            { title: '暂留原因', dataIndex: 'groundLabel' },
            { title: '暂留时间', dataIndex: 'heldAt', render: fmtDateTime, width: 140 },
            {
              title: '决定',
              render: (_, h) => (
                <>
                  <Tag color={HOLD_STATUS[h.status].color}>{HOLD_STATUS[h.status].label}</Tag>
                  {h.decidedByName && (
                    <div style={{ fontSize: 12 }}>
                      {h.decidedByName} {fmtDateTime(h.decidedAt)}：{h.decisionReason}
                    </div>
                  )}
                </>
              ),
            },
            ...(isCentre
              ? [
                  {
                    title: '操作',
                    width: 90,
                    render: (_: unknown, h: Hold) =>
                      h.status === 'held' && (
                        <Button size="small" type="primary" onClick={() => setDeciding(h)}>
                          作出决定
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card title="人证不符事件">
        <Table<Incident>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.incidents}
          columns={[
            { title: '时间', dataIndex: 'at', render: fmtDateTime, width: 140 },
            { title: '考试点', dataIndex: 'siteName' },
            { title: '项目', dataIndex: 'itemCode', width: 60 },
            { title: '考生（报名人员）', dataIndex: 'workerName', width: 120 },
            { title: '情形', render: (_, i) => mismatchGround(i) },
            ...(isCentre
              ? []
              : [
                  {
                    title: '操作',
                    width: 80,
                    render: (_: unknown, i: Incident) => (
                      <Button size="small" onClick={() => setCaseFor(i)}>
                        立案
                      </Button>
                    ),
                  },
                ]),
          ]}
        />
      </Card>
      <Modal
        open={!!deciding}
        title={deciding ? `对暂留考生 ${deciding.workerName} 作出决定（记名、留痕）` : ''}
        okText="确定"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim().length < 4 }}
        onOk={decide}
        onCancel={() => setDeciding(null)}
      >
        <Flex vertical gap={12}>
          <Radio.Group
            value={admit}
            onChange={(e) => setAdmit(e.target.value)}
            options={[
              { value: true, label: '准予入场（核对证件与本人一致）' },
              { value: false, label: '不准入场（记为人证不符）' },
            ]}
          />
          <Input.TextArea
            rows={3}
            maxLength={300}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="写明核对了什么，如：核对身份证原件与本人相貌一致"
          />
        </Flex>
      </Modal>
      {caseFor && (
        <NewCaseModal
          preset={{
            source: 'door',
            sourceId: caseFor.id,
            sourceLabel: `入场人证不符：${caseFor.siteName}，${fmtDateTime(caseFor.at)}，报名人员 ${caseFor.workerName}（${mismatchGround(caseFor)}）`,
            partyChoices: [
              { kind: 'exam_site', name: caseFor.siteName },
              { kind: 'worker', name: caseFor.workerName },
            ],
            facts: `${fmtDateTime(caseFor.at)}，${caseFor.siteName}（${caseFor.itemCode}）入场核验时发现人证不符：${mismatchGround(caseFor)}。`,
          }}
          onCancel={() => setCaseFor(null)}
          onDone={(c) => {
            setCaseFor(null);
            navigate(`/supervision/cases/${c.id}`);
          }}
        />
      )}
    </Flex>
  );
}
