// 发证期限与工作日历 (CER-1): the promised number of working days and the calendar they are counted on
// (weekends off; public holidays off and adjusted working weekends on, as the authority records them).
import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { put } from '../../api';
import { ProblemAlert, useProblem } from '../../shared/problem';
import { useApi } from '../../shared/useApi';

interface Day {
  day: string;
  working: boolean;
  note: string;
}
interface Settings {
  deadlineWorkingDays: number;
  calendar: Day[];
}

export default function CalendarPage() {
  const { data, error, reload } = useApi<Settings>('/api/certificates/authority-settings');
  const [days, setDays] = useState<number | null>(null);
  const { message } = App.useApp();
  const showProblem = useProblem();
  const [form] = Form.useForm<{ day: Dayjs; working: boolean; note: string }>();
  useEffect(() => setDays(data?.deadlineWorkingDays ?? null), [data]);

  const saveDays = async () => {
    try {
      await put('/api/certificates/authority-settings', { deadlineWorkingDays: days });
      message.success('已保存承诺期限（对此后产生的发证任务生效）');
      reload();
    } catch (err) {
      showProblem(err);
    }
  };
  const edit = async (entries: Array<{ day: string; working: boolean | null; note?: string }>) => {
    try {
      await put('/api/certificates/calendar', { days: entries });
      reload();
    } catch (err) {
      showProblem(err);
    }
  };

  return (
    <Flex vertical gap={16}>
      {error && <ProblemAlert error={error} />}
      <Card title="发证承诺期限">
        <Space>
          考试合格后
          <InputNumber min={1} max={60} value={days} onChange={(v) => setDays(v)} />
          个工作日内完成制证审批
          <Button type="primary" onClick={saveDays} disabled={!days}>
            保存
          </Button>
        </Space>
      </Card>
      <Card title="工作日历（周六、周日默认休息；在此登记法定节假日与调休上班日）">
        <Form
          form={form}
          layout="inline"
          initialValues={{ working: false }}
          style={{ marginBottom: 16 }}
          onFinish={async (v) => {
            await edit([{ day: v.day.format('YYYY-MM-DD'), working: v.working, note: v.note }]);
            form.resetFields();
          }}
        >
          <Form.Item name="day" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker placeholder="日期" />
          </Form.Item>
          <Form.Item name="working">
            <Select
              style={{ width: 140 }}
              options={[
                { value: false, label: '节假日（休息）' },
                { value: true, label: '调休上班' },
              ]}
            />
          </Form.Item>
          <Form.Item name="note">
            <Input placeholder="说明，如 国庆节" maxLength={40} />
          </Form.Item>
          <Button htmlType="submit" type="primary">
            添加
          </Button>
        </Form>
        <Table<Day>
          rowKey="day"
          size="small"
          dataSource={data?.calendar}
          pagination={{ pageSize: 15 }}
          columns={[
            { title: '日期', dataIndex: 'day' },
            {
              title: '类型',
              dataIndex: 'working',
              render: (w: boolean) => (w ? <Tag color="blue">调休上班</Tag> : <Tag color="red">休息</Tag>),
            },
            { title: '说明', dataIndex: 'note' },
            {
              title: '',
              key: 'x',
              render: (_: unknown, d) => (
                <Popconfirm title="删除这一天的设置？" onConfirm={() => edit([{ day: d.day, working: null }])}>
                  <Button size="small" type="link" danger>
                    删除
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
