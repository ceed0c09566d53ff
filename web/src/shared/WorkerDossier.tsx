// One worker's record and lifecycle archive; used by 人员详情 and by 我的档案.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Col, Flex, Result, Row } from 'antd';
import { useSession } from '../app/auth';
import type { WorkerDetail } from '../types';
import ArchiveTimeline from './ArchiveTimeline';
import EligibilityCard from './EligibilityCard';
import { FaceSection } from './FaceCards';
import HealthDeclarationButton from './HealthDeclarationButton';
import { ProblemAlert } from './problem';
import { useApi } from './useApi';
import { HealthCard, LinksCard, PersonalCard } from './WorkerInfo';

export default function WorkerDossier({ workerId }: { workerId: string }) {
  const { menu, user } = useSession();
  const navigate = useNavigate();
  const { data: worker, error, reload } = useApi<WorkerDetail>(`/api/workers/${encodeURIComponent(workerId)}`);
  const [archiveVersion, setArchiveVersion] = useState(0);

  if (error?.status === 404) {
    return (
      <Result
        status="404"
        title="未找到该人员，或不在您的管辖范围内"
        extra={<Button onClick={() => navigate(-1)}>返回</Button>}
      />
    );
  }
  if (error) return <ProblemAlert error={error} />;
  if (!worker || worker.id !== workerId) return <Card loading />;

  const onHealthSaved = () => {
    reload();
    setArchiveVersion((v) => v + 1);
  };

  return (
    <Flex vertical gap={16}>
      <PersonalCard worker={worker} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <ArchiveTimeline key={archiveVersion} workerId={worker.id} />
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            <EligibilityCard key={archiveVersion} workerId={worker.id} />
            <HealthCard
              worker={worker}
              extra={
                menu.includes('workers.register') && (
                  <HealthDeclarationButton workerId={worker.id} onSaved={onHealthSaved} />
                )
              }
            />
            <FaceSection
              workerId={worker.id}
              isRegulator={user.org?.kind === 'regulator'}
              onChanged={() => setArchiveVersion((v) => v + 1)}
            />
            <LinksCard links={worker.links} />
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
