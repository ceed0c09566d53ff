// The parts of a worker's record: personal data, linked organisations, health declaration.
import type { ReactNode } from 'react';
import { Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import type { WorkerDetail, WorkerLink } from '../types';
import { fmtDate, fmtDateTime } from './format';
import { DISQUALIFYING_CONDITIONS, HEALTH_INSTITUTION_LEVELS, labelOf } from './labels';
import MaskedValue from './MaskedValue';

export function PersonalCard({ worker }: { worker: WorkerDetail }) {
  const reveal = { workerId: worker.id, canReveal: worker.canReveal };
  return (
    <Card
      title={
        <Space>
          <Typography.Text strong style={{ fontSize: 18 }}>
            {worker.name}
          </Typography.Text>
          <Tag>{worker.genderLabel}</Tag>
          <Tag>{worker.age} 岁</Tag>
        </Space>
      }
    >
      <Descriptions
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          {
            key: 'idNumber',
            label: '身份证号',
            children: <MaskedValue {...reveal} field="idNumber" masked={worker.idNumber} />,
          },
          { key: 'phone', label: '手机号', children: <MaskedValue {...reveal} field="phone" masked={worker.phone} /> },
          { key: 'birthDate', label: '出生日期', children: fmtDate(worker.birthDate) },
          { key: 'education', label: '学历', children: worker.educationLabel },
          { key: 'region', label: '所在地区', children: worker.regionName },
          { key: 'household', label: '户籍地区划代码', children: worker.householdRegionCode },
          { key: 'retirementAge', label: '原法定退休年龄', children: `${worker.originalRetirementAge} 周岁` },
          { key: 'retirementDate', label: '法定退休日期', children: fmtDate(worker.retirementDate) },
          { key: 'registeredAt', label: '登记时间', children: fmtDateTime(worker.registeredAt) },
        ]}
      />
    </Card>
  );
}

const nowrap = (text: string) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;

export function LinksCard({ links }: { links: WorkerLink[] }) {
  return (
    <Card title="关联机构">
      <Table<WorkerLink>
        size="small"
        rowKey={(l) => `${l.orgId}:${l.relation}:${l.since}`}
        pagination={false}
        dataSource={links}
        locale={{ emptyText: '暂无关联机构' }}
        columns={[
          {
            title: '机构',
            dataIndex: 'orgName',
            render: (name: string, l) => (
              <>
                {name} <Tag>{l.orgKindLabel}</Tag>
              </>
            ),
          },
          { title: '关系', dataIndex: 'relationLabel', render: nowrap },
          {
            title: '期间',
            key: 'period',
            render: (_, l) => nowrap(`${fmtDate(l.since)} 至 ${l.until ? fmtDate(l.until) : '今'}`),
          },
        ]}
      />
    </Card>
  );
}

export function HealthCard({ worker, extra }: { worker: WorkerDetail; extra?: ReactNode }) {
  const health = worker.health;
  return (
    <Card title="体检证明" extra={extra}>
      {health ? (
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'issuedAt', label: '出具日期', children: fmtDate(health.issuedAt) },
            {
              key: 'institution',
              label: '医疗机构',
              children: `${health.institutionName}（${labelOf(HEALTH_INSTITUTION_LEVELS, health.institutionLevel)}）`,
            },
            {
              key: 'conditions',
              label: '不适宜疾病',
              children:
                health.disqualifyingConditions.length === 0 ? (
                  <Tag color="green">未见不适宜从事特种作业的疾病</Tag>
                ) : (
                  health.disqualifyingConditions.map((c) => (
                    <Tag key={c} color="red">
                      {labelOf(DISQUALIFYING_CONDITIONS, c)}
                    </Tag>
                  ))
                ),
            },
          ]}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未登记体检证明" />
      )}
    </Card>
  );
}
