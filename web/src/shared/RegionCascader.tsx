// Province → city → county picker that loads each level from /api/regions when opened (CAT-3).
import { useEffect, useState, type CSSProperties } from 'react';
import { Cascader } from 'antd';
import { get, query } from '../api';
import type { Region } from '../types';
import { useProblem } from './problem';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

interface Props {
  /** Set by Form.Item so that its label points at this input. */
  id?: string;
  /** Codes from province down, as antd Form fields hold them. */
  value?: string[];
  onChange?: (value: string[]) => void;
  /** Allow stopping at a province or city (filters); otherwise a county must be chosen. */
  changeOnSelect?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  /** Start below this region (e.g. the platform's province); the value then starts at its children. */
  root?: string;
}

const toOption = (r: Region): Option => ({ value: r.code, label: r.name, isLeaf: !r.hasChildren });

async function fetchLevel(parent?: string): Promise<Option[]> {
  const { items } = await get<{ items: Region[] }>(`/api/regions${query({ parent })}`);
  return items.map(toOption);
}

export default function RegionCascader({
  id,
  value,
  onChange,
  changeOnSelect,
  placeholder = '选择地区',
  style,
  root,
}: Props) {
  const [options, setOptions] = useState<Option[]>([]);
  const showProblem = useProblem();
  const initialPath = value?.slice(0, -1).join(',') ?? '';

  // Load the provinces, and the levels along the initial value so that it shows names, not codes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the initial path is loaded once per root; later value changes come from the cascader itself
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const roots = await fetchLevel(root);
      let level = roots;
      for (const code of initialPath.split(',').filter(Boolean)) {
        const option = level.find((o) => o.value === code);
        if (!option || option.isLeaf) break;
        option.children = await fetchLevel(code);
        level = option.children;
      }
      if (!cancelled) setOptions(roots);
    })().catch(showProblem);
    return () => {
      cancelled = true;
    };
    // Only the value at mount matters: later levels are loaded by loadData as the user opens them.
  }, [showProblem, root]);

  async function loadData(selected: Option[]) {
    const target = selected[selected.length - 1];
    try {
      target.children = await fetchLevel(target.value);
      setOptions((current) => [...current]);
    } catch (err) {
      showProblem(err);
    }
  }

  return (
    <Cascader<Option>
      id={id}
      options={options}
      value={value}
      onChange={(v) => onChange?.((v ?? []) as string[])}
      loadData={loadData}
      changeOnSelect={changeOnSelect}
      placeholder={placeholder}
      style={style}
      allowClear
    />
  );
}
