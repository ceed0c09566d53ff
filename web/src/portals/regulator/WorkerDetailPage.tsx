// 人员详情 + 全生命周期档案
import { useParams } from 'react-router-dom';
import WorkerDossier from '../../shared/WorkerDossier';

export default function WorkerDetailPage() {
  const { id = '' } = useParams();
  return <WorkerDossier workerId={id} />;
}
