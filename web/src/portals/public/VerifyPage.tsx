// 证书核验 (CER-3): public, no login, phone-sized. By number and name, or by the QR code's token,
// which is also checked in the browser against the published keys and the cached status list. A QR
// code that holds a short link (/v/<code>, for credentials too long to scan) fetches the token by its
// code first, then checks it the same way: the signature is still verified here, not taken on trust.
import type { VerifyAnswer } from '@shared/certificates';
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Result, Spin, Tag, Typography } from 'antd';
import { useParams, useSearchParams } from 'react-router-dom';
import { ApiError, get, post, query } from '../../api';
import { STATUS_COLORS, STATUS_LABELS, type CertStatus } from '../../shared/certificates';
import { maskName, verifyOffline, type OfflineResult } from '../../shared/offlineVerify';

/** The public verification answer (CER-3), as the server declares it. */
type Answer = VerifyAnswer;

function NationalSource({ n }: { n: NonNullable<Answer['national']> }) {
  const at = n.answeredAt ? new Date(n.answeredAt).toLocaleString('zh-CN') : null;
  if (n.outcome === 'unavailable')
    return (
      <Alert
        data-testid="verify-national"
        type="warning"
        showIcon
        title={`本平台未查到，${n.sourceName}暂时无法应答`}
        description="该证书可能由外省或本平台启用前签发，请稍后再查，或向发证机关核实。"
      />
    );
  return (
    <Alert
      data-testid="verify-national"
      type={n.outcome === 'found' ? 'info' : 'warning'}
      showIcon
      title={n.outcome === 'found' ? `来源：${n.sourceName}（非本平台签发）` : `本平台与${n.sourceName}均未查到`}
      description={`${n.sourceName}应答时间：${at ?? '—'}${n.cached ? '（缓存结果）' : ''}${n.stale ? '，该平台暂不可用，结果可能已过时' : ''}`}
    />
  );
}

const RESULT_STATUS: Record<CertStatus, 'success' | 'warning' | 'error' | 'info'> = {
  valid: 'success',
  expired: 'warning',
  review_overdue: 'warning',
  revoked: 'error',
  not_found: 'error',
};

export default function VerifyPage() {
  const [params] = useSearchParams();
  const { code } = useParams();
  const [linked, setLinked] = useState<string | null>(null);
  const token = params.get('token') ?? linked;
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [offline, setOffline] = useState<OfflineResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!code) return;
    setBusy(true);
    get<{ token: string }>(`/api/public/certificates/links/${encodeURIComponent(code)}`)
      .then(
        (r) => setLinked(r.token),
        (err) => setProblem(err instanceof ApiError ? (err.detail ?? err.title) : '查询失败'),
      )
      .finally(() => setBusy(false));
  }, [code]);

  useEffect(() => {
    if (!token) return;
    setBusy(true);
    Promise.all([
      verifyOffline(token).then(setOffline),
      post<Answer>('/api/public/certificates/verify', { token }).then(setAnswer, (err) =>
        setProblem(err instanceof ApiError ? (err.detail ?? err.title) : null),
      ),
    ]).finally(() => setBusy(false));
  }, [token]);

  const byNumber = async (v: { number: string; name: string }) => {
    setBusy(true);
    setProblem(null);
    setOffline(null);
    try {
      setAnswer(
        await get<Answer>(
          `/api/public/certificates/verify${query({ number: v.number.trim().toUpperCase(), name: v.name.trim() })}`,
        ),
      );
    } catch (err) {
      setAnswer(null);
      setProblem(err instanceof ApiError ? (err.detail ?? err.title) : '查询失败');
    } finally {
      setBusy(false);
    }
  };

  // Online answer first; offline (signature + cached status list) when the server is out of reach.
  const status: CertStatus | null =
    answer?.status ?? (offline?.signature === 'valid' ? offline.status : offline ? 'not_found' : null);
  const shown =
    answer && answer.status !== 'not_found'
      ? answer
      : offline?.subject
        ? {
            number: offline.subject.certificateNumber,
            itemCode: offline.subject.operationItemCode,
            itemName: offline.subject.operationItemName,
            authorityName: offline.issuerName,
            validFrom: offline.validFrom,
            validUntil: offline.validUntil,
            nextReviewDue: offline.subject.nextReviewDue,
            holderName: maskName(offline.subject.name),
            idNumber: offline.subject.idNumberMasked,
          }
        : null;

  return (
    <Flex vertical gap={12} style={{ maxWidth: 520, margin: '0 auto', padding: 12 }}>
      <Typography.Title level={4} style={{ textAlign: 'center', margin: '8px 0' }}>
        特种作业操作证核验
      </Typography.Title>
      {busy && <Spin />}
      {status && (
        <Card
          data-testid="verify-result"
          styles={{ body: { padding: 12 } }}
          style={{ borderColor: STATUS_COLORS[status] }}
        >
          <Result
            status={RESULT_STATUS[status]}
            title={
              <span data-testid="verify-status" style={{ fontSize: 32 }}>
                {STATUS_LABELS[status]}
              </span>
            }
            style={{ padding: 8 }}
            subTitle={
              status === 'not_found'
                ? '未查到该证书：请核对证号和姓名。如为现场发现的可疑证件，请向当地应急管理部门报告。'
                : undefined
            }
          />
          {answer?.national && <NationalSource n={answer.national} />}
          {shown && (
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="证号">{shown.number}</Descriptions.Item>
              <Descriptions.Item label="姓名">{shown.holderName}</Descriptions.Item>
              <Descriptions.Item label="身份证号">{shown.idNumber}</Descriptions.Item>
              <Descriptions.Item label="作业项目">
                {shown.itemCode} {shown.itemName}
              </Descriptions.Item>
              <Descriptions.Item label="发证机关">
                {shown.authorityName}
                {'originLabel' in shown && shown.origin !== 'native' && shown.originLabel && (
                  <Tag color="blue" style={{ marginLeft: 8 }}>
                    {shown.originLabel}
                  </Tag>
                )}
              </Descriptions.Item>
              <Descriptions.Item label="有效期">
                {shown.validFrom} 至 {shown.validUntil}
              </Descriptions.Item>
              <Descriptions.Item label="应复审日期">{shown.nextReviewDue ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="数据来源">
                {answer?.national?.outcome === 'found' ? answer.national.sourceName : '本平台'}
              </Descriptions.Item>
            </Descriptions>
          )}
        </Card>
      )}
      {offline && (
        <Alert
          type={offline.signature === 'valid' ? 'success' : 'error'}
          showIcon
          title={
            offline.signature === 'valid'
              ? `电子签名有效（已用发证机关公钥在本机验证，${offline.algorithm === 'SM2' ? 'SM2 国密算法' : 'Ed25519'}）`
              : offline.signature === 'no_keys'
                ? '无法取得公钥，未能离线验证签名'
                : '电子签名无效：证书可能被篡改'
          }
          description={
            [
              offline.keysCachedAt && `离线模式：公钥缓存于 ${new Date(offline.keysCachedAt).toLocaleString('zh-CN')}`,
              offline.listChecked
                ? offline.listCachedAt
                  ? `撤销状态列表缓存于 ${new Date(offline.listCachedAt).toLocaleString('zh-CN')}`
                  : '撤销状态列表已实时核对'
                : offline.signature === 'valid' && '未能核对撤销状态列表',
            ]
              .filter(Boolean)
              .join('；') || undefined
          }
        />
      )}
      {problem && <Alert type="error" showIcon title={problem} />}
      <Card title="按证号和姓名查询" size="small">
        <Form layout="vertical" onFinish={byNumber}>
          <Form.Item name="number" label="证号" rules={[{ required: true, message: '请输入证号' }, { max: 40 }]}>
            <Input placeholder="T + 18 位身份证号" inputMode="text" autoCapitalize="characters" />
          </Form.Item>
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请输入持证人姓名' }, { max: 40 }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large">
            查询
          </Button>
        </Form>
      </Card>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
        扫描证书上的二维码即可核验；电子证书与实体证书具有同等法律效力。
      </Typography.Paragraph>
    </Flex>
  );
}
