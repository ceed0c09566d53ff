// Search workers by 姓名 / 身份证号 / 手机号 and region; the state lives in the URL so 返回 restores it.
// With `onPick` the table is a picker (e.g. enrolling trainees from the registry): its state stays
// local and a row offers the pick action instead of opening the person's page.
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Flex, Input, Table, Typography } from 'antd';
import { query } from '../api';
import type { Page, WorkerSummary } from '../types';
import { fmtDateTime } from './format';
import { ProblemAlert } from './problem';
import RegionCascader from './RegionCascader';
import { useApi } from './useApi';

const PAGE_SIZE = 20;

export default function WorkerSearchTable({
  onPick,
  pickLabel = '选择',
}: {
  onPick?: (w: WorkerSummary) => void;
  pickLabel?: string;
} = {}) {
  const navigate = useNavigate();
  const [urlParams, setUrlParams] = useSearchParams();
  const [localParams, setLocalParams] = useState(() => new URLSearchParams());
  const params = onPick ? localParams : urlParams;
  const setParams = onPick ? setLocalParams : setUrlParams;
  const q = params.get('q') ?? '';
  const region = params.get('region')?.split(',') ?? [];
  const page = Number(params.get('page') ?? 1);
  const [text, setText] = useState(q);
  // The box follows the URL when the URL changes (返回, a link), adjusted during render: an effect
  // would also run after mount and could wipe what was typed before it ran.
  const [shownQ, setShownQ] = useState(q);
  if (q !== shownQ) {
    setShownQ(q);
    setText(q);
  }

  const path = `/api/workers${query({ q, regionCode: region.at(-1), page, pageSize: PAGE_SIZE })}`;
  const { data, error, loading } = useApi<Page<WorkerSummary>>(path);

  function update(patch: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries({ page: undefined, ...patch })) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  }

  return (
    <Flex vertical gap={16}>
      <Flex gap={12} wrap>
        <Input.Search
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => update({ q: v.trim() })}
          placeholder="姓名 / 身份证号 / 手机号"
          enterButton="查询"
          allowClear
          maxLength={50}
          style={{ width: 380 }}
        />
        <RegionCascader
          value={region}
          onChange={(codes) => update({ region: codes.join(',') })}
          changeOnSelect
          placeholder="所在地区"
          style={{ width: 280 }}
        />
      </Flex>
      {error && <ProblemAlert error={error} />}
      <Table<WorkerSummary>
        rowKey="id"
        loading={loading}
        dataSource={data?.items}
        locale={{ emptyText: '未找到符合条件的人员' }}
        onRow={(w) => (onPick ? {} : { onClick: () => navigate(`/workers/${w.id}`), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 人`,
          onChange: (p) => update({ page: String(p) }),
        }}
        columns={[
          {
            title: '姓名',
            dataIndex: 'name',
            render: (name: string, w) => (
              <Link to={`/workers/${w.id}`} onClick={(e) => e.stopPropagation()}>
                {name}
              </Link>
            ),
          },
          { title: '性别', dataIndex: 'genderLabel', width: 70 },
          {
            title: '身份证号',
            dataIndex: 'idNumber',
            render: (id: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{id}</Typography.Text>,
          },
          { title: '年龄', dataIndex: 'age', width: 70 },
          { title: '学历', dataIndex: 'educationLabel' },
          { title: '所在地区', dataIndex: 'regionName' },
          { title: '登记时间', dataIndex: 'registeredAt', render: fmtDateTime },
          ...(onPick
            ? [
                {
                  title: '',
                  key: 'pick',
                  width: 90,
                  render: (_: unknown, w: WorkerSummary) => (
                    <Button size="small" type="primary" onClick={() => onPick(w)}>
                      {pickLabel}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Flex>
  );
}
