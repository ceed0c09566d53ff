// The 特种作业目录 (CAT-1), fetched once per page load and shared by every page that needs it.
import { useEffect, useState } from 'react';
import { TreeSelect } from 'antd';
import { get, type ApiError } from '../api';
import type { Category } from '../types';
import { asApiError } from './problem';

let cached: Promise<Category[]> | null = null;

function loadCatalog(): Promise<Category[]> {
  cached ??= get<{ categories: Category[] }>('/api/catalog').then(
    (r) => r.categories,
    (err: unknown) => {
      cached = null;
      throw err;
    },
  );
  return cached;
}

export function useCatalog(): { categories?: Category[]; error?: ApiError } {
  const [state, setState] = useState<{ categories?: Category[]; error?: ApiError }>({});
  useEffect(() => {
    let cancelled = false;
    loadCatalog().then(
      (categories) => !cancelled && setState({ categories }),
      (err: unknown) => !cancelled && setState({ error: asApiError(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return state;
}

interface SelectProps {
  id?: string;
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
}

/** Picks one operation item; categories are headings only. */
export function OperationItemSelect({ id, value, onChange, placeholder = '选择操作项目' }: SelectProps) {
  const { categories } = useCatalog();
  const treeData = categories?.map((c) => ({
    title: `${c.code} ${c.name}`,
    value: `category:${c.code}`,
    selectable: false,
    children: c.items.map((i) => ({ title: `${i.code} ${i.name}`, value: i.code })),
  }));
  return (
    <TreeSelect
      id={id}
      treeData={treeData}
      loading={!categories}
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={placeholder}
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear
      style={{ width: '100%' }}
    />
  );
}
