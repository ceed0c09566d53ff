// 报考条件核验: pick an operation item, the server checks age, education and health (REG-3).
import { useState } from 'react';
import { Alert, Card, Flex, Spin } from 'antd';
import { query } from '../api';
import type { Eligibility } from '../types';
import { OperationItemSelect } from './catalog';
import CheckList from './CheckList';
import { ProblemAlert, RuleTag } from './problem';
import { useApi } from './useApi';

export default function EligibilityCard({ workerId }: { workerId: string }) {
  const [item, setItem] = useState<string>();
  const path = item ? `/api/workers/${encodeURIComponent(workerId)}/eligibility${query({ item })}` : null;
  const { data, error, loading } = useApi<Eligibility>(path);
  const result = item && data?.item.code === item ? data : undefined;

  return (
    <Card title="报考条件核验" extra={<RuleTag rule="REG-3" />}>
      <Flex vertical gap={16}>
        <OperationItemSelect value={item} onChange={setItem} placeholder="选择拟报考的操作项目" />
        {loading && <Spin />}
        {item && error && <ProblemAlert error={error} />}
        {result && (
          <>
            <Alert
              type={result.eligible ? 'success' : 'error'}
              showIcon
              title={`${result.eligible ? '符合' : '不符合'}「${result.item.code} ${result.item.name}」的报考条件`}
            />
            <CheckList checks={result.checks} />
          </>
        )}
      </Flex>
    </Card>
  );
}
