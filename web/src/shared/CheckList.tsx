// The checks of an eligibility verdict (REG-3): ✓ or ✗, what was checked, why, and the rule.
import { Flex, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { EligibilityCheck } from '../types';
import { RuleTag } from './problem';

export default function CheckList({ checks }: { checks: EligibilityCheck[] }) {
  return (
    <Flex vertical gap={8}>
      {checks.map((c) => (
        <Flex key={c.code} gap={8} align="baseline">
          {c.passed ? (
            <CheckCircleFilled style={{ color: '#389e0d' }} aria-label="通过" />
          ) : (
            <CloseCircleFilled style={{ color: '#cf1322' }} aria-label="未通过" />
          )}
          <div style={{ flex: 1 }}>
            <Typography.Text strong>{c.label}</Typography.Text>
            <Typography.Text type={c.passed ? 'secondary' : 'danger'} style={{ marginInlineStart: 8 }}>
              {c.message}
            </Typography.Text>
          </div>
          <RuleTag rule={c.rule} />
        </Flex>
      ))}
    </Flex>
  );
}
