// 逢查必考 (SUP-3): the employer's workers who failed a spot exam during an inspection, so it can stop
// them from the operation and arrange retraining.
import { Alert, Card, Flex } from 'antd';
import { ProblemAlert } from '../../shared/problem';
import { SpotExamTable, type SpotExam } from '../../shared/spotExams';
import { useApi } from '../../shared/useApi';

export default function SpotExamFailuresPage() {
  const { data, error } = useApi<{ items: SpotExam[] }>('/api/my-spot-exam-failures');
  if (error) return <ProblemAlert error={error} />;
  if (!data) return null;
  return (
    <Flex vertical gap={12}>
      {data.items.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={`本单位有 ${data.items.length} 人次在监督检查现场抽考中不合格`}
          description="请安排相关人员停止该项作业，重新参加安全技术培训，并做好记录备查。"
        />
      ) : (
        <Alert type="success" showIcon title="本单位暂无现场抽考不合格人员" />
      )}
      <Card size="small" title="现场抽考不合格人员">
        <SpotExamTable items={data.items} />
      </Card>
    </Flex>
  );
}
