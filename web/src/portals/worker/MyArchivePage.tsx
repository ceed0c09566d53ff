// 我的档案: the logged-in worker's own record and lifecycle archive.
import { Result } from 'antd';
import { useSession } from '../../app/auth';
import WorkerDossier from '../../shared/WorkerDossier';

export default function MyArchivePage() {
  const { user } = useSession();
  if (!user.workerId) {
    return (
      <Result status="info" title="您的账户尚未关联人员档案" subTitle="请联系登记您的单位或培训机构核对身份信息。" />
    );
  }
  return <WorkerDossier workerId={user.workerId} />;
}
