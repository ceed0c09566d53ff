// 我的档案: the logged-in worker's own record and lifecycle archive.
import { useState } from 'react';
import { Button, Card, Descriptions, Result } from 'antd';
import { post } from '../../api';
import { useSession } from '../../app/auth';
import { useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';
import WorkerDossier from '../../shared/WorkerDossier';
import { readAsBase64 } from '../public/PhoneVerify';

interface Identity {
  identity: string;
  name: string;
  idNumberMasked: string | null;
  regionName: string | null;
}

/**
 * Issue 22: an account opened by sign-up whose face could not be checked yet reaches no archive;
 * it can retry the face check once a photo exists (enrolment, an exam door) to compare with.
 */
function IdentityPending() {
  const { data } = useApi<Identity>('/api/onboarding/me');
  const [busy, setBusy] = useState(false);
  const showProblem = useProblem();
  if (!data) return <Card loading />;
  if (!data.idNumberMasked)
    return (
      <Result status="info" title="您的账户尚未关联人员档案" subTitle="请联系登记您的单位或培训机构核对身份信息。" />
    );
  async function verify(file: File) {
    setBusy(true);
    try {
      await post('/api/onboarding/me/face', { photo: await readAsBase64(file) });
      window.location.reload();
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title="实名核验待完成">
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label="姓名">{data.name}</Descriptions.Item>
        <Descriptions.Item label="身份证号">{data.idNumberMasked}</Descriptions.Item>
        <Descriptions.Item label="所在地区">{data.regionName}</Descriptions.Item>
      </Descriptions>
      <p>核验通过前，档案、证书等个人信息不予显示。平台有您的证件照或登记照片后，可拍照完成核验。</p>
      <Button type="primary" loading={busy} onClick={() => document.getElementById('identity-photo')?.click()}>
        拍照核验
      </Button>
      <input
        id="identity-photo"
        type="file"
        accept="image/jpeg,image/png"
        capture="user"
        hidden
        onChange={(e) => e.target.files?.[0] && verify(e.target.files[0])}
      />
    </Card>
  );
}

export default function MyArchivePage() {
  const { user } = useSession();
  if (!user.workerId) return <IdentityPending />;
  return <WorkerDossier workerId={user.workerId} />;
}
