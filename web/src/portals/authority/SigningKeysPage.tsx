// 签名密钥 (CER-1, CER-3): the issuing authority's Ed25519 keys (SM2 under the national-cryptography profile). Rotating retires the signing key and
// makes a new one; the retired key stays in the published JWKS, so certificates it signed still verify.
import { Alert, App, Button, Card, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { post } from '../../api';
import { fmtDateTime } from '../../shared/format';
import { ProblemAlert, RuleTag, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface SigningKey {
  kid: string;
  algorithm: 'Ed25519' | 'SM2';
  createdAt: string;
  retiredAt: string | null;
  active: boolean;
  certificates: number;
}

export default function SigningKeysPage() {
  const keys = useApi<{ items: SigningKey[]; jwksUrl: string }>('/api/certificates/keys');
  const { message } = App.useApp();
  const showProblem = useProblem();
  const rotate = async () => {
    try {
      await post('/api/certificates/keys/rotate');
      message.success('已轮换签名密钥：新证书使用新密钥签发，已发证书仍可验证');
      keys.reload();
    } catch (err) {
      showProblem(err);
    }
  };
  return (
    <Flex vertical gap={16}>
      <Alert
        type="info"
        showIcon
        title={
          <>
            电子证书签名密钥 <RuleTag rule="CER-3" />
          </>
        }
        description={
          <>
            轮换后，新签发、复审和补发的电子证书使用新密钥签名；旧密钥停止签名，但继续在{' '}
            <Typography.Link href="/.well-known/jwks.json" target="_blank">
              公开密钥列表（JWKS）
            </Typography.Link>
            （国密 SM2 密钥见{' '}
            <Typography.Link href="/.well-known/jwks-sm2.json" target="_blank">
              SM2 公钥列表
            </Typography.Link>
            ）中公布，已发证书在线、离线均可验证。密钥可能泄露时请立即轮换。
          </>
        }
      />
      <Card
        title="本机关签名密钥"
        extra={
          <Popconfirm
            title="轮换签名密钥？"
            description="当前密钥将停止签名（仍公布以验证旧证书）。"
            onConfirm={rotate}
          >
            <Button type="primary">轮换密钥</Button>
          </Popconfirm>
        }
      >
        {keys.error && <ProblemAlert error={keys.error} />}
        <Table<SigningKey>
          rowKey="kid"
          size="small"
          loading={keys.loading}
          dataSource={keys.data?.items}
          pagination={false}
          locale={{ emptyText: '尚未签发电子证书（首次发证时自动生成密钥）' }}
          columns={[
            {
              title: '算法',
              dataIndex: 'algorithm',
              render: (v: SigningKey['algorithm']) => <Tag>{v === 'SM2' ? 'SM2（国密）' : 'Ed25519'}</Tag>,
            },
            {
              title: '密钥标识（kid）',
              dataIndex: 'kid',
              render: (v: string) => (
                <Typography.Text code copyable>
                  {v}
                </Typography.Text>
              ),
            },
            {
              title: '状态',
              dataIndex: 'active',
              render: (v: boolean) => (v ? <Tag color="green">签名中</Tag> : <Tag>已停用（仍公布）</Tag>),
            },
            { title: '生成时间', dataIndex: 'createdAt', render: fmtDateTime },
            { title: '停用时间', dataIndex: 'retiredAt', render: (v: string | null) => (v ? fmtDateTime(v) : '—') },
            { title: '当前以此密钥签名的证书', dataIndex: 'certificates', render: (v: number) => `${v} 张` },
          ]}
        />
      </Card>
    </Flex>
  );
}
