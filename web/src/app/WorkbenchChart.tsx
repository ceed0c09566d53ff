// Issue 19 item 4: the 工作台's picture of its queues — overdue against on time, one bar per queue.
// Loaded lazily so the queues show before ECharts (its own chunk) arrives.
import ReactECharts from 'echarts-for-react';
import type { Queue } from '@shared/workbench';

export default function WorkbenchChart({ queues }: { queues: Queue[] }) {
  const shown = queues.filter((q) => q.count > 0);
  const labels = shown.map((q) => q.label.replace(/（.*）/, ''));
  return (
    <ReactECharts
      style={{ height: Math.max(120, 40 * shown.length + 50) }}
      notMerge
      option={{
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { data: ['逾期', '未逾期'], bottom: 0 },
        grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 150, overflow: 'truncate' } },
        series: [
          {
            name: '逾期',
            type: 'bar',
            stack: 'n',
            itemStyle: { color: '#cf1322' },
            data: shown.map((q) => q.overdue),
          },
          {
            name: '未逾期',
            type: 'bar',
            stack: 'n',
            itemStyle: { color: '#1d4f91' },
            data: shown.map((q) => q.count - q.overdue),
          },
        ],
      }}
    />
  );
}
